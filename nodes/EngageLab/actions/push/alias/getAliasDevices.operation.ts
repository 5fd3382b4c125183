/**
 * App Push / Web Push → Get Alias Devices (`GET /v4/aliases/{alias}[?platform=…]`, D23): the
 * registration IDs that carry the alias, as EngageLab lists them (0, 1 or more). A read: retried
 * freely.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Work } from '../../../execution/work';
import type { PushProduct } from '../../../products/push/hosts';
import type { Operation } from '../../types';
import { dataOf, platformField, platformQuery, sendPathCall, tagOrAlias, type PathCall } from '../pathCall';
import { builtOrRefuse } from '../pushItem';

export function aliasFields(product: PushProduct, resource: string, operation: string, description: string): INodeProperties[] {
	const show = { resource: [resource], operation: [operation] };
	return [
		{ displayName: 'Alias', name: 'alias', type: 'string', required: true, default: '', placeholder: 'customer-1042', description, displayOptions: { show } },
		...platformField(product, show, 'Only devices of these platforms; none chosen: every platform'),
	];
}

/** The alias and its `?platform=` query (App Push only), checked before sending. */
export function aliasPath(ctx: IExecuteFunctions, product: PushProduct, itemIndex: number): { alias: string; path: string } {
	const alias = builtOrRefuse(ctx, tagOrAlias(ctx.getNodeParameter('alias', itemIndex, ''), 'Alias'), itemIndex);
	const query = product === 'appPush' ? builtOrRefuse(ctx, platformQuery(ctx.getNodeParameter('platforms', itemIndex, [])), itemIndex) : '';
	return { alias, path: `/v4/aliases/${encodeURIComponent(alias)}${query}` };
}

function* work(ctx: IExecuteFunctions, product: PushProduct, itemCount: number): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const { alias, path } = aliasPath(ctx, product, itemIndex);
			const spec: PathCall = { node: ctx.getNode(), product, itemIndex, method: 'GET', path, operation: 'Get Alias Devices', appOnly: true };
			yield {
				items: [itemIndex],
				list: async (send) => {
					const answer = await sendPathCall(send, spec);
					const { registration_ids: ids, ...rest } = dataOf(spec, answer as Exclude<typeof answer, 'doneEarlier'>);
					return [{ alias, registration_ids: Array.isArray(ids) ? ids.map(String) : [], ...rest }];
				},
			};
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

export function pushGetAliasDevices(product: PushProduct, resource: string): Operation {
	return {
		description: aliasFields(product, resource, 'getAliasDevices', 'The alias whose devices to list'),
		work: (ctx, { itemCount }) => work(ctx, product, itemCount),
	};
}
