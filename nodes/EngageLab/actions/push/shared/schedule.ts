/**
 * Schedules (docs/push/decisions.md D18, D19): single and periodical triggers in EngageLab's exact
 * time formats, checked where the docs set limits, and the read-modify-write of an update.
 */
import {
	PUSH_LIMITS,
	SCHEDULE_NAME_PATTERN,
	SCHEDULE_WEEK_POINTS,
	utf8Bytes,
} from '../../../products/push/limits';
import { type Built, type JsonObject, listOf, optionalInteger, problem, text } from './built';

const EXACT_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const EXACT_TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
const WITH_OFFSET = /(?:[zZ]|[+-]\d{2}:?\d{2})$/;

export type ZoneType = 1 | 2;

export interface SingleTriggerParams {
	kind: 'single';
	time: unknown;
	/** 1: the EngageLab console's time zone (default); 2: each device's. */
	zoneType?: unknown;
}

export interface PeriodicalTriggerParams {
	kind: 'periodical';
	start: unknown;
	end: unknown;
	/** "HH:mm:ss" of each day it fires. */
	time: unknown;
	timeUnit: unknown;
	frequency?: unknown;
	/** Week: MON..SUN; month: 1..31. Absent for day. */
	points?: unknown;
	zoneType?: unknown;
}

export type TriggerParams = SingleTriggerParams | PeriodicalTriggerParams;

function pad(n: number, width = 2): string {
	return String(n).padStart(width, '0');
}

/** A wall-clock time in a time zone, "yyyy-MM-dd HH:mm:ss". */
export function formatInZone(epochMs: number, timeZone: string): string {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		})
			.formatToParts(new Date(epochMs))
			.map((p) => [p.type, p.value]),
	);
	return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** The instant a wall-clock time in a zone stands for (the offset found in two passes). */
function wallClockToEpoch(wall: string, timeZone: string): number {
	const m = EXACT_DATE_TIME.exec(wall) as RegExpExecArray;
	const asUtc = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
	let guess = asUtc;
	for (let i = 0; i < 2; i++) {
		const shown = formatInZone(guess, timeZone);
		const s = EXACT_DATE_TIME.exec(shown) as RegExpExecArray;
		guess += asUtc - Date.UTC(+s[1], +s[2] - 1, +s[3], +s[4], +s[5], +s[6]);
	}
	return guess;
}

/**
 * A date-time parameter as EngageLab's "yyyy-MM-dd HH:mm:ss" (D18): that exact form passes as is;
 * an ISO date-time with an offset or Z is converted to the workflow's time zone; one without an
 * offset is the wall-clock time as typed. Returns the text and the instant it means.
 */
export function scheduleDateTime(value: unknown, timeZone: string, field: string): Built<{ text: string; epochMs: number }> {
	let raw = value instanceof Date ? value.toISOString() : text(value);
	if (typeof value === 'object' && value !== null && 'toISO' in value && typeof (value as { toISO: unknown }).toISO === 'function') {
		raw = String((value as { toISO: () => string }).toISO());
	}
	if (EXACT_DATE_TIME.test(raw)) {
		if (!validCalendar(raw)) return problem(`${field}: "${raw}" is not a real date and time`);
		return { ok: { text: raw, epochMs: wallClockToEpoch(raw, timeZone) } };
	}
	const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?(?:\.\d+)?(.*)$/.exec(raw);
	if (!iso) {
		return problem(`${field} must be a date and time`, `Use yyyy-MM-dd HH:mm:ss (for example 2026-12-24 18:00:00). Got "${raw}".`);
	}
	if (iso[4] !== '' && !WITH_OFFSET.test(iso[4])) return problem(`${field}: cannot read "${raw}" as a date and time`);
	if (iso[4] !== '') {
		const epochMs = Date.parse(raw);
		if (Number.isNaN(epochMs)) return problem(`${field}: "${raw}" is not a real date and time`);
		return { ok: { text: formatInZone(epochMs, timeZone), epochMs } };
	}
	const wall = `${iso[1]} ${iso[2]}${iso[3] ?? ':00'}`;
	if (!validCalendar(wall)) return problem(`${field}: "${raw}" is not a real date and time`);
	return { ok: { text: wall, epochMs: wallClockToEpoch(wall, timeZone) } };
}

function validCalendar(wall: string): boolean {
	const m = EXACT_DATE_TIME.exec(wall);
	if (!m) return false;
	const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
	return (
		d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] && +m[4] < 24 && +m[5] < 60 && +m[6] < 60
	);
}

/** The same instant one calendar year later (29 February goes to 1 March). */
function plusOneYear(epochMs: number): number {
	const d = new Date(epochMs);
	d.setUTCFullYear(d.getUTCFullYear() + 1);
	return d.getTime();
}

function zoneType(value: unknown): Built<ZoneType> {
	if (value === undefined || value === null || value === '') return { ok: 1 };
	const n = Number(value);
	return n === 1 || n === 2 ? { ok: n } : problem('Time Zone must be 1 (console time zone) or 2 (device time zone)');
}

/** The trigger object; `nowMs` and `timeZone` come from the run (virtual clock in tests). */
export function buildTrigger(params: TriggerParams, nowMs: number, timeZone: string): Built<JsonObject> {
	const zone = zoneType(params.zoneType);
	if ('problem' in zone) return zone;
	if (params.kind === 'single') {
		const time = scheduleDateTime(params.time, timeZone, 'Send At');
		if ('problem' in time) return time;
		if (time.ok.epochMs <= nowMs) return problem(`Send At ${time.ok.text} is not in the future`);
		if (time.ok.epochMs > plusOneYear(nowMs)) return problem(`Send At ${time.ok.text} is more than a year ahead`);
		return { ok: { single: { time: time.ok.text, zone_type: zone.ok } } };
	}
	if (params.kind !== 'periodical') return problem(`Unknown trigger "${String((params as { kind: unknown }).kind)}"`);
	const start = scheduleDateTime(params.start, timeZone, 'Start');
	if ('problem' in start) return start;
	const end = scheduleDateTime(params.end, timeZone, 'End');
	if ('problem' in end) return end;
	if (end.ok.epochMs <= start.ok.epochMs) return problem('End must be after Start');
	if (end.ok.epochMs <= nowMs) return problem(`End ${end.ok.text} is not in the future`);
	if (end.ok.epochMs > plusOneYear(start.ok.epochMs)) return problem('Start to End spans more than a year');
	const time = text(params.time).length === 5 ? `${text(params.time)}:00` : text(params.time);
	if (!EXACT_TIME.test(time)) return problem('Time Of Day must be HH:mm:ss (24-hour clock)', `Got "${text(params.time)}".`);
	const unit = text(params.timeUnit).toLowerCase();
	if (unit !== 'day' && unit !== 'week' && unit !== 'month') return problem('Repeat must be day, week or month');
	const frequency = optionalInteger(params.frequency, 'Every', 1);
	if ('problem' in frequency) return frequency;
	const periodical: JsonObject = {
		start: start.ok.text,
		end: end.ok.text,
		time,
		time_unit: unit,
		frequency: frequency.ok ?? 1,
		zone_type: zone.ok,
	};
	const points = listOf(params.points);
	if (unit === 'day') {
		if (points.length > 0) return problem('A daily schedule takes no days of the week or month');
	} else if (points.length === 0) {
		return problem(`A ${unit === 'week' ? 'weekly' : 'monthly'} schedule needs the days it sends on`);
	} else if (unit === 'week') {
		const upper = points.map((p) => p.toUpperCase().slice(0, 3));
		const bad = upper.find((p) => !(SCHEDULE_WEEK_POINTS as readonly string[]).includes(p));
		if (bad !== undefined) return problem(`Unknown day of the week "${bad}"`, `Use ${SCHEDULE_WEEK_POINTS.join(', ')}.`);
		periodical.point = [...new Set(upper)];
	} else {
		const days: string[] = [];
		for (const p of points) {
			if (!/^\d{1,2}$/.test(p) || +p < 1 || +p > 31) return problem(`Day of the month must be 1 to 31`, `Got "${p}".`);
			days.push(pad(+p));
		}
		periodical.point = [...new Set(days)];
	}
	return { ok: { periodical } };
}

export function scheduleName(value: unknown): Built<string> {
	const name = text(value);
	if (name === '') return problem('The schedule needs a name');
	if (utf8Bytes(name) > PUSH_LIMITS.scheduleNameBytes) return problem(`The schedule name is longer than ${PUSH_LIMITS.scheduleNameBytes} bytes`);
	if (!SCHEDULE_NAME_PATTERN.test(name)) {
		return problem('The schedule name may hold only letters, digits and "_"', `Got "${name}" (EngageLab refuses spaces and other marks).`);
	}
	return { ok: name };
}

/** POST /v4/schedules: enabled must be true on create; `push` is a whole Send body with its cid. */
export function buildSchedule(name: string, trigger: JsonObject, push: JsonObject): JsonObject {
	return { name, enabled: true, trigger, push };
}

/** GET /v4/schedules/{id} answers an array of one (Java, Py) or, read too, the object. */
export function scheduleFromGet(answer: unknown): JsonObject | undefined {
	const one = Array.isArray(answer) ? answer[0] : answer;
	return one !== null && typeof one === 'object' && !Array.isArray(one) ? (one as JsonObject) : undefined;
}

/**
 * PUT /v4/schedules/{id} with the whole object: the one read, the user's changes over it. Correct
 * whether EngageLab replaces or merges (unknown), and the same body twice gives the same state.
 */
export function mergeScheduleUpdate(current: JsonObject, changes: { name?: string; enabled?: boolean; trigger?: JsonObject; push?: JsonObject }): JsonObject {
	const out: JsonObject = {
		name: changes.name ?? current.name,
		enabled: changes.enabled ?? current.enabled ?? true,
		trigger: changes.trigger ?? current.trigger,
		push: changes.push ?? current.push,
	};
	return out;
}

/**
 * One page of GET /v4/schedules?page=N: its schedules and whether to read the next (D19: until
 * page ≥ total_pages, an empty page, the limit, or 200 pages).
 */
export function schedulePage(answer: unknown, page: number): Built<{ schedules: JsonObject[]; more: boolean }> {
	if (answer === null || typeof answer !== 'object' || !Array.isArray((answer as JsonObject).schedules)) {
		return problem('EngageLab\'s schedule list has no schedules array', 'Check the credential\'s host.');
	}
	const a = answer as JsonObject;
	const schedules = (a.schedules as unknown[]).filter((s): s is JsonObject => s !== null && typeof s === 'object');
	const totalPages = typeof a.total_pages === 'number' ? a.total_pages : page;
	return { ok: { schedules, more: schedules.length > 0 && page < totalPages && page < PUSH_LIMITS.schedulePagesMax } };
}
