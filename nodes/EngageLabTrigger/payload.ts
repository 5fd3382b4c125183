/**
 * Turns a callback body into one row per event. EngageLab sends `{ total, rows: [...] }`
 * (SMS, OTP, WhatsApp, App Push, Web Push), one bare event object (Email's pages), and one third-party
 * integration reports bare arrays: all three are read. Anything else is malformed.
 */
import { canonicalEvent, classify, type EventKind, type CallbackSource } from './callbackEvents';

export type Body = { kind: 'ping'; echo?: string } | { kind: 'events'; rows: Array<Record<string, unknown>> } | { kind: 'malformed'; reason: string };

/** Rows accepted in one callback; a larger batch is refused rather than held in memory. */
export const MAX_ROWS = 10_000;

const isObject = (value: unknown): value is Record<string, unknown> =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

/**
 * Push's console checks the URL with `{"echostr": "<8 random characters>"}` and expects them back.
 * "Random characters" is not defined, so any printable ASCII without spaces is echoed; the answer is
 * plain text the browser may not sniff (EngageLabTrigger.node.ts), so echoing `<` or `"` is harmless.
 */
const ECHO = /^[\x21-\x7e]{1,64}$/;

/**
 * `raw` is the request body as text when n8n kept it, `parsed` what n8n parsed. A body that
 * parses to `{}` or is empty is the consoles' connectivity check: answered, starts nothing.
 */
export function readBody(parsed: unknown, raw: string | undefined, parse: (text: string) => unknown = JSON.parse): Body {
	let body = parsed;
	const rawText = raw?.trim() ?? '';
	if ((body === undefined || (isObject(body) && Object.keys(body).length === 0)) && rawText !== '') {
		try {
			body = parse(rawText);
		} catch {
			return { kind: 'malformed', reason: 'The body is not JSON' };
		}
	}
	if (body === undefined || body === null || body === '') return { kind: 'ping' };
	if (typeof body === 'string') {
		try {
			body = parse(body);
		} catch {
			return { kind: 'malformed', reason: 'The body is not JSON' };
		}
	}
	if (Array.isArray(body)) return rowsOf(body);
	if (!isObject(body)) return { kind: 'malformed', reason: 'The body is not a JSON object' };
	const keys = Object.keys(body);
	if (keys.length === 0) return { kind: 'ping' };
	if (keys.length === 1 && typeof body.echostr === 'string') {
		return ECHO.test(body.echostr) ? { kind: 'ping', echo: body.echostr } : { kind: 'malformed', reason: 'echostr is not 1 to 64 printable characters without spaces' };
	}
	if ('rows' in body || 'total' in body) {
		if (!Array.isArray(body.rows)) return { kind: 'malformed', reason: '"rows" is not an array' };
		if (body.total !== undefined && (typeof body.total !== 'number' || !Number.isInteger(body.total) || body.total < 0)) {
			return { kind: 'malformed', reason: '"total" is not a count' };
		}
		return rowsOf(body.rows);
	}
	return rowsOf([body]);
}

function rowsOf(rows: unknown[]): Body {
	if (rows.length === 0) return { kind: 'ping' };
	if (rows.length > MAX_ROWS) return { kind: 'malformed', reason: `More than ${MAX_ROWS} events in one callback` };
	const bad = rows.findIndex((row) => !isObject(row));
	if (bad !== -1) return { kind: 'malformed', reason: `Event ${bad} is not a JSON object` };
	return { kind: 'events', rows: rows as Array<Record<string, unknown>> };
}

export interface TriggerEvent {
	[key: string]: unknown;
	event: string;
	eventKind: EventKind;
	product: CallbackSource;
	messageId: string | null;
	to: string | null;
	from: string | null;
	itime: number | null;
	customArgs: unknown;
	batchIndex: number;
	batchSize: number;
	/** The event exactly as EngageLab sent it. */
	payload: Record<string, unknown>;
}

const text = (value: unknown): string | null =>
	typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null;

/**
 * One output per event, filtered on `wanted` (empty: every event). The common fields are lifted
 * to the top for expressions; `payload` keeps the event untouched.
 */
export function toEvents(
	product: CallbackSource,
	rows: Array<Record<string, unknown>>,
	wanted: string[],
	/** Each row's place in the callback as sent (rows may have been dropped as repeats). */
	indexes: number[] = rows.map((_, i) => i),
	batchSize = rows.length,
): TriggerEvent[] {
	const want = new Set(wanted.map(canonicalEvent));
	const out: TriggerEvent[] = [];
	rows.forEach((row, index) => {
		const { event, kind } = classify(row);
		if (want.size > 0 && !want.has(canonicalEvent(event))) return;
		out.push({
			event,
			eventKind: kind,
			product,
			messageId: text(row.message_id),
			to: text(row.to),
			from: text(row.from),
			itime: typeof row.itime === 'number' ? row.itime : null,
			customArgs: row.custom_args ?? null,
			batchIndex: indexes[index],
			batchSize,
			payload: row,
		});
	});
	return out;
}

/**
 * One text per JSON value, whatever its formatting: object keys sorted, no whitespace. Numbers
 * should come from a parse that keeps long integers exact (parseWithLongs), so two IDs that differ
 * beyond 2^53 never read as one.
 */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as Record<string, unknown>)
			.filter(([, v]) => v !== undefined)
			.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}
