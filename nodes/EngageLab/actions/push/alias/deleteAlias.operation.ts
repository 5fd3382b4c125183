/**
 * App Push / Web Push → Delete Alias (`DELETE /v4/aliases/{alias}[?platform=…]`, D23): takes the
 * alias off its devices. Idempotent in effect: retried freely; a repeat answered 21003 or 404
 * found the alias gone, which the earlier attempt did.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { Work } from '../../../execution/work';
import type { PushProduct } from '../../../products/push/hosts';
import type { Operation } from '../../types';
import { DONE_EARLIER_NOTE, sendPathCall } from '../pathCall';
import { aliasFields, aliasPath } from './getAliasDevices.operation';

function* work(ctx: IExecuteFunctions, product: PushProduct, itemCount: number): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const { alias, path } = aliasPath(ctx, product, itemIndex);
			yield {
				items: [itemIndex],
				list: async (send) => {
					const answer = await sendPathCall(send, { node: ctx.getNode(), product, itemIndex, method: 'DELETE', path, operation: 'Delete Alias', appOnly: true, doneOnRepeat: true });
					return [{ alias, deleted: true, ...(answer === 'doneEarlier' && { note: DONE_EARLIER_NOTE }) }];
				},
			};
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

export function pushDeleteAlias(product: PushProduct, resource: string): Operation {
	return {
		description: aliasFields(product, resource, 'deleteAlias', 'The alias to take off its devices (the devices stay)'),
		work: (ctx, { itemCount }) => work(ctx, product, itemCount),
	};
}
