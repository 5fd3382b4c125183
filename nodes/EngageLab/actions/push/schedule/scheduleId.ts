/** The Schedule ID field of Get, Update and Delete Schedule, and the ID as a path segment. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { builtOrRefuse } from '../pushItem';
import { problem, text } from '../shared/built';

export function scheduleIdField(resource: string, operation: string): INodeProperties {
	return {
		displayName: 'Schedule ID',
		name: 'scheduleId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'd5c6b5f1-2d8c-4d5e-9a43-0f6a0c7e5b21',
		description: 'The schedule_id that Create Schedule or Get Many Schedules output',
		displayOptions: { show: { resource: [resource], operation: [operation] } },
	};
}

/** The ID, encoded for the path (D20: a `/` or `?` in it must not change the path). */
export function scheduleIdPath(ctx: IExecuteFunctions, itemIndex: number): { id: string; path: string } {
	const id = builtOrRefuse(ctx, ((v) => (v === '' ? problem('Schedule ID is empty', 'Pass the schedule_id that Create Schedule or Get Many Schedules output.') : { ok: v }))(text(ctx.getNodeParameter('scheduleId', itemIndex, ''))), itemIndex);
	return { id, path: `/v4/schedules/${encodeURIComponent(id)}` };
}
