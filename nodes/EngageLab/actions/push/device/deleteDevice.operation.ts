/**
 * App Push / Web Push → Delete Device (`DELETE /v4/devices/{registration_id}`, D21): removes the
 * device with its tags and alias, asynchronously and for good. Idempotent in effect: retried
 * freely (27002 included, D9); a repeat that finds the device gone reads as done.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { Work } from '../../../execution/work';
import type { PushProduct } from '../../../products/push/hosts';
import type { Operation } from '../../types';
import { DONE_EARLIER_NOTE, registrationId, sendPathCall, settle } from '../pathCall';
import { builtOrRefuse } from '../pushItem';
import { registrationIdField } from './getDevice.operation';

/**
 * 27002 ("unknown error") is not transient for a push (D9), but a device delete may repeat it: at
 * once, up to Max Attempts (the transport's backoff is for the codes it retries itself).
 */
const RETRIED_UNKNOWN_ERROR = '27002';

function* work(ctx: IExecuteFunctions, product: PushProduct, itemCount: number, maxAttempts: number): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const id = builtOrRefuse(ctx, registrationId(ctx.getNodeParameter('registrationId', itemIndex, '')), itemIndex);
			const path = `/v4/devices/${encodeURIComponent(id)}`;
			yield {
				items: [itemIndex],
				list: async (send) => {
					for (let attempt = 1; ; attempt++) {
						const settled = await settle(
							sendPathCall(send, { node: ctx.getNode(), product, itemIndex, method: 'DELETE', path, operation: 'Delete Device', doneOnRepeat: true, repeatOf: attempt > 1 }),
						);
						if ('ok' in settled) return [{ registration_id: id, deleted: true, ...(settled.ok === 'doneEarlier' && { note: DONE_EARLIER_NOTE }) }];
						const code = (settled.error as { httpCode?: unknown }).httpCode;
						if (code !== RETRIED_UNKNOWN_ERROR || attempt >= maxAttempts) throw settled.error;
					}
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
		work: (ctx, { itemCount }) => work(ctx, product, itemCount, maxAttemptsOf(ctx)),
	};
}

/** The run's Max Attempts (Options), as the transport uses it for the other retries. */
function maxAttemptsOf(ctx: IExecuteFunctions): number {
	const options = ctx.getNodeParameter('options', 0, {}) as { maxAttempts?: unknown };
	const n = Number(options.maxAttempts ?? 3);
	return Number.isInteger(n) && n >= 1 ? n : 3;
}
