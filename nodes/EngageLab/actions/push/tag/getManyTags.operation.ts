/**
 * App Push / Web Push → Get Many Tags (`GET /v4/tags`, D22): the app's tags, one output item per
 * tag. EngageLab documents no paging: one answer holds them all, and Return All / Limit apply to
 * it. A read: retried freely.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Work } from '../../../execution/work';
import type { PushProduct } from '../../../products/push/hosts';
import { tagNames } from '../../../products/push/tagList';
import { readLimit, returnAllFields } from '../../shared/returnAll';
import type { Operation } from '../../types';
import { dataOf, sendPathCall, type PathCall } from '../pathCall';

function* work(ctx: IExecuteFunctions, product: PushProduct, itemCount: number): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
			const limit = readLimit(ctx, itemIndex, returnAll);
			const spec: PathCall = { node: ctx.getNode(), product, itemIndex, method: 'GET', path: '/v4/tags', operation: 'Get Many Tags', appOnly: true };
			yield {
				items: [itemIndex],
				list: async (send) => {
					const answer = await sendPathCall(send, spec);
					const names = tagNames(dataOf(spec, answer as Exclude<typeof answer, 'doneEarlier'>));
					if (!names) {
						throw new NodeOperationError(ctx.getNode(), 'EngageLab answered /v4/tags without a list of tags', {
							itemIndex,
							description: 'Expected {"tags": [...]}. Check the credential\'s data center or Custom URL.',
						});
					}
					return names.slice(0, limit).map((tag) => ({ tag }));
				},
			};
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

export function pushGetManyTags(product: PushProduct, resource: string): Operation {
	const description: INodeProperties[] = returnAllFields({ resource: [resource], operation: ['getManyTags'] });
	return { description, work: (ctx, { itemCount }) => work(ctx, product, itemCount) };
}
