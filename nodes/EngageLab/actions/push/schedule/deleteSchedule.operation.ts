/**
 * App Push / Web Push → Delete Schedule (`DELETE /v4/schedules/{id}`, D6, D19). Deleting twice
 * cannot do harm, so an ambiguous failure is repeated; but a repeat then finds the schedule gone
 * (21003 or a 404), which means the first attempt deleted it: that is read as done. A 21003 on
 * the first attempt is EngageLab saying the ID is unknown, and stays an error.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Work } from '../../../execution/work';
import { mayHaveBeenApplied } from '../../../transport/unsure';
import type { Operation, WorkContext } from '../../types';
import { withOwnRepeats } from '../ownRepeats';
import { scheduleIdField, scheduleIdPath } from './scheduleId';

/**
 * Sent as not idempotent so that the transport hands an ambiguous failure back here, where the
 * repeat is made (and its "not found" read as done); shown only when every attempt failed.
 */
const REPEATED_HERE = 'Deleting a schedule again is safe: run this item again (if the schedule is gone by then, EngageLab answers that it does not exist).';

const gone = (error: unknown) => error instanceof NodeApiError && (error.httpCode === '21003' || error.httpCode === '404');

const REPEAT_FOUND_IT_GONE = 'The first attempt\'s answer was lost and the repeat found the schedule gone: the first attempt deleted it.';

function* work(ctx: IExecuteFunctions, { itemCount, scheduler }: WorkContext): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const { id, path } = scheduleIdPath(ctx, itemIndex);
			yield {
				items: [itemIndex],
				list: async (send) => {
					const call = { method: 'DELETE' as const, path, body: undefined, itemIndex, idempotent: false as const, notRepeatedBecause: REPEATED_HERE };
					const note = await withOwnRepeats(
						scheduler.settings,
						async (attempt) =>
							await send(call).then(
								() => undefined,
								(error: unknown) => {
									if (attempt > 1 && gone(error)) return REPEAT_FOUND_IT_GONE;
									throw error;
								},
							),
						(error) => error instanceof Error && mayHaveBeenApplied.has(error),
					);
					return [{ schedule_id: id, deleted: true, ...(note !== undefined && { note }) }];
				},
			};
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

export function pushDeleteSchedule(resource: string): Operation {
	return { description: [scheduleIdField(resource, 'deleteSchedule')], work };
}
