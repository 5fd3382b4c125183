/** Event reports (engagelab-ma-api.md, "Report events"). */
import type { Checked } from './euid';

/** Lowercase letter first, then lowercase letters, digits and `_`. */
const EVENT_NAME = /^[a-z][a-z0-9_]*$/;

export function checkEventName(raw: unknown): Checked<string> {
	const name = typeof raw === 'string' ? raw.trim() : '';
	if (name === '') return { ok: false, problem: 'The event name is empty' };
	if (!EVENT_NAME.test(name)) {
		return {
			ok: false,
			problem: `The event name "${name.slice(0, 60)}" is not valid: it must start with a lowercase letter and contain only lowercase letters, digits and _ (for example sign_up)`,
		};
	}
	return { ok: true, value: name };
}

/**
 * When the event happened, as Unix milliseconds: empty means now; a number or digits are
 * milliseconds (10-digit values are taken as seconds); anything else is parsed as a date (ISO 8601).
 */
export function checkEventTime(raw: unknown, now: () => number = Date.now): Checked<number> {
	if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return { ok: true, value: now() };
	if (raw instanceof Date) return validTime(raw.getTime(), raw);
	if (typeof raw === 'object' && typeof (raw as { toMillis?: unknown }).toMillis === 'function') {
		return validTime((raw as { toMillis(): number }).toMillis(), raw); // a Luxon DateTime from an expression
	}
	if (typeof raw === 'number') return validTime(raw < 1e11 ? raw * 1000 : raw, raw);
	if (typeof raw === 'string') {
		const text = raw.trim();
		if (/^\d+$/.test(text)) return validTime(text.length <= 10 ? Number(text) * 1000 : Number(text), raw);
		return validTime(Date.parse(text), raw);
	}
	return { ok: false, problem: `The event time must be a date or milliseconds, but got a ${typeof raw}` };
}

function validTime(ms: number, raw: unknown): Checked<number> {
	if (!Number.isFinite(ms) || ms < 0 || ms > 8.64e15) {
		return { ok: false, problem: `The event time "${String(raw).slice(0, 60)}" is not a date: use ISO 8601 (2025-03-01T12:00:00Z) or Unix milliseconds` };
	}
	return { ok: true, value: Math.trunc(ms) };
}
