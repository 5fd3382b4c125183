/** User properties (engagelab-ma-api.md, "Set user properties"). */
import type { Checked } from './euid';

export const PROPERTY_OPERATIONS = ['set', 'increase', 'add', 'remove', 'delete'] as const;
export type PropertyOperation = (typeof PROPERTY_OPERATIONS)[number];

/**
 * The docs' naming rule is "not empty, no special characters, not too long" with no numbers; this
 * is the strictest reading that fits their examples: letters, digits and _, at most 64 characters.
 */
const PROPERTY_NAME = /^[\p{L}\p{N}_]{1,64}$/u;

export type PropertyValue = string | number | boolean | Array<string | number | boolean>;

export function checkPropertyName(raw: string): Checked<string> {
	const name = raw.trim();
	if (name === '') return { ok: false, problem: 'A property name is empty' };
	if (!PROPERTY_NAME.test(name)) {
		return {
			ok: false,
			problem: `The property name "${name.slice(0, 80)}" is not valid: use letters, digits and _ only, at most 64 characters`,
		};
	}
	return { ok: true, value: name };
}

/** `yyyy-MM-dd HH:mm:ss` in UTC, the datetime format EngageLab documents. */
export function formatDateTime(date: Date): string {
	return date.toISOString().slice(0, 19).replace('T', ' ');
}

/** A property value with its type kept: numbers stay numbers, dates become EngageLab datetimes, lists stay lists. */
export function checkPropertyValue(name: string, raw: unknown, operation: PropertyOperation): Checked<PropertyValue> {
	if (raw instanceof Date) return { ok: true, value: formatDateTime(raw) };
	if (raw && typeof raw === 'object' && typeof (raw as { toJSDate?: unknown }).toJSDate === 'function') {
		return { ok: true, value: formatDateTime((raw as { toJSDate(): Date }).toJSDate()) }; // Luxon DateTime
	}
	if (Array.isArray(raw)) {
		const items = raw.filter((v) => v !== null && v !== undefined && v !== '');
		if (!items.every((v) => ['string', 'number', 'boolean'].includes(typeof v))) {
			return { ok: false, problem: `The list for property "${name}" may hold only text, numbers and true/false` };
		}
		if (items.length === 0) return { ok: false, problem: `The list for property "${name}" is empty` };
		return { ok: true, value: items as Array<string | number | boolean> };
	}
	if (typeof raw === 'number') {
		if (!Number.isFinite(raw)) return { ok: false, problem: `Property "${name}" is not a finite number` };
		if (operation === 'increase' && !Number.isInteger(raw)) {
			return { ok: false, problem: `Property "${name}": "increase" adds to an integer property, so the amount must be a whole number` };
		}
		return { ok: true, value: raw };
	}
	if (typeof raw === 'boolean') return { ok: true, value: raw };
	if (typeof raw === 'string') {
		if (raw.trim() === '') return { ok: false, problem: `Property "${name}" has an empty value` };
		if (operation === 'increase') {
			const n = Number(raw);
			if (!Number.isInteger(n)) return { ok: false, problem: `Property "${name}": "increase" needs a whole number, not "${raw.slice(0, 40)}"` };
			return { ok: true, value: n };
		}
		return { ok: true, value: raw };
	}
	if (raw === undefined || raw === null) return { ok: false, problem: `Property "${name}" has an empty value` };
	return { ok: false, problem: `Property "${name}" must be text, a number, a date or a list, not an object` };
}
