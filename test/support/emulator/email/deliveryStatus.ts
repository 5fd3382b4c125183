/**
 * GET /v1/email_status (docs/messaging/read-api.md §4), as the emulator answers it: send_date
 * (yyyy-MM-dd) required; email_ids `;`-joined (or `%3B`); api_user, email, domain_name,
 * label_id, status, sub_status; offset/limit ≤ 100; nothing else. Without `email` only records
 * of that send day match. The 60 calls a minute per account: the 61st within 60 s is HTTP 429
 * with the provisional code 42900 and Retry-After. The answer's record fields are provisional
 * (the page is cut off): email_id, api_user, email, status, sub_status, sub_stat_desc,
 * request_time, update_time.
 */
import type { JsonObject } from '../ma/maRules';
import type { Outcome } from '../productEmulator';
import { offsetLimit } from './suppressionLists';

export interface DeliveryStatus {
	email_id: string;
	api_user: string;
	email: string;
	status: number;
	sub_status: number;
	sub_stat_desc: string;
	request_time: string;
	update_time: string;
	/** The send day it is filed under (yyyy-MM-dd). */
	send_date: string;
}

const KNOWN = ['send_date', 'email_ids', 'api_user', 'email', 'domain_name', 'label_id', 'status', 'sub_status', 'offset', 'limit'];
export const EMAIL_RATE_LIMITED = 42900;
const WINDOW_MS = 60_000;
const PER_WINDOW = 60;

export function emailStatus(all: readonly DeliveryStatus[], calls: number[], query: URLSearchParams, now: number): Outcome {
	while (calls.length && now - calls[0] >= WINDOW_MS) calls.shift();
	if (calls.length >= PER_WINDOW) {
		const retryAfter = Math.ceil((WINDOW_MS - (now - calls[0])) / 1000);
		return {
			raw: { status: 429, body: `{"code":${EMAIL_RATE_LIMITED},"message":"Too many requests"}`, headers: { 'Retry-After': String(retryAfter) } },
		};
	}
	calls.push(now);
	const unknown = [...query.keys()].find((k) => !KNOWN.includes(k));
	if (unknown) return { code: 30202, message: `unknown parameter: ${unknown}` };
	const sendDate = query.get('send_date');
	if (sendDate === null || !/^\d{4}-\d{2}-\d{2}$/.test(sendDate)) return { code: 30202, message: 'send_date (yyyy-MM-dd) is required' };
	const { offset, limit } = offsetLimit(query);
	if (offset === undefined || limit === undefined) return { code: 30202, message: 'offset/limit out of range' };
	const ids = query.get('email_ids')?.split(';').filter(Boolean);
	const email = query.get('email');
	const matching = all.filter(
		(r) => (ids === undefined || ids.includes(r.email_id)) && (email === null ? r.send_date === sendDate : r.email === email),
	);
	const page = matching.slice(offset, offset + limit).map(({ send_date: _day, ...r }) => r);
	return { ok: { result: page as unknown as JsonObject[], count: page.length, total: matching.length } };
}
