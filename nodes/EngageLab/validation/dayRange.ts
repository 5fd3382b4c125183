/**
 * A range of days for EngageLab Email's reads (docs/messaging/read-api.md §1): `yyyy-MM-dd`, both
 * ends inclusive. "Cannot be longer than 3 months" is not defined by EngageLab, so the strictest
 * reading is applied: at most 90 days between start and end, so no range let through is refused.
 */
import type { Checked } from './checked';

/** Days between the start and the end of a range, at most. */
const MAX_RANGE_DAYS = 90;
const DAY_MS = 86_400_000;

/** The calendar day of a date field's value: `2026-12-06`, `2026-12-06T00:00:00`, an ISO instant or a Date. */
function checkDay(raw: unknown, what: string): Checked<string> {
	const text = raw instanceof Date ? raw.toISOString() : typeof raw === 'string' ? raw.trim() : raw == null ? '' : String(raw);
	if (text === '') return { ok: false, problem: `${what} is empty` };
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(text);
	if (!m) return { ok: false, problem: `${what} "${text.slice(0, 40)}" is not a date (yyyy-MM-dd)` };
	const day = `${m[1]}-${m[2]}-${m[3]}`;
	const date = new Date(`${day}T00:00:00Z`);
	if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== day) return { ok: false, problem: `${what} "${day}" is not a real date` };
	return { ok: true, value: day };
}

/** Days from `start` to `end` (two checked days). */
function daysBetween(start: string, end: string): number {
	return Math.round((Date.parse(`${end}T00:00:00Z`) - Date.parse(`${start}T00:00:00Z`)) / DAY_MS);
}

/** A start and an end day, in order and at most MAX_RANGE_DAYS apart. */
export function checkDayRange(rawStart: unknown, rawEnd: unknown): Checked<{ start: string; end: string }> {
	const start = checkDay(rawStart, 'Start Date');
	if (!start.ok) return start;
	const end = checkDay(rawEnd, 'End Date');
	if (!end.ok) return end;
	const days = daysBetween(start.value, end.value);
	if (days < 0) return { ok: false, problem: `End Date ${end.value} is before Start Date ${start.value}` };
	if (days > MAX_RANGE_DAYS) {
		return {
			ok: false,
			problem: `The date range ${start.value} to ${end.value} is ${days} days long; EngageLab allows at most 3 months (${MAX_RANGE_DAYS} days here). Split the range into several items.`,
		};
	}
	return { ok: true, value: { start: start.value, end: end.value } };
}
