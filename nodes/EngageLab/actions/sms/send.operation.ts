/**
 * SMS → Send (`POST /v1/messages`, docs/sms/api.md): an approved template with its
 * variables to one or more numbers, now or at a scheduled time. One request per item; never
 * sent twice after an ambiguous failure.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Work } from '../../execution/work';
import { SMS_LIMITS } from '../../products/sms/sms.product';
import { mappedVariables, templateField, templateValue, variablesField } from '../shared/templateFields';
import { valueOrRefuse } from '../shared/parameters';
import { perItem, sendJob } from '../shared/perItem';
import type { Operation, WorkContext } from '../types';
import { instantOf } from '../../validation/dateTime';
import type { Checked } from '../../validation/checked';
import { checkPhones } from '../../validation/recipients';

const show = { resource: ['sms'], operation: ['send'] };

const description: INodeProperties[] = [
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+6591234567',
		description: 'Mobile number in E.164 format (+, country code, number). Several: separate them with commas; a number given twice (however written) gets one SMS.',
		displayOptions: { show },
	},
	templateField(show, 'searchSmsTemplates', { displayName: 'ID', placeholder: '123456789' }, 'An approved SMS template (SMS console → Template Management)'),
	variablesField(show, 'getSmsTemplateVariables'),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Optional settings of this send',
		displayOptions: { show },
		options: [
			{
				displayName: 'Plan Name',
				name: 'planName',
				type: 'string',
				default: '',
				description: 'A name for this send in EngageLab\'s statistics',
			},
			{
				displayName: 'Schedule Time',
				name: 'scheduleTime',
				type: 'dateTime',
				default: '',
				description:
					"Send later instead of now: at least 3 minutes and at most 30 days ahead. A time without a zone is in the workflow's timezone (Workflow Settings); Unix seconds are accepted too.",
			},
		],
	},
];

/** A schedule time as Unix seconds, 3 minutes to 30 days after `nowMs`; a time without a zone is in `timeZone`. */
function checkScheduleTime(raw: unknown, nowMs: number, timeZone: string): Checked<number> {
	const instant = instantOf(raw, timeZone);
	if (!instant.ok) return { ok: false, problem: `The schedule time "${String(raw)}" is not a date and time` };
	const seconds = Math.floor(instant.value / 1000);
	const ahead = seconds - Math.floor(nowMs / 1000);
	if (ahead < SMS_LIMITS.scheduleMinSeconds || ahead > SMS_LIMITS.scheduleMaxSeconds) {
		const at = new Date(seconds * 1000).toISOString();
		return { ok: false, problem: `The schedule time ${at} (read in the workflow's timezone, ${timeZone}) is not between 3 minutes and 30 days from now` };
	}
	return { ok: true, value: seconds };
}

function work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Iterator<Work> {
	return perItem(itemCount, (itemIndex) => {
		const to = valueOrRefuse(ctx, checkPhones(ctx.getNodeParameter('to', itemIndex, ''), SMS_LIMITS.recipients), itemIndex, 'Check the To field.');
		const id = templateValue(ctx, itemIndex);
		const params = mappedVariables(ctx, itemIndex);
		const extra = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		// Always an object, empty without variables: valid whether `params` is required or not (sms.md, gap 4).
		const body: IDataObject = { to, template: { id, params } };
		const planName = String(extra.planName ?? '').trim();
		if (planName) body.plan_name = planName;
		if (extra.scheduleTime !== undefined && extra.scheduleTime !== '' && extra.scheduleTime !== null) {
			body.schedule_time = valueOrRefuse(ctx, checkScheduleTime(extra.scheduleTime, Date.now(), ctx.getTimezone()), itemIndex, 'Change Schedule Time, or remove it to send now.');
		}
		return sendJob(itemIndex, '/v1/messages', body, (result) => ({ to, template_id: id, ...result }));
	});
}

/** sms:send as its resource lists it: the fields above and the work of a run. */
export const send: Operation = { description, work, sends: true };
