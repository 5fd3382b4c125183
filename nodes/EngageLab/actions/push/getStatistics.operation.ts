/**
 * App Push → Get Statistics and Web Push → Get Statistics (`GET /v4/status/detail`, Web
 * `/v4/messages/details`, decisions D5, D17): one message ID per item, up to 100 items per
 * request, each item's output its message's statistics (`found: false` when EngageLab has none).
 * IDs stay digit strings end to end. A read: retried freely.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Job, Work } from '../../execution/work';
import type { PushProduct } from '../../products/push/hosts';
import { PUSH_LIMITS } from '../../products/push/limits';
import type { EngageLabResponse } from '../../transport/request';
import type { Operation, WorkContext } from '../types';
import { builtOrRefuse } from './pushItem';
import { messageId } from './shared/ids';
import { STATS_PATHS, statsItems, statsQuery } from './shared/stats';

function chunkJob(ctx: IExecuteFunctions, product: PushProduct, chunk: Array<{ item: number; id: string }>): Job {
	const ids = [...new Set(chunk.map((c) => c.id))];
	return {
		items: chunk.map((c) => c.item),
		call: { method: 'GET', path: `${STATS_PATHS[product][0]}?${statsQuery(ids)}`, body: undefined, itemIndex: chunk[0].item, idempotent: true },
		toResults: (response: EngageLabResponse) => {
			const read = statsItems(ids, response.result);
			if ('problem' in read) {
				return chunk.map(({ item }) => new NodeOperationError(ctx.getNode(), read.problem, { itemIndex: item }));
			}
			const byId = new Map(read.ok.map((s) => [s.message_id as string, s]));
			return chunk.map(({ id }) => byId.get(id) as Record<string, never>);
		},
	};
}

function* work(ctx: IExecuteFunctions, product: PushProduct, { itemCount }: WorkContext): Generator<Work> {
	let chunk: Array<{ item: number; id: string }> = [];
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			chunk.push({ item: itemIndex, id: builtOrRefuse(ctx, messageId(ctx.getNodeParameter('messageId', itemIndex, '')), itemIndex) });
		} catch (error) {
			yield { item: itemIndex, error };
		}
		if (new Set(chunk.map((c) => c.id)).size === PUSH_LIMITS.statsMessageIds) {
			yield chunkJob(ctx, product, chunk);
			chunk = [];
		}
	}
	if (chunk.length > 0) yield chunkJob(ctx, product, chunk);
}

export function pushGetStatistics(product: PushProduct, resource: string): Operation {
	const description: INodeProperties[] = [
		{
			displayName: 'Message ID',
			name: 'messageId',
			type: 'string',
			required: true,
			default: '',
			placeholder: '1666165485030094861',
			description: 'The msg_id Send answered (digits, as text). Items are asked 100 per request; EngageLab keeps statistics for a month.',
			displayOptions: { show: { resource: [resource], operation: ['getStatistics'] } },
		},
	];
	return { description, work: (ctx, run) => work(ctx, product, run) };
}
