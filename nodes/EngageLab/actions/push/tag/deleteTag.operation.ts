/**
 * App Push / Web Push → Delete Tag (`DELETE /v4/tags/{tag}[?platform=a,b]`, D22): removes the tag
 * from every device (of the chosen platforms). Idempotent in effect: retried freely; a repeat
 * answered 21003 or 404 found the tag gone, which the earlier attempt did.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Work } from '../../../execution/work';
import type { PushProduct } from '../../../products/push/hosts';
import type { Operation } from '../../types';
import { DONE_EARLIER_NOTE, platformField, platformQuery, sendPathCall, tagOrAlias } from '../pathCall';
import { builtOrRefuse } from '../pushItem';
import { tagLocator } from './tagField';

function* work(ctx: IExecuteFunctions, product: PushProduct, itemCount: number): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const tag = builtOrRefuse(ctx, tagOrAlias(ctx.getNodeParameter('tag', itemIndex, '', { extractValue: true }), 'Tag'), itemIndex);
			const query = product === 'appPush' ? builtOrRefuse(ctx, platformQuery(ctx.getNodeParameter('platforms', itemIndex, [])), itemIndex) : '';
			const path = `/v4/tags/${encodeURIComponent(tag)}${query}`;
			yield {
				items: [itemIndex],
				list: async (send) => {
					const answer = await sendPathCall(send, { node: ctx.getNode(), product, itemIndex, method: 'DELETE', path, operation: 'Delete Tag', appOnly: true, doneOnRepeat: true });
					return [{ tag, deleted: true, ...(answer === 'doneEarlier' && { note: DONE_EARLIER_NOTE }) }];
				},
			};
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

export function pushDeleteTag(product: PushProduct, resource: string): Operation {
	const show = { resource: [resource], operation: ['deleteTag'] };
	const description: INodeProperties[] = [
		tagLocator(product, { displayName: 'Tag', name: 'tag', required: true, description: 'The tag to remove from every device that has it' }, show),
		...platformField(product, show, 'Only from devices of these platforms; none chosen: every platform'),
	];
	return { description, work: (ctx, { itemCount }) => work(ctx, product, itemCount) };
}
