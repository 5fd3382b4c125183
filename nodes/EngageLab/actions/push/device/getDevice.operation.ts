/**
 * App Push / Web Push → Get Device (`GET /v4/devices/{registration_id}`, D21): a device's tags and
 * alias, one item per input item. A read: retried freely.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Work } from '../../../execution/work';
import type { PushProduct } from '../../../products/push/hosts';
import type { Operation } from '../../types';
import { dataOf, registrationId, sendPathCall, type PathCall } from '../pathCall';
import { builtOrRefuse } from '../pushItem';

export function registrationIdField(resource: string, operation: string, description: string): INodeProperties {
	return {
		displayName: 'Registration ID',
		name: 'registrationId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '1a0018970ab49abda3e',
		description,
		displayOptions: { show: { resource: [resource], operation: [operation] } },
	};
}

function* work(ctx: IExecuteFunctions, product: PushProduct, itemCount: number): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const id = builtOrRefuse(ctx, registrationId(ctx.getNodeParameter('registrationId', itemIndex, '')), itemIndex);
			const spec: PathCall = { node: ctx.getNode(), product, itemIndex, method: 'GET', path: `/v4/devices/${encodeURIComponent(id)}`, operation: 'Get Device' };
			yield {
				items: [itemIndex],
				list: async (send) => {
					const answer = await sendPathCall(send, spec);
					const data = dataOf(spec, answer as Exclude<typeof answer, 'doneEarlier'>);
					return [{ registration_id: id, ...data }];
				},
			};
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

export function pushGetDevice(product: PushProduct, resource: string): Operation {
	return {
		description: [registrationIdField(resource, 'getDevice', 'The device, by the registration ID the app\'s SDK reported')],
		work: (ctx, { itemCount }) => work(ctx, product, itemCount),
	};
}
