/**
 * What Email → Get Unsubscribes and Get Complaints share (docs/messaging/read-api.md §2.1, §2.4):
 * a search by date range (≤ 3 months) or by one address (then EngageLab ignores the dates, so
 * none are sent), and n8n's Return All / Limit.
 */
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { checkDayRange } from '../../validation/dayRange';
import { checkEmail } from '../../validation/recipients';
import { trimmedParameter, valueOrRefuse } from '../shared/parameters';
import { readLimit, returnAllFields } from '../shared/returnAll';

type Show = NonNullable<IDisplayOptions['show']>;

/** Search By, the dates or the address, Return All and Limit. `what` names the list ("unsubscribed"). */
export function suppressionFields(show: Show, what: string): INodeProperties[] {
	const byDate = { show: { ...show, searchBy: ['dateRange'] } };
	return [
		{
			displayName: 'Search By',
			name: 'searchBy',
			type: 'options',
			options: [
				{ name: 'Date Range', value: 'dateRange', description: `Addresses ${what} between two days` },
				{ name: 'Email Address', value: 'email', description: 'Whether one address is on the list' },
			],
			default: 'dateRange',
			description: 'Read the list for a range of days, or look up one address',
			displayOptions: { show },
		},
		{
			displayName: 'Start Date',
			name: 'startDate',
			type: 'dateTime',
			required: true,
			default: '',
			description:
				'First day (inclusive; only the day counts). EngageLab\'s days may be in UTC+8: to catch everything since yesterday, start a day earlier; records are de-duplicated within a run.',
			displayOptions: byDate,
		},
		{
			displayName: 'End Date',
			name: 'endDate',
			type: 'dateTime',
			required: true,
			default: '',
			description: 'Last day (inclusive). At most 90 days after Start Date (EngageLab allows 3 months).',
			displayOptions: byDate,
		},
		{
			displayName: 'Email',
			name: 'email',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'name@example.com',
			description: 'The address to look up; the output is empty when it is not on the list',
			displayOptions: { show: { ...show, searchBy: ['email'] } },
		},
		...returnAllFields(show),
	];
}

export interface SuppressionQuery {
	query: Record<string, string | undefined>;
	returnAll: boolean;
	limit: number;
}

/** The item's search, checked: the query EngageLab gets (dates or email) and how many records. */
export function readSuppressionQuery(ctx: IExecuteFunctions, itemIndex: number): SuppressionQuery {
	const byEmail = ctx.getNodeParameter('searchBy', itemIndex, 'dateRange') === 'email';
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) === true;
	const limit = readLimit(ctx, itemIndex, returnAll);
	if (byEmail) {
		const email = valueOrRefuse(ctx, checkEmail(trimmedParameter(ctx, 'email', itemIndex), false), itemIndex, 'Enter one email address.');
		return { query: { email }, returnAll, limit };
	}
	const range = valueOrRefuse(
		ctx,
		checkDayRange(ctx.getNodeParameter('startDate', itemIndex, ''), ctx.getNodeParameter('endDate', itemIndex, '')),
		itemIndex,
		'Set Start Date and End Date (yyyy-MM-dd), End Date not before Start Date.',
	);
	return { query: { start_date: range.start, end_date: range.end }, returnAll, limit };
}

/** A record's field as text for a de-duplication key. */
export const keyPart = (record: IDataObject, field: string): string => String(record[field] ?? '').toLowerCase();
