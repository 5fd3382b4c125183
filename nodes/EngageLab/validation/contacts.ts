/**
 * Contact values for Set Contact (docs/ma/api.md: values are strings). The docs give no format;
 * these are the shapes a message can be delivered to, so anything else is refused before sending
 * instead of being stored in EngageLab as an address that never works.
 */
import type { Checked } from './checked';

export type ContactKind = 'email' | 'phone';

/** RFC 5321: an address is at most 254 characters, its local part (before @) at most 64. */
const MAX_EMAIL_LENGTH = 254;
const MAX_EMAIL_LOCAL_LENGTH = 64;
/** E.164 allows 15 digits with the country code; fewer than 5 is no phone number. */
const MIN_PHONE_DIGITS = 5;
const MAX_PHONE_DIGITS = 15;

// Local part: printable characters except spaces and the ones that need quoting; no dot at
// either end and no two dots in a row. Domain: labels of letters (any script), digits and
// hyphens (not at either end), at least two labels, the last one letters only.
const EMAIL_LOCAL = /^[^\s@"(),:;<>[\]\\.]+(?:\.[^\s@"(),:;<>[\]\\.]+)*$/u;
const EMAIL_DOMAIN = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+[\p{L}]{2,63}$/u;
// Any control character (C0, DEL, C1), line and paragraph separators, and byte order marks.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/u;

/**
 * The contact as sent: trimmed text. Email: one @, a domain with a dot, at most 254 characters.
 * Phone: digits only after an optional +, 5 to 15 digits (a number is taken when it is a safe
 * whole number). `label` is the field's name for messages. '' means the field is empty.
 */
export function checkContact(raw: unknown, kind: ContactKind, label: string): Checked<string> {
	let value: string;
	if (raw === undefined || raw === null) return { ok: true, value: '' };
	if (typeof raw === 'string') value = raw.trim();
	else if (typeof raw === 'number' && kind === 'phone') {
		if (!Number.isSafeInteger(raw) || raw <= 0) {
			return {
				ok: false,
				problem: `${label} ${String(raw)} arrived as a number that is not an exact whole phone number: give the phone number as text, e.g. "+8618023456879"`,
			};
		}
		value = String(raw);
	} else {
		return { ok: false, problem: `${label} must be text, but got ${describe(raw)}` };
	}
	if (value === '') return { ok: true, value: '' };
	const control = CONTROL.exec(value);
	if (control) {
		const code = control[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
		return {
			ok: false,
			problem: `${label} "${cut(value)}" contains a line break or another control character (U+${code}): give a single clean value`,
		};
	}
	return kind === 'email' ? checkEmail(value, label) : checkPhone(value, label);
}

function checkEmail(value: string, label: string): Checked<string> {
	const length = [...value].length;
	if (length > MAX_EMAIL_LENGTH) {
		return { ok: false, problem: `${label} is ${length} characters long: an email address has at most ${MAX_EMAIL_LENGTH}` };
	}
	const at = value.lastIndexOf('@');
	const local = value.slice(0, at);
	const domain = value.slice(at + 1);
	if (at <= 0 || !EMAIL_LOCAL.test(local) || !EMAIL_DOMAIN.test(domain) || [...local].length > MAX_EMAIL_LOCAL_LENGTH) {
		return {
			ok: false,
			problem: `${label} "${cut(value)}" is not an email address: write it as name@domain.com (one @, no spaces, a domain with a dot)`,
		};
	}
	return { ok: true, value };
}

function checkPhone(value: string, label: string): Checked<string> {
	const digits = value.startsWith('+') ? value.slice(1) : value;
	if (!/^\d+$/.test(digits) || (value.startsWith('+') && digits.startsWith('0'))) {
		return {
			ok: false,
			problem: `${label} "${cut(value)}" is not a phone number EngageLab can use: write digits only, optionally after a + and the country code (e.g. +8618023456879), without spaces, dashes or brackets`,
		};
	}
	if (digits.length < MIN_PHONE_DIGITS || digits.length > MAX_PHONE_DIGITS) {
		return {
			ok: false,
			problem: `${label} "${cut(value)}" has ${digits.length} digits: a phone number has ${MIN_PHONE_DIGITS} to ${MAX_PHONE_DIGITS} (the international limit, country code included)`,
		};
	}
	return { ok: true, value };
}

function cut(text: string): string {
	// JSON.stringify-like escaping of control characters, so a message never carries a raw line break.
	// eslint-disable-next-line no-control-regex
	const safe = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, '0')}`);
	return safe.length > 60 ? `${safe.slice(0, 60)}…` : safe;
}

function describe(value: unknown): string {
	if (typeof value === 'number' || typeof value === 'bigint') return `the number ${String(value)} (give it as text)`;
	if (typeof value === 'boolean') return `the value ${value}`;
	if (Array.isArray(value)) return 'a list';
	return `a ${typeof value}`;
}
