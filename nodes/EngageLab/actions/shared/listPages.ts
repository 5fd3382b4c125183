/**
 * Reading an EngageLab list (Email's `{result: [...], count, total}`, offset/limit ≤ 100,
 * docs/messaging/read-api.md §1; the products' template lists too) page by page for one input item: Return All reads every page,
 * Limit stops at that many records. Each page starts where the records received so far end
 * (never `+= limit`, in case EngageLab caps a page), records are de-duplicated by their key (a
 * record inserted while paging shifts the list by one), and a server that answers the same page
 * again is an error, not an endless loop.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ListJob } from '../../execution/work';
import type { EngageLabResponse } from '../../transport/request';

/** EngageLab's largest page. */
const MAX_PAGE_SIZE = 100;

export interface ListRead {
	node: INode;
	itemIndex: number;
	/** The path without query. */
	path: string;
	/** The query's filters (offset and limit are added per page); undefined values are left out. */
	query: Record<string, string | undefined>;
	/** Every record, or at most `limit`. */
	returnAll: boolean;
	limit: number;
	/** What makes a record the same record on another page. */
	key(record: IDataObject): string;
	/** A record as the output item shows it. */
	toOutput(record: IDataObject): IDataObject;
}

/** `a=1&b=2`, each value percent-encoded on its own (`;` inside a value stays `;`-joined lists intact). */
export function queryString(query: Record<string, string | number | undefined>): string {
	return Object.entries(query)
		.filter(([, v]) => v !== undefined)
		.map(([k, v]) => `${k}=${String(v).split(';').map(encodeURIComponent).join(';')}`)
		.join('&');
}

/** The records of one page, or an error: a 2xx without the documented list must not end a Return All early. */
function pageOf(read: ListRead, response: EngageLabResponse): { records: IDataObject[]; total?: number } {
	const body = response.result as IDataObject | undefined;
	const records = body?.result;
	if (!Array.isArray(records) || !records.every((r) => typeof r === 'object' && r !== null && !Array.isArray(r))) {
		throw new NodeOperationError(read.node, `EngageLab answered ${read.path} without a list of records`, {
			itemIndex: read.itemIndex,
			description:
				'Expected {"result": [...], "count": n, "total": n}. Check the credential\'s host (a proxy or another service may have answered); nothing was output for this item.',
		});
	}
	const total = Number(body?.total);
	return { records: records as IDataObject[], total: Number.isFinite(total) && total >= 0 ? total : undefined };
}

/** The work of one item's list read: its pages, in order, through the run's scheduler. */
export function listJob(read: ListRead): ListJob {
	const pageSize = read.returnAll ? MAX_PAGE_SIZE : Math.min(read.limit, MAX_PAGE_SIZE);
	return {
		items: [read.itemIndex],
		list: async (send) => {
			const out: IDataObject[] = [];
			const seen = new Set<string>();
			let offset = 0;
			for (let pages = 1; ; pages++) {
				const path = `${read.path}?${queryString({ ...read.query, offset, limit: pageSize })}`;
				const { records, total } = pageOf(read, await send({ method: 'GET', path, body: undefined, itemIndex: read.itemIndex, idempotent: true }));
				let fresh = 0;
				for (const record of records) {
					const key = read.key(record);
					if (seen.has(key)) continue;
					seen.add(key);
					fresh++;
					out.push(read.toOutput(record));
					if (!read.returnAll && out.length >= read.limit) return out;
				}
				offset += records.length;
				// A full page of records already read: the server ignored the offset (a shift from
				// records added while paging moves a few, never a whole page).
				const repeated = fresh === 0 && records.length === pageSize && pages > 1;
				if (!repeated && (records.length < pageSize || (total !== undefined && offset >= total))) return out;
				if (repeated || pages >= (total === undefined ? Infinity : Math.ceil(total / pageSize) + 1)) {
					throw new NodeOperationError(read.node, 'EngageLab returned the same page again', {
						itemIndex: read.itemIndex,
						description: `Page ${pages} of ${read.path} (offset ${offset - records.length}) held no record that was not already read, so the node stopped instead of reading the list forever. Try again later; if it persists, EngageLab may be ignoring the offset.`,
					});
				}
			}
		},
	};
}

/** A record with every ID field (`id`, `*_id`) as a string, so a join on it never changes type with the value's size. */
export function withStringIds(record: IDataObject): IDataObject {
	const out: IDataObject = {};
	for (const [k, v] of Object.entries(record)) out[k] = (k === 'id' || k.endsWith('_id')) && typeof v === 'number' ? String(v) : v;
	return out;
}
