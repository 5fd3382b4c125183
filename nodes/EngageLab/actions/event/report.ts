/**
 * Event → Report (`POST /v1/event/report`): many events per request. Each event gets a random_id
 * (the item's Report ID, or a random UUID) before the first attempt, so a batch that is sent
 * again after a lost answer is counted once by EngageLab.
 */
import { randomUUID } from 'node:crypto';

import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { JsonLong } from '../../transport/longJson';
import type { Job, Work } from '../../transport/runner';
import { checkEuid } from '../../validation/euid';
import { checkEventName, checkEventTime } from '../../validation/events';
import { batchWork } from '../batch';
import { propertiesFields, readProperties, type PropertyValues } from '../properties';
import { euidField } from '../fields';

export const REPORT_PATH = '/v1/event/report';
/** Events per request by default. EngageLab documents no maximum; 50 keeps bodies small. */
export const DEFAULT_EVENT_BATCH_SIZE = 50;
export const MAX_EVENT_BATCH_SIZE = 1000;

const showFor = { resource: ['event'], operation: ['report'] };

export const reportFields: INodeProperties[] = [
	euidField(
		showFor,
		'EngageLab unique user ID (digits only) of the user who did the event. Get it with User → Get EUID. Pass it as text to keep EUIDs above 9007199254740991 exact.',
	),
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'sign_up',
		description:
			'Name of the event: a lowercase letter first, then lowercase letters, digits and _ (e.g. sign_up, order_paid). A name EngageLab does not know yet creates the event.',
		displayOptions: { show: showFor },
	},
	{
		displayName: 'Event Time',
		name: 'eventTime',
		type: 'string',
		default: '',
		placeholder: '2025-03-01T12:00:00Z',
		description:
			'When the event happened: an ISO 8601 date (2025-03-01T12:00:00Z), Unix milliseconds (1740830400000) or seconds (1740830400). Empty means now.',
		displayOptions: { show: showFor },
	},
	...propertiesFields(showFor, 'event property', ' Optional: leave empty to report the event without properties.'),
	{
		displayName: 'App Key',
		name: 'appKey',
		type: 'string',
		default: '',
		description:
			'Optional AppKey of the app or web app the event belongs to (from the EngageLab console). Events with different app keys go in different requests.',
		displayOptions: { show: showFor },
	},
	{
		displayName: 'Report ID',
		name: 'randomId',
		type: 'string',
		default: '',
		placeholder: 'order-1001-paid',
		description:
			'Optional unique ID of this report, sent as random_id: EngageLab counts an event with the same ID once. Leave empty for a new random UUID per event; set it (e.g. your order ID) to make re-running the workflow safe.',
		displayOptions: { show: showFor },
	},
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_EVENT_BATCH_SIZE },
		default: DEFAULT_EVENT_BATCH_SIZE,
		description:
			'How many events to send per request (EngageLab documents no maximum). If EngageLab rejects a request, every event in it fails with that error.',
		displayOptions: { show: showFor },
	},
];

interface Event {
	euid: string;
	event_name: string;
	itime: number;
	random_id: string;
	properties?: PropertyValues;
}

export function reportWork(ctx: IExecuteFunctions, itemCount: number, continueOnFail: boolean): Generator<Work> {
	const node = ctx.getNode();
	const rawSize = ctx.getNodeParameter('batchSize', 0, DEFAULT_EVENT_BATCH_SIZE) as unknown;
	const batchSize =
		typeof rawSize === 'number' && Number.isFinite(rawSize)
			? Math.min(MAX_EVENT_BATCH_SIZE, Math.max(1, Math.floor(rawSize)))
			: DEFAULT_EVENT_BATCH_SIZE;
	return batchWork<Event>({
		itemCount,
		continueOnFail,
		read: (itemIndex) => {
			const fail = (message: string, description: string) => new NodeOperationError(node, message, { itemIndex, description });
			const euid = checkEuid(ctx.getNodeParameter('euid', itemIndex, ''));
			if (!euid.ok) throw fail(euid.problem, 'Set the EUID field to the EngageLab user ID (digits only, 1 to 9223372036854775807); User → Get EUID finds it from your own user ID.');
			const name = checkEventName(ctx.getNodeParameter('eventName', itemIndex, ''));
			if (!name.ok) throw fail(name.problem, 'Event names start with a lowercase letter, then lowercase letters, digits and _ only.');
			const time = checkEventTime(ctx.getNodeParameter('eventTime', itemIndex, ''));
			if (!time.ok) throw fail(time.problem, 'Leave Event Time empty for now, or give an ISO 8601 date or Unix milliseconds.');
			const properties = readProperties(ctx, itemIndex, 'set', 'event property');
			const appKey = String(ctx.getNodeParameter('appKey', itemIndex, '') ?? '').trim();
			const randomId = String(ctx.getNodeParameter('randomId', itemIndex, '') ?? '').trim() || randomUUID();
			const event: Event = { euid: euid.value, event_name: name.value, itime: time.value, random_id: randomId };
			if (Object.keys(properties).length > 0) event.properties = properties;
			return { group: appKey, entry: event };
		},
		fits: (entries) => entries.length < batchSize,
		toJob: (appKey, items, events): Job => ({
			items,
			call: {
				path: REPORT_PATH,
				// EngageLab counts an event once per random_id: a repeated report adds nothing.
				idempotent: true,
				body: {
					...(appKey && { app_key: appKey }),
					data: events.map((e) => ({ ...e, euid: new JsonLong(e.euid) })),
				},
				itemIndex: items[0],
			},
			toResults: (response) =>
				events.map(
					(e): IDataObject => ({
						euid: e.euid,
						event_name: e.event_name,
						itime: e.itime,
						random_id: e.random_id,
						...(appKey && { app_key: appKey }),
						code: response.code,
						message: response.message,
					}),
				),
		}),
	});
}
