/**
 * Email → Get Statistics (`GET /v1/stats_day`, docs/messaging/read-api.md §5): the counters of
 * each day of a range (at most 90 days apart, refused before sending), one output item per day.
 * Each day is its own call with `aggregate_by=1` and start = end = that day: the only answer
 * shape confirmed against the real API. Aggregate Range makes one call for the whole range.
 * No rate limit is documented; the calls are paced at one a second all the same.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ListJob, Work } from '../../execution/work';
import { RequestGate } from '../../transport/retry';
import { checkDayRange } from '../../validation/dayRange';
import { valueOrRefuse } from '../shared/parameters';
import type { Operation, WorkContext } from '../types';
import { queryString } from '../shared/listPages';

const show = { resource: ['email'], operation: ['getStatistics'] };
const PACE_MS = 1000;
const DAY_MS = 86_400_000;

const description: INodeProperties[] = [
	{
		displayName: 'Start Date',
		name: 'startDate',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'First day of the statistics (inclusive; only the day counts)',
		displayOptions: { show },
	},
	{
		displayName: 'End Date',
		name: 'endDate',
		type: 'dateTime',
		required: true,
		default: '',
		description: 'Last day (inclusive), at most 90 days after Start Date. One request per day, one a second: 90 days take about a minute and a half.',
		displayOptions: { show },
	},
	{
		displayName: 'Aggregate Range',
		name: 'aggregate',
		type: 'boolean',
		default: false,
		description: 'Whether to return one item with the totals of the whole range (one request) instead of one item per day',
		displayOptions: { show },
	},
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Narrow the statistics to some API_USERs, or count the days in another time zone',
		displayOptions: { show },
		options: [
			{
				displayName: 'API Users',
				name: 'apiUsers',
				type: 'string',
				default: '',
				description: 'Only these API_USERs, separated by commas or semicolons',
			},
			{
				displayName: 'Time Zone',
				name: 'timeZone',
				type: 'string',
				default: '',
				placeholder: '+8',
				description: 'The UTC offset in hours the days are counted in, e.g. +8 or -5. Empty: EngageLab\'s default.',
			},
		],
	},
];

/** `a, b;c` → `a;b;c`. */
const joined = (raw: string): string | undefined => {
	const parts = raw.split(/[;,\s]+/).filter(Boolean);
	return parts.length ? parts.join(';') : undefined;
};

/** The counters of one answer as output items: `{result: {…}}` (confirmed) or `{result: [{…}]}` (accepted). */
function recordsOf(ctx: IExecuteFunctions, response: IDataObject | undefined, itemIndex: number): IDataObject[] {
	const result = response?.result;
	if (Array.isArray(result) && result.every((r) => typeof r === 'object' && r !== null)) return result as IDataObject[];
	if (typeof result === 'object' && result !== null && !Array.isArray(result)) return [result as IDataObject];
	throw new NodeOperationError(ctx.getNode(), 'EngageLab answered /v1/stats_day without statistics', {
		itemIndex,
		description: 'Expected {"result": {…}}. Check the credential\'s host (a proxy or another service may have answered).',
	});
}

function work(ctx: IExecuteFunctions, { itemCount, scheduler }: WorkContext): Iterator<Work> {
	// One gate for the run's statistics calls, across items (the run's own gate still applies).
	const gate = new RequestGate(PACE_MS, scheduler.settings.timing, scheduler.settings.signal);
	function* items(): Generator<Work> {
		for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
			try {
				yield statsJob(itemIndex);
			} catch (error) {
				yield { item: itemIndex, error };
			}
		}
	}
	function statsJob(itemIndex: number): ListJob {
		const range = valueOrRefuse(
			ctx,
			checkDayRange(ctx.getNodeParameter('startDate', itemIndex, ''), ctx.getNodeParameter('endDate', itemIndex, '')),
			itemIndex,
			'Set Start Date and End Date (yyyy-MM-dd), End Date not before Start Date.',
		);
		const aggregate = ctx.getNodeParameter('aggregate', itemIndex, false) === true;
		const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const timeZone = String(filters.timeZone ?? '').trim();
		if (timeZone && !/^[+-]?\d{1,2}(?:\.5)?$/.test(timeZone)) {
			throw new NodeOperationError(ctx.getNode(), `Time Zone "${timeZone}" is not a UTC offset in hours`, {
				itemIndex,
				description: 'Write it like +8, -5 or 0. Nothing was sent for this item.',
			});
		}
		const apiUsers = joined(String(filters.apiUsers ?? ''));
		const spans: Array<[string, string]> = [];
		if (aggregate) spans.push([range.start, range.end]);
		else {
			for (let t = Date.parse(`${range.start}T00:00:00Z`); t <= Date.parse(`${range.end}T00:00:00Z`); t += DAY_MS) {
				const day = new Date(t).toISOString().slice(0, 10);
				spans.push([day, day]);
			}
		}
		return {
			items: [itemIndex],
			list: async (send) => {
				const out: IDataObject[] = [];
				for (const [start, end] of spans) {
					await gate.enter();
					const query = queryString({ start_date: start, end_date: end, aggregate_by: 1, time_zone: timeZone || undefined, api_users: apiUsers });
					const response = await send({ method: 'GET', path: `/v1/stats_day?${query}`, body: undefined, itemIndex, idempotent: true });
					const dates = aggregate ? { start_date: start, end_date: end } : { date: start };
					for (const record of recordsOf(ctx, response.result as IDataObject | undefined, itemIndex)) out.push({ ...dates, ...record });
				}
				return out;
			},
		};
	}
	return items();
}

/** email:getStatistics as its resource lists it: the fields above and the work of a run. */
export const getStatistics: Operation = { description, work };
