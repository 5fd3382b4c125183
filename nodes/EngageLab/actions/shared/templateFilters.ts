/**
 * The Filters of Templates → Get Many (docs/messaging/read-api.md §6): each one an entry of the
 * operation's Filters collection, checked before anything is sent, then either sent as a query
 * parameter (Email, WhatsApp: the API filters) or compared with each template here (SMS, OTP:
 * their list takes no filter, so it is cut after the whole list arrives, before Limit).
 */
import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { Checked } from '../../validation/checked';

type FilterValue = string | number;

export interface TemplateFilter {
	/** The entry in the Filters collection. */
	field: INodeProperties;
	/** The value to filter on, canonical; undefined when the entry is unset or empty. */
	read(raw: unknown): Checked<FilterValue | undefined>;
	/** Where it applies: a query parameter EngageLab filters on, or a template field compared here. */
	where: { query: string } | { templateField: string };
}

const unset = (raw: unknown): boolean => raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '');
const UNSET: Checked<undefined> = { ok: true, value: undefined };

/** Free text sent as is (trimmed): a name, an invoke name. */
export function textFilter(field: Omit<INodeProperties, 'type' | 'default'>, query: string): TemplateFilter {
	return {
		field: { ...field, type: 'string', default: '' },
		where: { query },
		read: (raw) => {
			if (unset(raw)) return UNSET;
			if (typeof raw !== 'string' && typeof raw !== 'number') return { ok: false, problem: `${field.displayName} is not text (an expression gave ${Array.isArray(raw) ? 'a list' : typeof raw})` };
			return { ok: true, value: String(raw).trim() };
		},
	};
}

/** Free text that must match a pattern (a language code). */
export function patternFilter(field: Omit<INodeProperties, 'type' | 'default'>, query: string, pattern: RegExp, expected: string): TemplateFilter {
	const text = textFilter(field, query);
	return {
		...text,
		read: (raw) => {
			const checked = text.read(raw);
			if (!checked.ok || checked.value === undefined || pattern.test(String(checked.value))) return checked;
			return { ok: false, problem: `${field.displayName} "${String(checked.value).slice(0, 40)}" is not ${expected}` };
		},
	};
}

/**
 * One of a set of values, offered as options. `alsoAccepted` are values the API may know beyond
 * the documented options (typed through an expression). Text values are matched case-insensitively.
 */
export function choiceFilter(
	field: Omit<INodeProperties, 'type' | 'default' | 'options'>,
	options: Array<INodePropertyOptions & { value: FilterValue }>,
	where: TemplateFilter['where'],
	alsoAccepted: readonly FilterValue[] = [],
): TemplateFilter {
	const allowed = [...options.map((o) => o.value), ...alsoAccepted];
	const named = options.map((o) => (typeof o.value === 'number' ? `${o.value} (${o.name})` : o.value)).concat(alsoAccepted.map(String));
	return {
		field: { ...field, type: 'options', options, default: options[0].value },
		where,
		read: (raw) => {
			if (unset(raw)) return UNSET;
			const text = String(raw).trim().toUpperCase();
			const found = allowed.find((v) => String(v).toUpperCase() === text);
			if (found !== undefined && (typeof raw === 'string' || typeof raw === 'number')) return { ok: true, value: found };
			return { ok: false, problem: `${field.displayName} "${String(raw).slice(0, 40)}" is not one of ${named.join(', ')}` };
		},
	};
}

/** A whole number ≥ 0 compared with a template field (OTP's status, whose values are undocumented). */
export function wholeNumberFilter(field: Omit<INodeProperties, 'type' | 'default'>, templateField: string, fallback: number): TemplateFilter {
	return {
		field: { ...field, type: 'number', typeOptions: { minValue: 0, numberPrecision: 0 }, default: fallback },
		where: { templateField },
		read: (raw) => {
			if (unset(raw)) return UNSET;
			const text = String(raw).trim();
			if ((typeof raw === 'number' || typeof raw === 'string') && /^\d{1,9}$/.test(text)) return { ok: true, value: Number(text) };
			return { ok: false, problem: `${field.displayName} "${text.slice(0, 40)}" is not a whole number of at least 0` };
		},
	};
}

/** Whether a template's field holds the filter's value (a number matches its digits as text, as EngageLab may send either). */
export function templateMatches(template: IDataObject, templateField: string, value: FilterValue): boolean {
	const actual = template[templateField];
	return (typeof actual === 'string' || typeof actual === 'number') && String(actual).trim() === String(value);
}
