/**
 * The trigger part of Create Schedule and Update Schedule (decisions D18, D36): Single (one time)
 * or Periodical (start, end, time of day, every N days/weeks/months on chosen days), read into the
 * pure builder of shared/schedule.ts with the run's clock and the workflow's time zone.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { SCHEDULE_WEEK_POINTS } from '../../../products/push/limits';
import { builtOrRefuse } from '../pushItem';
import type { JsonObject } from '../shared/built';
import { buildTrigger, type TriggerParams } from '../shared/schedule';

type Show = NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>;

const WEEK_DAY_NAMES: Readonly<Record<(typeof SCHEDULE_WEEK_POINTS)[number], string>> = {
	MON: 'Monday',
	TUE: 'Tuesday',
	WED: 'Wednesday',
	THU: 'Thursday',
	FRI: 'Friday',
	SAT: 'Saturday',
	SUN: 'Sunday',
};

const TIME_HELP = 'In the workflow\'s time zone unless the value carries an offset (then it is converted); yyyy-MM-dd HH:mm:ss text is sent as is';

/**
 * The trigger's fields, shown when the `choice` field (its name and the show rules of the
 * operation) holds single or periodical.
 */
export function triggerFields(show: Show, choice: string): INodeProperties[] {
	const single = { show: { ...show, [choice]: ['single'] } };
	const periodical = { show: { ...show, [choice]: ['periodical'] } };
	const either = { show: { ...show, [choice]: ['single', 'periodical'] } };
	return [
		{ displayName: 'Send At', name: 'sendAt', type: 'dateTime', required: true, default: '', description: `When the push goes out (in the future, at most a year ahead). ${TIME_HELP}.`, displayOptions: single },
		{ displayName: 'Start', name: 'startAt', type: 'dateTime', required: true, default: '', description: `When the schedule starts. ${TIME_HELP}.`, displayOptions: periodical },
		{ displayName: 'End', name: 'endAt', type: 'dateTime', required: true, default: '', description: `When the schedule ends (after Start, at most a year after it). ${TIME_HELP}.`, displayOptions: periodical },
		{ displayName: 'Time Of Day', name: 'timeOfDay', type: 'string', required: true, default: '', placeholder: '09:00', description: 'When on each sending day the push goes out (HH:mm or HH:mm:ss, 24-hour clock)', displayOptions: periodical },
		{
			displayName: 'Repeat',
			name: 'repeat',
			type: 'options',
			options: [
				{ name: 'Daily', value: 'day', description: 'Every N days, at the time of day' },
				{ name: 'Weekly', value: 'week', description: 'On the chosen days of every N weeks' },
				{ name: 'Monthly', value: 'month', description: 'On the chosen days of every N months' },
			],
			default: 'day',
			description: 'The unit the schedule repeats in',
			displayOptions: periodical,
		},
		{ displayName: 'Every', name: 'frequency', type: 'number', typeOptions: { minValue: 1 }, default: 1, description: 'Every how many days, weeks or months (1 = every one)', displayOptions: periodical },
		{
			displayName: 'Days of the Week',
			name: 'weekDays',
			type: 'multiOptions',
			options: SCHEDULE_WEEK_POINTS.map((value) => ({ name: WEEK_DAY_NAMES[value], value, description: `Sends on ${WEEK_DAY_NAMES[value]}s (sent as ${value})` })),
			default: [],
			description: 'The days of the week it sends on',
			displayOptions: { show: { ...periodical.show, repeat: ['week'] } },
		},
		{ displayName: 'Days of the Month', name: 'monthDays', type: 'string', default: '', placeholder: '1, 15', description: 'The days of the month it sends on (1 to 31), separated by commas', displayOptions: { show: { ...periodical.show, repeat: ['month'] } } },
		{
			displayName: 'Time Zone',
			name: 'zoneType',
			type: 'options',
			options: [
				{ name: 'EngageLab Console Time Zone', value: 1, description: 'The time zone set in the EngageLab console' },
				{ name: 'Device Time Zone', value: 2, description: 'Each device\'s own time zone' },
			],
			default: 1,
			description: 'Whose time zone the times are read in on EngageLab\'s side',
			displayOptions: either,
		},
	];
}

/** The trigger object of one item, or the item fails before anything is sent. */
export function readTrigger(ctx: IExecuteFunctions, itemIndex: number, kind: 'single' | 'periodical', nowMs: number): JsonObject {
	const get = (name: string, fallback: unknown): unknown => ctx.getNodeParameter(name, itemIndex, fallback);
	const zoneType = get('zoneType', 1);
	let params: TriggerParams;
	if (kind === 'single') {
		params = { kind, time: get('sendAt', ''), zoneType };
	} else {
		const timeUnit = get('repeat', 'day');
		const points = timeUnit === 'week' ? get('weekDays', []) : timeUnit === 'month' ? get('monthDays', '') : undefined;
		params = { kind, start: get('startAt', ''), end: get('endAt', ''), time: get('timeOfDay', ''), timeUnit, frequency: get('frequency', 1), points, zoneType };
	}
	return builtOrRefuse(ctx, buildTrigger(params, nowMs, ctx.getTimezone()), itemIndex);
}

