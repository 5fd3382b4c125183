/**
 * Reading the schedule list page by page (D19: `GET /v4/schedules?page=N` from 1, until the last
 * page, an empty page, or 200 pages), shared by Get Many Schedules and Create Schedule's recovery.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { EngageLabResponse, RequestCall } from '../../../transport/request';
import { schedulePage } from '../shared/schedule';

type Send = (call: RequestCall) => Promise<EngageLabResponse>;

/**
 * Every schedule (or the first `limit`), each once: a schedule created while paging shifts the
 * pages, so one may come twice.
 */
export async function readSchedules(node: INode, send: Send, itemIndex: number, limit = Infinity): Promise<IDataObject[]> {
	const out: IDataObject[] = [];
	const seen = new Set<string>();
	for (let page = 1; ; page++) {
		const response = await send({ method: 'GET', path: `/v4/schedules?page=${page}`, body: undefined, itemIndex, idempotent: true });
		const read = schedulePage(response.result, page);
		if ('problem' in read) throw new NodeOperationError(node, read.problem, { itemIndex, description: read.description });
		for (const schedule of read.ok.schedules) {
			const id = schedule.schedule_id === undefined ? undefined : String(schedule.schedule_id);
			if (id !== undefined && seen.has(id)) continue;
			if (id !== undefined) seen.add(id);
			out.push(schedule as IDataObject);
			if (out.length >= limit) return out;
		}
		if (!read.ok.more) return out;
	}
}
