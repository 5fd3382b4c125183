/**
 * EngageLab Email's suppression lists as the emulator keeps them (docs/messaging/read-api.md
 * §2.1, §2.4): GET /v1/unsubscribes and GET /v1/complaints. Strict about the query: either
 * start_date + end_date (yyyy-MM-dd, ≤ 92 days apart: the loosest reading of "3 months", so the
 * node's stricter 90 days is what refuses) or email; offset ≥ 0, limit 0–100; no unknown
 * parameter (complaints take no api_user). Answers the §1 envelope, in creation order.
 */
import type { JsonObject } from '../ma/maRules';
import type { Outcome } from '../productEmulator';

export interface Unsubscribe {
	email: string;
	api_user: string;
	type: number;
	unsubscribe_time: string;
	expire_time: string;
}

export interface Complaint {
	email: string;
	reason: string;
	complaint_time: string;
	expire_time: string;
}

const INVALID = 30202;
const invalid = (message: string): Outcome => ({ code: INVALID, message });
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Email's paging parameters (read-api.md §1): offset ≥ 0 (default 0), limit 0–100 (default 100); undefined when out of range. */
export function offsetLimit(query: URLSearchParams): { offset?: number; limit?: number } {
	const int = (name: string, def: number, max: number) => {
		const raw = query.get(name);
		if (raw === null) return def;
		return /^\d+$/.test(raw) && Number(raw) <= max ? Number(raw) : undefined;
	};
	return { offset: int('offset', 0, Number.MAX_SAFE_INTEGER), limit: int('limit', 100, 100) };
}

/** The records of `all` that match the query, as one page; or the refusal. */
export function suppressionPage<T extends { email: string }>(
	all: readonly T[],
	query: URLSearchParams,
	timeField: keyof T & string,
	extraFilters: readonly string[],
	filter: (record: T) => boolean = () => true,
): Outcome {
	const known = ['start_date', 'end_date', 'email', 'offset', 'limit', ...extraFilters];
	const unknown = [...query.keys()].find((k) => !known.includes(k));
	if (unknown) return invalid(`unknown parameter: ${unknown}`);
	const { offset, limit } = offsetLimit(query);
	if (offset === undefined || limit === undefined) return invalid('offset/limit out of range');
	const email = query.get('email');
	const start = query.get('start_date');
	const end = query.get('end_date');
	let matching: T[];
	if (email !== null) {
		matching = all.filter((r) => r.email.toLowerCase() === email.toLowerCase());
	} else {
		if (start === null || end === null || !DAY.test(start) || !DAY.test(end)) return invalid('start_date and end_date (yyyy-MM-dd) or email is required');
		const days = (Date.parse(end) - Date.parse(start)) / 86_400_000;
		if (!(days >= 0)) return invalid('end_date is before start_date');
		if (days > 92) return invalid('time span cannot be longer than 3 months');
		matching = all.filter((r) => {
			const day = String(r[timeField]).slice(0, 10);
			return day >= start && day <= end;
		});
	}
	matching = matching.filter(filter);
	const page = matching.slice(offset, offset + limit);
	return { ok: { result: page as unknown as JsonObject[], count: page.length, total: matching.length } };
}

/** `n` unsubscribes, one per day and api_user in turn, from `firstDay` (UTC+8 timestamps, as EngageLab writes them). */
export function someUnsubscribes(n: number, firstDay = '2026-12-01', apiUsers = ['acme_news', 'acme_batch']): Unsubscribe[] {
	const start = Date.parse(`${firstDay}T00:00:00Z`);
	return Array.from({ length: n }, (_, i) => {
		const day = new Date(start + Math.floor(i / 50) * 86_400_000).toISOString().slice(0, 10);
		const time = `${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00`;
		return {
			email: `user${i}@example.com`,
			api_user: apiUsers[i % apiUsers.length],
			type: i % 4,
			unsubscribe_time: `${day}T${time}+08:00`,
			expire_time: `${String(Number(day.slice(0, 4)) + 2)}${day.slice(4)}T${time}+08:00`,
		};
	});
}
