/** Event reports (docs/ma/api.md, "Report events"). */
import type { Checked } from './checked';

/** Lowercase letter first, then lowercase letters, digits and `_`. */
const EVENT_NAME = /^[a-z][a-z0-9_]*$/;

/** The docs give no length limit; 64 characters, like property names, keeps names readable and safe. */
export const MAX_EVENT_NAME_LENGTH = 64;
/** App Key and Report ID: the docs give no limit; 256 characters, like user identifiers. */
const MAX_ID_LENGTH = 256;

export function checkEventName(raw: unknown): Checked<string> {
	if (raw !== undefined && raw !== null && typeof raw !== 'string') {
		return { ok: false, problem: `The event name must be text, but got ${describe(raw)}` };
	}
	const name = typeof raw === 'string' ? raw.trim() : '';
	if (name === '') return { ok: false, problem: 'The event name is empty' };
	if (name.length > MAX_EVENT_NAME_LENGTH) {
		return { ok: false, problem: `The event name "${name.slice(0, 40)}…" is ${name.length} characters long: at most ${MAX_EVENT_NAME_LENGTH}` };
	}
	if (!EVENT_NAME.test(name)) {
		return {
			ok: false,
			problem: `The event name "${printable(name)}" is not valid: it must start with a lowercase letter and contain only lowercase letters, digits and _ (for example sign_up)`,
		};
	}
	return { ok: true, value: name };
}

/**
 * App Key or Report ID: text (trimmed) or a safe whole number (as its digits), at most 256
 * characters, no control characters. '' when empty (both are optional).
 */
export function checkTextId(raw: unknown, label: string): Checked<string> {
	let value: string;
	if (raw === undefined || raw === null) value = '';
	else if (typeof raw === 'string') value = raw.trim();
	else if (typeof raw === 'number' && Number.isSafeInteger(raw)) value = String(raw);
	else if (typeof raw === 'bigint') value = raw.toString();
	else {
		return {
			ok: false,
			problem: `${label} must be text, but got ${typeof raw === 'number' ? `the number ${raw}, which is not an exact whole number` : describe(raw)}`,
		};
	}
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) {
		return { ok: false, problem: `${label} "${printable(value)}" contains a line break or another control character` };
	}
	if ([...value].length > MAX_ID_LENGTH) {
		return { ok: false, problem: `${label} is ${[...value].length} characters long: at most ${MAX_ID_LENGTH}` };
	}
	return { ok: true, value };
}

/** Event times before this are refused: 2000-01-01T00:00:00Z. */
const EARLIEST_EVENT_TIME = Date.UTC(2000, 0, 1);
/** How far ahead of now an event time may be (clock skew, time zones): one day. */
const LATEST_EVENT_AHEAD_MS = 24 * 60 * 60 * 1000;

/** ISO 8601: a date, optionally a time (T or a space) with optional seconds and fraction, optionally a zone (Z, ±hh:mm, ±hhmm). */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/**
 * When the event happened, as Unix milliseconds. Accepted: empty (now); an ISO 8601 date; a JS
 * Date or an n8n (Luxon) DateTime; Unix seconds or milliseconds as a number or digits (seconds
 * may have a fraction). Whatever it is, it must land between 2000-01-01 and a day after now:
 * so seconds and milliseconds cannot be mistaken for each other, and "2025" is not a time.
 */
export function checkEventTime(raw: unknown, now: () => number = Date.now): Checked<number> {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return { ok: true, value: now() };
	if (raw instanceof Date) return inRange(raw.getTime(), raw, now);
	if (typeof raw === 'object' && typeof (raw as { toMillis?: unknown }).toMillis === 'function') {
		return inRange((raw as { toMillis(): number }).toMillis(), raw, now); // a Luxon DateTime from an expression
	}
	if (typeof raw === 'number') return unixTime(raw, raw, now);
	if (typeof raw === 'string') {
		const text = raw.trim();
		if (/^\d+(\.\d+)?$/.test(text)) return unixTime(Number(text), raw, now);
		return inRange(isoTime(text), raw, now);
	}
	return notATime(raw);
}

/** Seconds when the number reads as seconds in range, else milliseconds (the two ranges do not overlap). */
function unixTime(n: number, raw: unknown, now: () => number): Checked<number> {
	if (!Number.isFinite(n) || n < 0) return notATime(raw);
	const latest = now() + LATEST_EVENT_AHEAD_MS;
	if (n * 1000 >= EARLIEST_EVENT_TIME && n * 1000 <= latest) return { ok: true, value: Math.round(n * 1000) };
	return inRange(n, raw, now);
}

/** Milliseconds of an ISO 8601 date; NaN when it is not one, or not a real calendar date (2025-02-30). */
function isoTime(text: string): number {
	const m = ISO_DATE.exec(text);
	if (!m) return NaN;
	const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
	const ms = Date.parse(text.replace(' ', 'T'));
	if (!Number.isFinite(ms)) return NaN;
	const given = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
	const check = new Date(given);
	const real =
		check.getUTCFullYear() === Number(y) && check.getUTCMonth() === Number(mo) - 1 && check.getUTCDate() === Number(d) &&
		check.getUTCHours() === Number(h) && check.getUTCMinutes() === Number(mi) && check.getUTCSeconds() === Number(s);
	return real ? ms : NaN;
}

function inRange(ms: number, raw: unknown, now: () => number): Checked<number> {
	if (!Number.isFinite(ms)) return notATime(raw);
	const latest = now() + LATEST_EVENT_AHEAD_MS;
	if (ms < EARLIEST_EVENT_TIME || ms > latest) {
		return {
			ok: false,
			problem: `The event time ${show(raw)} is ${ms < EARLIEST_EVENT_TIME ? 'before 2000-01-01' : 'more than a day in the future'} (${safeIso(ms)}): an event time lies between 2000-01-01 and a day from now`,
		};
	}
	return { ok: true, value: Math.trunc(ms) };
}

function notATime(raw: unknown): Checked<number> {
	return {
		ok: false,
		problem: `The event time ${show(raw)} is not a date: use an ISO 8601 date (2025-03-01T12:00:00Z), Unix seconds (1740830400) or Unix milliseconds (1740830400000)`,
	};
}

function safeIso(ms: number): string {
	return Math.abs(ms) <= 8.64e15 ? new Date(ms).toISOString() : 'far outside any calendar';
}

function show(raw: unknown): string {
	if (typeof raw === 'string') return `"${printable(raw.length > 60 ? raw.slice(0, 60) + '…' : raw)}"`;
	if (typeof raw === 'number') return String(raw);
	if (raw instanceof Date || (typeof raw === 'object' && raw !== null && typeof (raw as { toMillis?: unknown }).toMillis === 'function')) {
		return `"${printable(String(raw)).slice(0, 60)}"`;
	}
	return describe(raw);
}

function printable(text: string): string {
	// eslint-disable-next-line no-control-regex
	const safe = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
	return safe.length > 60 ? `${safe.slice(0, 60)}…` : safe;
}

function describe(raw: unknown): string {
	if (Array.isArray(raw)) return 'a list';
	if (typeof raw === 'boolean') return `the value ${raw}`;
	if (raw === null || raw === undefined) return 'nothing';
	return typeof raw === 'object' ? 'an object' : `a ${typeof raw}`;
}
