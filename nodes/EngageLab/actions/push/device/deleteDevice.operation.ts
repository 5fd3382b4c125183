/**
 * App Push / Web Push → Delete Device (`DELETE /v4/devices/{registration_id}`, D21): removes the
 * device with its tags and alias, asynchronously and for good. Idempotent in effect: retried
 * freely (27002 included, D9); a repeat that finds the device gone reads as done.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Work } from '../../../execution/work';
import type { PushProduct } from '../../../products/push/hosts';
import type { Operation, WorkContext } from '../../types';
import { withOwnRepeats } from '../ownRepeats';
import { DONE_EARLIER_NOTE, registrationId, sendPathCall } from '../pathCall';
import { builtOrRefuse } from '../pushItem';
import { registrationIdField } from './getDevice.operation';

/**
 * 27002 ("unknown error") is not transient for a push (D9), but a device delete may repeat it, as
 * the transport repeats its transient codes: up to Max Attempts, with the same backoff.
 */
const RETRIED_UNKNOWN_ERROR = '27002';

function* work(ctx: IExecuteFunctions, product: PushProduct, { itemCount, scheduler }: WorkContext): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const id = builtOrRefuse(ctx, registrationId(ctx.getNodeParameter('registrationId', itemIndex, '')), itemIndex);
			const path = `/v4/devices/${encodeURIComponent(id)}`;
			yield {
				items: [itemIndex],
				list: async (send) => {
					const answer = await withOwnRepeats(
						scheduler.settings,
						async (attempt) =>
							await sendPathCall(send, { node: ctx.getNode(), product, itemIndex, method: 'DELETE', path, operation: 'Delete Device', doneOnRepeat: true, repeatOf: attempt > 1 }),
						(error) => error instanceof NodeApiError && error.httpCode === RETRIED_UNKNOWN_ERROR,
					);
					return [{ registration_id: id, deleted: true, ...(answer === 'doneEarlier' && { note: DONE_EARLIER_NOTE }) }];
				},
			};
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

export function pushDeleteDevice(product: PushProduct, resource: string): Operation {
	return {
		description: [
			registrationIdField(
				resource,
				'deleteDevice',
				'The device to delete, with its tags and alias. EngageLab deletes it asynchronously, and it cannot be undone.',
			),
		],
		work: (ctx, run) => work(ctx, product, run),
	};
}
