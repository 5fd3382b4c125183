/**
 * A date and time parameter as an instant. n8n's date picker stores a wall-clock time without a
 * zone ("2026-05-01T10:00:00"); like n8n's own date fields it means the workflow's timezone
 * (Workflow Settings → Timezone, `getTimezone()`), never the zone of the process n8n runs in.
 */
import type { Checked } from './checked';

/** An ISO date and time without a zone: date, then optional time, optional seconds and fraction. */
const LOCAL_ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?$/;
/** Values above this are milliseconds (year 5138 in seconds), below it seconds. */
const MS_THRESHOLD = 1e11;

/** The instant `raw` stands for, in ms: a Date, Unix seconds or ms (number or digits), or a date text. */
export function instantOf(raw: unknown, timeZone: string): Checked<number> {
	const notDate: Checked<number> = { ok: false, problem: `"${String(raw)}" is not a date and time` };
	if (raw instanceof Date) return Number.isFinite(raw.getTime()) ? { ok: true, value: raw.getTime() } : notDate;
	if (typeof raw === 'number') return Number.isFinite(raw) ? { ok: true, value: fromEpoch(raw) } : notDate;
	const text = String(raw ?? '').trim();
	if (/^\d+(\.\d+)?$/.test(text)) return { ok: true, value: fromEpoch(Number(text)) };
	const local = LOCAL_ISO.exec(text);
	if (local) {
		const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '0'] = local;
		const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Math.floor(Number(`0.${frac}`) * 1000));
		const value = zonedToUtc(wall, timeZone);
		// Date.UTC rolls 2026-02-31 over to March: a date that does not exist is refused.
		return Number.isFinite(value) && new Date(wall).getUTCDate() === +d && new Date(wall).getUTCMonth() === +mo - 1 ? { ok: true, value } : notDate;
	}
	// Anything else must say its own zone (ISO with Z or ±hh:mm, or a Date's text with GMT±hhmm).
	const value = new Date(text).getTime();
	return Number.isFinite(value) ? { ok: true, value } : notDate;
}

function fromEpoch(n: number): number {
	return n > MS_THRESHOLD ? Math.floor(n) : Math.floor(n * 1000);
}

/** How far `timeZone`'s wall clock is ahead of UTC at instant `utcMs`, in ms. */
function offsetAt(utcMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: 'numeric',
		day: 'numeric',
		hour: 'numeric',
		minute: 'numeric',
		second: 'numeric',
	}).formatToParts(new Date(utcMs));
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
	const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return wall - (utcMs - (((utcMs % 1000) + 1000) % 1000));
}

/**
 * The instant whose wall clock in `timeZone` reads `wallMs` (a UTC-encoded wall time). The offset
 * is re-read at the first guess, for a wall time on the other side of a DST change; a time the
 * change skips moves forward (02:30 → 03:30), one it repeats takes the earlier, as n8n's luxon
 * does. An unknown zone falls back to UTC.
 */
function zonedToUtc(wallMs: number, timeZone: string): number {
	try {
		const first = offsetAt(wallMs, timeZone);
		const guess = wallMs - first;
		const second = offsetAt(guess, timeZone);
		if (second === first) return guess;
		const other = wallMs - second;
		return offsetAt(other, timeZone) === second ? other : guess;
	} catch {
		return wallMs;
	}
}
