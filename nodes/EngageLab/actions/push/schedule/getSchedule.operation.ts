/**
 * App Push / Web Push → Get Schedule (`GET /v4/schedules/{id}`, D19): the answer is an array of
 * one (EngageLab's SDKs) or the bare object; either becomes one output item.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Work } from '../../../execution/work';
import type { EngageLabResponse } from '../../../transport/request';
import type { Operation, WorkContext } from '../../types';
import type { JsonObject } from '../shared/built';
import { scheduleFromGet } from '../shared/schedule';
import { scheduleIdField, scheduleIdPath } from './scheduleId';

/** The schedule of a GET answer (the answer reader gives an array as `{items}`). */
export function scheduleOfAnswer(response: EngageLabResponse): JsonObject | undefined {
	const result = response.result as JsonObject | undefined;
	return scheduleFromGet(Array.isArray(result?.items) ? result.items : result);
}

function* work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const { id, path } = scheduleIdPath(ctx, itemIndex);
			yield {
				items: [itemIndex],
				call: { method: 'GET', path, body: undefined, itemIndex, idempotent: true },
				toResults: (response) => {
					const schedule = scheduleOfAnswer(response);
					if (schedule && Object.keys(schedule).length > 0) return [{ schedule_id: id, ...schedule } as IDataObject];
					return [new NodeOperationError(ctx.getNode(), `EngageLab answered without schedule ${id}`, { itemIndex, description: 'Check the Schedule ID and the credential\'s host.' })];
				},
			};
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

export function pushGetSchedule(resource: string): Operation {
	return { description: [scheduleIdField(resource, 'getSchedule')], work };
}
