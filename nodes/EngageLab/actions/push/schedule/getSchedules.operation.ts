/**
 * App Push / Web Push → Get Many Schedules (`GET /v4/schedules?page=N`, D19): one output item per
 * schedule, as EngageLab gives it; Return All reads every page, Limit stops once reached.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import type { Work } from '../../../execution/work';
import { readLimit, returnAllFields } from '../../shared/returnAll';
import type { Operation, WorkContext } from '../../types';
import { readSchedules } from './scheduleList';

function* work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
			const limit = readLimit(ctx, itemIndex, returnAll);
			yield { items: [itemIndex], list: async (send) => await readSchedules(ctx.getNode(), send, itemIndex, limit) };
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

export function pushGetSchedules(resource: string): Operation {
	return { description: returnAllFields({ resource: [resource], operation: ['getSchedules'] }), work };
}
