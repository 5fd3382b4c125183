/**
 * App Push / Web Push → Update Tag Devices (`POST /v4/tags/{tag}`, D22): add the tag to devices
 * and remove it from others, by registration ID, at most 1000 of each per request (more make more
 * requests). Set semantics: idempotent, retried freely, and running an item again is safe.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Work } from '../../../execution/work';
import type { PushProduct } from '../../../products/push/hosts';
import { PUSH_LIMITS } from '../../../products/push/limits';
import type { Operation } from '../../types';
import { sendPathCall, settle, tagOrAlias } from '../pathCall';
import { builtOrRefuse } from '../pushItem';
import { type Built, listOf, problem } from '../shared/built';
import { tagLocator } from './tagField';

type Ids = { add: string[]; remove: string[] };

/** The request bodies: the k-th add chunk with the k-th remove chunk, each at most 1000 IDs. */
function tagDeviceBodies(add: unknown, remove: unknown, size: number = PUSH_LIMITS.tagDeviceIds): Built<Array<{ registration_ids: Partial<Ids> }>> {
	const ids: Ids = { add: listOf(add), remove: listOf(remove) };
	if (ids.add.length + ids.remove.length === 0) return problem('No registration IDs to add or remove', 'Give registration IDs to add the tag to, or to remove it from.');
	const both = ids.add.find((id) => ids.remove.includes(id));
	if (both !== undefined) return problem(`Registration ID "${both}" is both added and removed`, 'Which one EngageLab applies is not defined: keep it in one list.');
	const bodies: Array<{ registration_ids: Partial<Ids> }> = [];
	for (let k = 0; k * size < Math.max(ids.add.length, ids.remove.length); k++) {
		const chunk = (list: string[]) => list.slice(k * size, (k + 1) * size);
		const [a, r] = [chunk(ids.add), chunk(ids.remove)];
		bodies.push({ registration_ids: { ...(a.length > 0 && { add: a }), ...(r.length > 0 && { remove: r }) } });
	}
	return { ok: bodies };
}

function* work(ctx: IExecuteFunctions, product: PushProduct, itemCount: number): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const tag = builtOrRefuse(ctx, tagOrAlias(ctx.getNodeParameter('tag', itemIndex, '', { extractValue: true }), 'Tag'), itemIndex);
			const bodies = builtOrRefuse(
				ctx,
				tagDeviceBodies(ctx.getNodeParameter('addRegistrationIds', itemIndex, ''), ctx.getNodeParameter('removeRegistrationIds', itemIndex, '')),
				itemIndex,
			);
			const path = `/v4/tags/${encodeURIComponent(tag)}`;
			yield {
				items: [itemIndex],
				list: async (send) => {
					let added = 0;
					let removed = 0;
					for (const body of bodies) {
						const settled = await settle(sendPathCall(send, { node: ctx.getNode(), product, itemIndex, method: 'POST', path, body, operation: 'Update Tag Devices', appOnly: true }));
						if ('error' in settled) {
							const { error } = settled;
							if (added + removed > 0 && (error instanceof NodeApiError || error instanceof NodeOperationError)) {
								error.description = `${added} registration IDs were added and ${removed} removed by the earlier requests of this item; running it again is safe. ${error.description ?? ''}`.trim();
							}
							throw error;
						}
						added += body.registration_ids.add?.length ?? 0;
						removed += body.registration_ids.remove?.length ?? 0;
					}
					return [{ tag, added, removed }];
				},
			};
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

export function pushUpdateTagDevices(product: PushProduct, resource: string): Operation {
	const show = { resource: [resource], operation: ['updateTagDevices'] };
	const ids = (displayName: string, name: string, description: string): INodeProperties => ({
		displayName,
		name,
		type: 'string',
		default: '',
		placeholder: '1a0018970ab49abda3e, 100d85590955c1d2793',
		description,
		displayOptions: { show },
	});
	const description: INodeProperties[] = [
		tagLocator(product, { displayName: 'Tag', name: 'tag', required: true, description: 'The tag to add to devices or remove from them' }, show),
		ids('Registration IDs to Add', 'addRegistrationIds', 'Devices that get the tag; separate several with commas (1000 per request, more make more requests)'),
		ids('Registration IDs to Remove', 'removeRegistrationIds', 'Devices that lose the tag; separate several with commas'),
	];
	return { description, work: (ctx, { itemCount }) => work(ctx, product, itemCount) };
}
