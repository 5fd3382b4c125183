/**
 * What every messaging operation shares: one request per item, refused items failing with their
 * item index before any request, and sends that are never repeated after an ambiguous failure.
 */
import type { IDataObject } from 'n8n-workflow';

import type { Job, Work } from '../../execution/work';
import type { EngageLabResponse } from '../../transport/request';

/** Why a send is not sent again after an answer was lost (engageLabRequest's unsafe case). */
const SEND_NOT_REPEATED =
	'A message send is not safe to repeat: EngageLab may have accepted it before the answer was lost, and a second send could deliver it twice, so the node did not send it again. Check the message log in the EngageLab console before running this item again.';

/** One job per item, built by `job`; an item whose parameters are refused fails on its own. */
export function* perItem(itemCount: number, job: (itemIndex: number) => Job): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			yield job(itemIndex);
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

/** A send of one item: POSTed once, its answer (the product's JSON) merged into the output. */
export function sendJob(
	itemIndex: number,
	path: string,
	body: IDataObject,
	output: (result: IDataObject) => IDataObject,
	idempotent = false,
): Job {
	return {
		items: [itemIndex],
		call: { path, body, itemIndex, idempotent, notRepeatedBecause: SEND_NOT_REPEATED },
		toResults: (response: EngageLabResponse) => [output((response.result ?? {}) as IDataObject)],
	};
}
