/**
 * App Push → Withdraw and Web Push → Withdraw (`DELETE /v4/push/withdraw/{msg_id}`, decisions
 * D16): one message per item. Safe to repeat: a second withdraw cannot push anything, it can only
 * be refused (21003), so it is retried after an ambiguous failure like any read.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Work } from '../../execution/work';
import type { EngageLabResponse } from '../../transport/request';
import type { Operation, WorkContext } from '../types';
import { builtOrRefuse } from './pushItem';
import { answeredId, messageId } from './shared/ids';

function* work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const id = builtOrRefuse(ctx, messageId(ctx.getNodeParameter('messageId', itemIndex, '')), itemIndex);
			yield {
				items: [itemIndex],
				call: { method: 'DELETE', path: `/v4/push/withdraw/${id}`, body: undefined, itemIndex, idempotent: true },
				toResults: (response: EngageLabResponse) => {
					const result = (response.result ?? {}) as IDataObject;
					return [{ ...result, msg_id: answeredId(result.msg_id) ?? id, withdrawn: true }];
				},
			};
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

export function pushWithdraw(resource: string): Operation {
	const description: INodeProperties[] = [
		{
			displayName: 'Message ID',
			name: 'messageId',
			type: 'string',
			required: true,
			default: '',
			placeholder: '1666165485030094861',
			description: 'The msg_id Send answered (digits; pass it as text, it passes 2^53). EngageLab withdraws messages up to a day old.',
			displayOptions: { show: { resource: [resource], operation: ['withdraw'] } },
		},
	];
	return { description, work };
}
