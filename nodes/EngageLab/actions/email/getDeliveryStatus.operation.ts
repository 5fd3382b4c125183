/**
 * Email → Get Delivery Status (`GET /v1/email_status`, docs/messaging/read-api.md §4): the
 * status of each email ID (Send's `email_ids`), one output item per record; an ID EngageLab
 * does not know is an item `{email_id, found: false}`, not an error.
 *
 * `send_date` is required and, without an address, only that day is searched: when Send Date is
 * empty it comes from each ID's first 13 digits (the request time in Unix ms, read in UTC+8,
 * EngageLab's zone) and IDs are grouped by day. Up to 100 IDs per call (one page answers one
 * batch) and a URL of at most 4,000 characters. EngageLab allows 60 calls a minute per account:
 * these calls are paced at one a second across the run, and a 429 pauses the run (transport).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ListJob, Work } from '../../execution/work';
import { RequestGate } from '../../transport/retry';
import { checkDayRange } from '../../validation/dayRange';
import { valueOrRefuse } from '../shared/parameters';
import type { Operation, WorkContext } from '../types';
import { listJob } from '../shared/listPages';

const show = { resource: ['email'], operation: ['getDeliveryStatus'] };
const PACE_MS = 1000;
const IDS_PER_CALL = 100;
const MAX_URL_QUERY = 4000;
const UTC8_MS = 8 * 3_600_000;

const STATUS_NAMES: Readonly<Record<string, string>> = { 18: 'sending', 1: 'delivered', 5: 'soft_bounce', 4: 'invalid' };
const SUB_STATUS_NAMES: Readonly<Record<string, string>> = {
	401: 'invalid_blacklist', 402: 'invalid_unsubscribe', 403: 'invalid_server_error', 404: 'invalid_format', 405: 'invalid_ip_domain_rejected',
	406: 'invalid_not_exist', 407: 'invalid_junk', 408: 'invalid_rejected', 409: 'invalid_other', 503: 'soft_bounce_server_error',
	505: 'soft_bounce_ip_rejected', 506: 'soft_bounce_not_exist', 507: 'soft_bounce_spam_rejected', 508: 'soft_bounce_rejected', 509: 'soft_bounce_other',
};

const description: INodeProperties[] = [
	{
		displayName: 'Email IDs',
		name: 'emailIds',
		type: 'string',
		required: true,
		default: '',
		placeholder: '={{ $json.email_ids }}',
		description: 'The email IDs Email → Send returned (email_ids), separated by commas or line breaks, or an array from an expression',
		displayOptions: { show },
	},
	{
		displayName: 'Send Date',
		name: 'sendDate',
		type: 'dateTime',
		default: '',
		description: 'The day the emails were sent. Empty: read from each ID (its first 13 digits are the send time).',
		displayOptions: { show },
	},
];

/** The item's IDs: each a string without spaces, commas or semicolons (they separate IDs), each once. */
function readIds(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const raw = ctx.getNodeParameter('emailIds', itemIndex, '') as unknown;
	const list = (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(/[,;\s]+/)).map((s) => s.trim()).filter(Boolean);
	if (list.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No email ID given', { itemIndex, description: 'Give the email_ids of Email → Send. Nothing was sent for this item.' });
	}
	const bad = list.find((id) => /[\s,;]/.test(id));
	if (bad) throw new NodeOperationError(ctx.getNode(), `Email ID "${bad.slice(0, 80)}" holds a space, comma or semicolon`, { itemIndex });
	return [...new Set(list)];
}

/** The send day of an ID from its 13-digit millisecond prefix, in UTC+8; undefined when it has none. */
function dayOf(id: string): string | undefined {
	const m = /^(\d{13})/.exec(id);
	return m ? new Date(Number(m[1]) + UTC8_MS).toISOString().slice(0, 10) : undefined;
}

function utcDayOf(id: string): string | undefined {
	const m = /^(\d{13})/.exec(id);
	return m ? new Date(Number(m[1])).toISOString().slice(0, 10) : undefined;
}

function withNames(record: IDataObject): IDataObject {
	const out: IDataObject = { ...record, found: true };
	if (record.status !== undefined) out.status_name = STATUS_NAMES[String(record.status)] ?? null;
	if (record.sub_status !== undefined) out.sub_status_name = SUB_STATUS_NAMES[String(record.sub_status)] ?? null;
	return out;
}

/** IDs in calls of at most IDS_PER_CALL and MAX_URL_QUERY characters. */
function batches(ids: string[]): string[][] {
	const out: string[][] = [];
	let current: string[] = [];
	let length = 0;
	for (const id of ids) {
		const size = encodeURIComponent(id).length + 1;
		if (current.length === IDS_PER_CALL || (current.length > 0 && length + size > MAX_URL_QUERY)) {
			out.push(current);
			current = [];
			length = 0;
		}
		current.push(id);
		length += size;
	}
	if (current.length) out.push(current);
	return out;
}

function work(ctx: IExecuteFunctions, { itemCount, scheduler }: WorkContext): Iterator<Work> {
	const node = ctx.getNode();
	const gate = new RequestGate(PACE_MS, scheduler.settings.timing, scheduler.settings.signal);
	const statusJob = (itemIndex: number): ListJob => {
		const ids = readIds(ctx, itemIndex);
		const given = ctx.getNodeParameter('sendDate', itemIndex, '') as unknown;
		const fixedDay = given === '' || given == null ? undefined : valueOrRefuse(ctx, checkDayRange(given, given), itemIndex, 'Set Send Date as a day (yyyy-MM-dd), or leave it empty.').start;
		const byDay = new Map<string, string[]>();
		for (const id of ids) {
			const day = fixedDay ?? dayOf(id);
			if (!day) {
				throw new NodeOperationError(node, `Email ID "${id.slice(0, 80)}" does not start with a send time`, {
					itemIndex,
					description: 'Set Send Date (the day the email was sent). Nothing was sent for this item.',
				});
			}
			byDay.set(day, [...(byDay.get(day) ?? []), id]);
		}
		return {
			items: [itemIndex],
			list: async (send) => {
				const paced: typeof send = async (call) => {
					await gate.enter();
					return await send(call);
				};
				const found = new Map<string, IDataObject>();
				const out: IDataObject[] = [];
				const ask = async (asked: Map<string, string[]>) => {
					for (const [day, dayIds] of asked) {
						for (const batch of batches(dayIds)) {
							const records = await listJob({
								node,
								itemIndex,
								path: '/v1/email_status',
								query: { send_date: day, email_ids: batch.join(';') },
								returnAll: true,
								limit: Infinity,
								key: (r) => String(r.email_id ?? JSON.stringify(r)),
								toOutput: withNames,
							}).list(paced);
							for (const r of records) {
								found.set(String(r.email_id), r);
								out.push(r);
							}
						}
					}
				};
				await ask(byDay);
				// The UTC+8 day is an inference (read-api.md "Email ids, batching and send_date"): an ID
				// not found there is asked once more under its UTC day when that is another day.
				if (fixedDay === undefined) {
					const again = new Map<string, string[]>();
					for (const id of ids) {
						const utc = found.has(id) ? undefined : utcDayOf(id);
						if (utc !== undefined && utc !== dayOf(id)) again.set(utc, [...(again.get(utc) ?? []), id]);
					}
					await ask(again);
				}
				for (const id of ids) if (!found.has(id)) out.push({ email_id: id, found: false });
				return out;
			},
		};
	};
	function* items(): Generator<Work> {
		for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
			try {
				yield statusJob(itemIndex);
			} catch (error) {
				yield { item: itemIndex, error };
			}
		}
	}
	return items();
}

/** email:getDeliveryStatus as its resource lists it: the fields above and the work of a run. */
export const getDeliveryStatus: Operation = { description, work };
