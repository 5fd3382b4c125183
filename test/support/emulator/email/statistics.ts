/**
 * GET /v1/stats_day (docs/messaging/read-api.md §5), as the emulator answers it: start_date and
 * end_date required (yyyy-MM-dd, ≤ 92 days apart), time_zone, api_users, label_ids,
 * domain_names, aggregate_by 0/1 (digits); no other parameter. The docs' curl examples call
 * /v1/day_stats with api_user_list: accepted too. aggregate_by=1 answers {"result": {…}} with
 * the counters a real client read ([stats-client]) plus provisional names; aggregate_by=0 an
 * array of per-day records (shape unknown, provisional). Counters are made from the day, so a
 * test can compute them.
 */
import type { JsonObject } from '../ma/maRules';
import type { Outcome } from '../productEmulator';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const KNOWN = ['start_date', 'end_date', 'time_zone', 'api_users', 'api_user_list', 'label_ids', 'domain_names', 'aggregate_by'];

/** The counters of one day (deterministic: from its day of month). */
export function dayCounters(day: string): JsonObject {
	const n = Number(day.slice(8, 10));
	const targets = 100 * n;
	const delivered = targets - n;
	return {
		targets: BigInt(targets),
		sent: BigInt(targets),
		delivered: BigInt(delivered),
		delivered_percent: Math.round((delivered / targets) * 10_000) / 100,
		invalid_email: BigInt(n),
		invalid_email_percent: Math.round((n / targets) * 10_000) / 100,
		soft_bounce: 0n,
		soft_bounce_percent: 0,
		report_spam: 0n,
		open: BigInt(n * 10),
		click: BigInt(n),
		unsubscribe: 1n,
		billing_count: BigInt(targets),
	};
}

export function statsDay(query: URLSearchParams): Outcome {
	const unknown = [...query.keys()].find((k) => !KNOWN.includes(k));
	if (unknown) return { code: 30202, message: `unknown parameter: ${unknown}` };
	const start = query.get('start_date');
	const end = query.get('end_date');
	if (start === null || end === null || !DAY.test(start) || !DAY.test(end)) return { code: 30202, message: 'start_date and end_date (yyyy-MM-dd) are required' };
	const days = (Date.parse(end) - Date.parse(start)) / 86_400_000;
	if (!(days >= 0)) return { code: 30202, message: 'end_date is before start_date' };
	if (days > 92) return { code: 30202, message: 'time span cannot be longer than 3 months' };
	const aggregate = query.get('aggregate_by') ?? '0';
	if (aggregate !== '0' && aggregate !== '1') return { code: 30202, message: 'aggregate_by must be 1 or 0' };
	const tz = query.get('time_zone');
	if (tz !== null && !/^[+-]?\d{1,2}(?:\.5)?$/.test(tz)) return { code: 30202, message: 'invalid time_zone' };
	const list: JsonObject[] = [];
	for (let t = Date.parse(start); t <= Date.parse(end); t += 86_400_000) {
		const day = new Date(t).toISOString().slice(0, 10);
		list.push({ date: day, ...dayCounters(day) });
	}
	if (aggregate === '0') return { ok: { result: list } };
	if (list.length === 1) return { ok: { result: dayCounters(start) } };
	const sum = (k: string) => list.reduce((a, r) => a + (r[k] as bigint), 0n);
	const targets = sum('targets');
	const delivered = sum('delivered');
	return {
		ok: {
			result: {
				targets,
				sent: sum('sent'),
				delivered,
				delivered_percent: Math.round((Number(delivered) / Number(targets)) * 10_000) / 100,
				invalid_email: sum('invalid_email'),
				billing_count: sum('billing_count'),
			},
		},
	};
}
