/**
 * App Push / Web Push → Update Schedule (D19, D37): whether EngageLab's PUT replaces or merges is
 * not documented, so the schedule is read, the changes are applied to it, and the whole object
 * (name, enabled, trigger, push) is PUT. The same body twice gives the same schedule, so both
 * requests are repeated freely. Every change is checked before anything is sent.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { PushProduct } from '../../../products/push/hosts';
import type { Work } from '../../../execution/work';
import type { Operation, WorkContext } from '../../types';
import { builtOrRefuse } from '../pushItem';
import { buildItem } from '../send.operation';
import { sendFields } from '../sendFields';
import type { JsonObject } from '../shared/built';
import { mergeScheduleUpdate, scheduleName } from '../shared/schedule';
import { scheduleOfAnswer } from './getSchedule.operation';
import { scheduleIdField, scheduleIdPath } from './scheduleId';
import { triggerFields, readTrigger } from './triggerFields';

const OPERATION = 'updateSchedule';

function description(product: PushProduct, resource: string): INodeProperties[] {
	const show = { resource: [resource], operation: [OPERATION] };
	const replacePush = { ...show, newPush: ['replace'] };
	return [
		scheduleIdField(resource, OPERATION),
		{
			displayName: 'Update Fields',
			name: 'scheduleUpdate',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'The name and on/off state to change; what is not set stays as it is',
			displayOptions: { show },
			options: [
				{ displayName: 'Enabled', name: 'enabled', type: 'boolean', default: true, description: 'Whether the schedule is on (off: it keeps its settings and sends nothing)' },
				{ displayName: 'Name', name: 'name', type: 'string', default: '', description: 'The new name: letters, digits and _ only, at most 255 bytes' },
			],
		},
		{
			displayName: 'Trigger',
			name: 'newTrigger',
			type: 'options',
			options: [
				{ name: 'Keep', value: 'keep', description: 'Leave the trigger as it is' },
				{ name: 'Single', value: 'single', description: 'Replace it: send once, at a set time' },
				{ name: 'Periodical', value: 'periodical', description: 'Replace it: send again and again between a start and an end' },
			],
			default: 'keep',
			description: 'Whether to keep the schedule\'s trigger or replace it',
			displayOptions: { show },
		},
		...triggerFields(show, 'newTrigger'),
		{
			displayName: 'Push',
			name: 'newPush',
			type: 'options',
			options: [
				{ name: 'Keep', value: 'keep', description: 'Leave the push as it is' },
				{ name: 'Replace', value: 'replace', description: 'Replace it with the push built below (as in Send)' },
			],
			default: 'keep',
			description: 'Whether to keep what the schedule pushes or replace it',
			displayOptions: { show },
		},
		...sendFields(product, replacePush).filter((field) => field.name !== 'validateOnly'),
	];
}

interface Changes {
	name?: string;
	enabled?: boolean;
	trigger?: JsonObject;
	push?: JsonObject;
}

function readChanges(ctx: IExecuteFunctions, product: PushProduct, itemIndex: number, nowMs: number): Changes {
	const fields = ctx.getNodeParameter('scheduleUpdate', itemIndex, {}) as IDataObject;
	const changes: Changes = {};
	if (fields.name !== undefined) changes.name = builtOrRefuse(ctx, scheduleName(fields.name), itemIndex);
	if (fields.enabled !== undefined) changes.enabled = fields.enabled === true;
	const trigger = ctx.getNodeParameter('newTrigger', itemIndex, 'keep') as string;
	if (trigger === 'single' || trigger === 'periodical') changes.trigger = readTrigger(ctx, itemIndex, trigger, nowMs);
	if (ctx.getNodeParameter('newPush', itemIndex, 'keep') === 'replace') changes.push = buildItem(ctx, product, itemIndex).body;
	return changes;
}

function* work(ctx: IExecuteFunctions, product: PushProduct, { itemCount, scheduler }: WorkContext): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const { id, path } = scheduleIdPath(ctx, itemIndex);
			const changes = readChanges(ctx, product, itemIndex, scheduler.settings.timing.now());
			yield {
				items: [itemIndex],
				list: async (send) => {
					const current = scheduleOfAnswer(await send({ method: 'GET', path, body: undefined, itemIndex, idempotent: true }));
					if (!current || current.trigger === undefined || current.push === undefined) {
						throw new NodeOperationError(ctx.getNode(), `EngageLab answered without schedule ${id}'s trigger and push`, {
							itemIndex,
							description: 'The schedule was not changed: the node changes a schedule only after reading it whole. Check the Schedule ID and the credential\'s host.',
						});
					}
					const body = mergeScheduleUpdate(current, changes);
					const answer = (await send({ method: 'PUT', path, body, itemIndex, idempotent: true })).result as JsonObject | undefined;
					const updated = answer && answer.trigger !== undefined && answer.push !== undefined ? answer : body;
					return [{ schedule_id: id, ...updated } as IDataObject];
				},
			};
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

export function pushUpdateSchedule(product: PushProduct, resource: string): Operation {
	return { description: description(product, resource), work: (ctx, run) => work(ctx, product, run) };
}
