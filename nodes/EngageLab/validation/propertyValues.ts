/** User properties (docs/ma/api.md, "Set user properties"). */
import { JsonLong } from '../transport/longJson';
import type { Checked } from './checked';

export const PROPERTY_OPERATIONS = ['set', 'increase', 'add', 'remove', 'delete'] as const;
export type PropertyOperation = (typeof PROPERTY_OPERATIONS)[number];

/**
 * The docs' naming rule is "not empty, no special characters, not too long" with no numbers; this
 * is the strictest reading that fits their examples: letters, digits and _, at most 64 characters.
 */
const PROPERTY_NAME = /^[\p{L}\p{N}_]{1,64}$/u;

/** JsonLong: a whole number beyond 2^53, sent digit for digit. */
type Scalar = string | number | boolean | JsonLong;
export type PropertyValue = Scalar | Scalar[];

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

/** EngageLab's Long: a signed 64-bit integer. */
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

/** A whole number as sent: a JavaScript number when it is exact, else a JsonLong with its digits. */
function wholeNumber(value: bigint): number | JsonLong {
	const n = Number(value);
	return Number.isSafeInteger(n) ? n : new JsonLong(value.toString());
}

function inLongRange(value: bigint): boolean {
	return value >= LONG_MIN && value <= LONG_MAX;
}

/** What a value is, for a message: `"0x1F"`, `the number 1.5`, `a list`, `true`… (cut short). */
function shown(raw: unknown): string {
	if (typeof raw === 'string') return `"${raw.length > 40 ? raw.slice(0, 40) + '…' : raw}"`;
	if (typeof raw === 'number' || typeof raw === 'bigint') return `the number ${String(raw)}`;
	if (raw instanceof JsonLong) return `the number ${raw.digits.length > 40 ? raw.digits.slice(0, 40) + '…' : raw.digits}`;
	if (typeof raw === 'boolean') return `the value ${raw}`;
	if (Array.isArray(raw)) return 'a list';
	if (raw === null || raw === undefined) return 'nothing';
	return `a ${typeof raw}`;
}

/**
 * The amount of an `increase`: a whole number in the signed 64-bit range, written exactly. Taken
 * from a safe JavaScript number, a bigint, a JSON integer of any size (JsonLong), or text of
 * decimal digits with an optional sign. Refused: fractions, hex/binary/octal or exponent text,
 * numbers beyond 2^53 that arrived as JavaScript numbers (they may already be rounded), true/false,
 * lists, objects, NaN and Infinity.
 */
export function checkIncrease(name: string, raw: unknown): Checked<number | JsonLong> {
	const refuse = (why: string): Checked<number | JsonLong> => ({
		ok: false,
		problem: `Property "${name}": "increase" needs a whole number from ${LONG_MIN} to ${LONG_MAX} written in decimal digits, but got ${shown(raw)}${why}`,
	});
	let value: bigint;
	if (typeof raw === 'number') {
		if (!Number.isFinite(raw)) return refuse(' (not a finite number)');
		if (!Number.isInteger(raw)) return refuse(' (not a whole number)');
		if (!Number.isSafeInteger(raw)) {
			return refuse(
				': it arrived as a JavaScript number above 2^53 - 1, so it may already be rounded. Give it as text digits, or in Properties (JSON)',
			);
		}
		return { ok: true, value: raw === 0 ? 0 : raw }; // -0 is 0
	}
	if (typeof raw === 'bigint') value = raw;
	else if (raw instanceof JsonLong) value = BigInt(raw.digits);
	else if (typeof raw === 'string') {
		const text = raw.trim();
		if (!/^[+-]?\d+$/.test(text)) return refuse('');
		value = BigInt(text);
	} else return refuse('');
	if (!inLongRange(value)) return refuse(' (outside the 64-bit range)');
	return { ok: true, value: wholeNumber(value) };
}

/** One value EngageLab stores (not a list): text, a finite number, an exact 64-bit integer, true/false. */
function checkScalar(name: string, raw: unknown, where: string): Checked<Scalar> {
	if (typeof raw === 'string' || typeof raw === 'boolean') return { ok: true, value: raw };
	if (typeof raw === 'number') {
		if (!Number.isFinite(raw)) {
			return { ok: false, problem: `Property "${name}"${where} is ${String(raw)}, which is not a number EngageLab can store (JSON has no NaN or Infinity)` };
		}
		return { ok: true, value: raw };
	}
	if (typeof raw === 'bigint' || raw instanceof JsonLong) {
		const value = typeof raw === 'bigint' ? raw : BigInt(raw.digits);
		if (!inLongRange(value)) {
			return {
				ok: false,
				problem: `Property "${name}"${where} is the whole number ${shown(raw).slice(11)}, outside the 64-bit range EngageLab stores (${LONG_MIN} to ${LONG_MAX}): give it as text in quotes if it is an ID or a code`,
			};
		}
		return { ok: true, value: wholeNumber(value) };
	}
	return { ok: false, problem: `Property "${name}"${where} must be text, a number, true/false, a date or a list, not ${shown(raw)}` };
}

/** A date as EngageLab's datetime text; refused when it is not a real date (Invalid Date, year beyond 9999). */
function checkDate(name: string, date: Date): Checked<PropertyValue> {
	const ms = date.getTime();
	if (!Number.isFinite(ms) || date.getUTCFullYear() < 0 || date.getUTCFullYear() > 9999) {
		return { ok: false, problem: `Property "${name}" is a date that is not valid (${String(date).slice(0, 40)})` };
	}
	return { ok: true, value: formatDateTime(date) };
}

/**
 * A property value with its type kept: numbers stay numbers (integers beyond 2^53 from JSON stay
 * exact), dates become EngageLab datetimes, lists stay lists. `increase` takes a whole number only.
 */
export function checkPropertyValue(name: string, raw: unknown, operation: PropertyOperation): Checked<PropertyValue> {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
		return { ok: false, problem: `Property "${name}" has an empty value` };
	}
	if (operation === 'increase') return checkIncrease(name, raw);
	if (raw instanceof Date) return checkDate(name, raw);
	if (typeof raw === 'object' && typeof (raw as { toJSDate?: unknown }).toJSDate === 'function') {
		return checkDate(name, (raw as { toJSDate(): Date }).toJSDate()); // Luxon DateTime
	}
	if (Array.isArray(raw)) {
		const items = raw.filter((v) => v !== null && v !== undefined && v !== '');
		if (items.length === 0) return { ok: false, problem: `The list for property "${name}" is empty` };
		const list: Scalar[] = [];
		for (const [index, item] of items.entries()) {
			if (item !== null && typeof item === 'object' && !(item instanceof JsonLong)) {
				return { ok: false, problem: `The list for property "${name}" may hold only text, numbers and true/false, not ${shown(item)} (entry ${index + 1})` };
			}
			const checked = checkScalar(name, item, ` (list entry ${index + 1})`);
			if (!checked.ok) return checked;
			list.push(checked.value);
		}
		return { ok: true, value: list };
	}
	if (typeof raw === 'object' && !(raw instanceof JsonLong)) {
		return { ok: false, problem: `Property "${name}" must be text, a number, a date or a list, not an object` };
	}
	return checkScalar(name, raw, '');
}

/** A checked value as it appears in the node's output: exact big integers as text of digits. */
export function outputValue(value: PropertyValue): string | number | boolean | Array<string | number | boolean> {
	if (Array.isArray(value)) return value.map((v) => (v instanceof JsonLong ? v.digits : v));
	return value instanceof JsonLong ? value.digits : value;
}
