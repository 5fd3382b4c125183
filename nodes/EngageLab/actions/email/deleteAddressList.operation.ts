/**
 * Email → Delete Address List (`DELETE /v1/address_lists/{id}`, docs/messaging/read-api.md §3.4,
 * provisional). Idempotent by nature: an ambiguous failure is repeated (actions/shared/
 * repeatedDelete.ts), and a repeat that finds the list gone (HTTP 404, our reading: the docs show
 * no answer for it) is read as done. A 404 on the first attempt means the ID is unknown: an error.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Work } from '../../execution/work';
import { addressListPath } from '../../products/email/addressLists';
import type { RequestCall, RequestSettings } from '../../transport/request';
import { repeatedDelete } from '../shared/repeatedDelete';
import type { Operation, WorkContext } from '../types';
import { addressListField, perListItem, unknownListError } from './addressListLocator';

const show = { resource: ['email'], operation: ['deleteAddressList'] };

const description: INodeProperties[] = [addressListField(show, 'The list to delete (its members are deleted with it)')];

/**
 * Sent as not idempotent so that the transport hands an ambiguous failure back here, where the
 * repeat is made (and its "not found" read as done); shown only when every attempt failed.
 */
const REPEATED_HERE = 'Deleting an address list again is safe: run this item again (if the list is gone by then, EngageLab answers that it is not found).';

const gone = (error: unknown) => error instanceof NodeApiError && error.httpCode === '404';

function work(ctx: IExecuteFunctions, { itemCount, scheduler }: WorkContext): Generator<Work> {
	const settings: RequestSettings = scheduler.settings;
	return perListItem(ctx, itemCount, () => undefined, async ({ node, itemIndex, id, rawSend }) => {
		const call: RequestCall = { method: 'DELETE', path: addressListPath(id), body: undefined, itemIndex, idempotent: false, notRepeatedBecause: REPEATED_HERE };
		const settled = await repeatedDelete(rawSend, call, settings, gone).then(
			(done) => done,
			(error: unknown) => ({ error: unknownListError(node, itemIndex, id, error) }),
		);
		if ('error' in settled) throw settled.error;
		if (!settled.repeatFoundGone) return [{ address_list_id: id, deleted: true }];
		return [{ address_list_id: id, deleted: true, note: 'The first attempt\'s answer was lost and the repeat found the list gone: the first attempt deleted it.' }];
	});
}

/** email:deleteAddressList as its resource lists it. */
export const deleteAddressList: Operation = { description, work };
