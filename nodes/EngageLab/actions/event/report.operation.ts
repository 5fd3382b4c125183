/**
 * Event → Report (`POST /v1/event/report`): many events per request. Each event gets a random_id
 * (the item's Report ID, or a UUID derived from the execution, node run and item, the same when
 * n8n's Retry On Fail re-runs the node) before the first attempt, so a batch that is sent again
 * after a lost answer is counted once by EngageLab.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { JsonLong } from '../../transport/longJson';
import type { Job, RefusedItems, Work } from '../../execution/work';
import { runItemId } from '../../execution/runItemId';
import { MA_LIMITS } from '../../products/ma/ma.product';
import { checkEuid } from '../../validation/euid';
import { checkEventName, checkEventTime, checkTextId, MAX_EVENT_NAME_LENGTH } from '../../validation/eventValues';
import { checkNumberOption, type NumberRule } from '../../validation/options';
import { batchWork } from '../shared/batch';
import { propertiesFields, readProperties, type PropertyValues } from '../shared/propertyFields';
import { EUID_HELP, euidField } from '../shared/userFields';
import { identifyByEverywhere, identifyByFields, resolveUsers, withIdentifyBy, type ResolvedUser } from '../shared/identifyUser';
import type { Operation, WorkContext } from '../types';
import { defaultsFor, versionsWhere } from '../../versions';

const REPORT_PATH = '/v1/event/report';
/** Events per request by default. EngageLab documents no maximum; 50 keeps bodies small. */
const DEFAULT_EVENT_BATCH_SIZE = 50;
const BATCH_SIZE_RULE: NumberRule = { label: 'Batch Size', min: 1, max: MA_LIMITS.eventsPerBatch, whole: true };

const showFor = { resource: ['event'], operation: ['report'] };

/** The versions that show Report's settings at the top level, and those that show them in Additional Fields. */
const TOP_LEVEL = versionsWhere((d) => d.reportSettings, 'topLevel');
const IN_COLLECTION = versionsWhere((d) => d.reportSettings, 'additionalFields');

/** Event Time, App Key, Report ID and Batch Size: where they show depends on the node version (versions.ts). */
const reportSettingsFields: INodeProperties[] = [
	{
		displayName: 'Event Time',
		name: 'eventTime',
		type: 'string',
		default: '',
		placeholder: '2025-03-01T12:00:00Z',
		description:
			'When the event happened, between 2000-01-01 and a day from now: an ISO 8601 date (2025-03-01T12:00:00Z; without a zone, the n8n server\'s time), an n8n date ({{ $now }}), or Unix seconds (1740830400) or milliseconds (1740830400000). Default: empty, which means now.',
	},
	{
		displayName: 'App Key',
		name: 'appKey',
		type: 'string',
		default: '',
		description:
			'The AppKey of the app or web app the event belongs to (from the EngageLab console). Default: empty, no app key. Events with different app keys go in different requests.',
	},
	{
		displayName: 'Report ID',
		name: 'randomId',
		type: 'string',
		default: '',
		placeholder: 'order-1001-paid',
		description:
			'An ID for this event, sent as random_id: EngageLab counts events with the same ID once. Default: empty, a new ID per event (kept when n8n\'s Retry On Fail re-runs the node). Set it (e.g. to your order ID) to make re-running the workflow safe; two events of one run with the same Report ID are refused.',
		hint: 'Must be unique per event: use an expression such as {{ $json.orderId }}, never a fixed text, or EngageLab counts only the first event',
	},
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MA_LIMITS.eventsPerBatch },
		default: DEFAULT_EVENT_BATCH_SIZE,
		description:
			'How many events to send per request, 1 to 1000. Default: 50. If EngageLab rejects a request, every event in it fails with that error.',
	},
];

function topLevel(fields: INodeProperties[]): INodeProperties[] {
	return fields.map((f) => ({ ...f, displayOptions: { show: { ...showFor, '@version': TOP_LEVEL } } }));
}

const description: INodeProperties[] = [
	...identifyByFields(showFor, 'who did the event'),
	...withIdentifyBy([euidField(showFor, `The EUID of the user who did the event. ${EUID_HELP}`)]),
	{
		displayName: 'Event Name',
		name: 'eventName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'sign_up',
		description:
			`Name of the event: a lowercase letter first, then lowercase letters, digits and _ (e.g. sign_up, order_paid), at most ${MAX_EVENT_NAME_LENGTH} characters. A name EngageLab does not know yet creates the event.`,
		displayOptions: { show: showFor },
	},
	// Version 1: Event Time, App Key, Report ID and Batch Size at the top level (where they were); from version 2 in Additional Fields.
	...topLevel(reportSettingsFields.filter((f) => f.name === 'eventTime')),
	...propertiesFields(showFor, 'event property', ' Optional: leave empty to report the event without properties.'),
	...topLevel(reportSettingsFields.filter((f) => f.name !== 'eventTime')),
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Settings most reports leave as they are: when the event happened (default now), the app key, a Report ID, and how many events go in one request',
		displayOptions: { show: { ...showFor, '@version': IN_COLLECTION } },
		options: [...reportSettingsFields].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	},
];

interface Event {
	euid: string;
	event_name: string;
	itime: number;
	random_id: string;
	properties?: PropertyValues;
}

/** An event as read from its item; `user` while its EUID is being looked up (Identify User By). */
interface ReadEvent {
	event: Event;
	user?: Promise<ResolvedUser>;
}

/** One of Report's settings for an item: top-level in version 1, in Additional Fields from version 2. */
function reportSetting(ctx: IExecuteFunctions, version: number, name: string, itemIndex: number, fallback: unknown): unknown {
	if (defaultsFor(version).reportSettings === 'topLevel') return ctx.getNodeParameter(name, itemIndex, fallback);
	const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	return additional[name] ?? fallback;
}

function work(ctx: IExecuteFunctions, run: WorkContext): Iterator<Work> {
	const identify = identifyByEverywhere(run.version) ? resolveUsers(ctx, run.scheduler, run.itemCount, run.version) : undefined;
	return reportWork(ctx, run.itemCount, run.continueOnFail, run.version, identify);
}

function reportWork(
	ctx: IExecuteFunctions,
	itemCount: number,
	continueOnFail: boolean,
	version: number,
	identify?: (itemIndex: number) => Promise<ResolvedUser> | undefined,
): Generator<Work> {
	const node = ctx.getNode();
	const size = checkNumberOption(reportSetting(ctx, version, 'batchSize', 0, DEFAULT_EVENT_BATCH_SIZE), BATCH_SIZE_RULE, DEFAULT_EVENT_BATCH_SIZE);
	if (!size.ok) {
		throw new NodeOperationError(node, size.problem.replace('The option Batch Size', 'Batch Size'), {
			itemIndex: 0,
			description: 'Set Batch Size to a whole number from 1 to 1000 (or leave it at its default, 50); nothing was sent.',
		});
	}
	const batchSize = size.value;
	/** Report ID → the first item that used it in this run. */
	const reportIds = new Map<string, number>();
	return batchWork<ReadEvent>({
		itemCount,
		continueOnFail,
		read: (itemIndex) => {
			const fail = (message: string, description: string) => new NodeOperationError(node, message, { itemIndex, description });
			const user = identify?.(itemIndex);
			// Looked up later (the placeholder is never sent): see toJob.
			const euid = user ? ({ ok: true, value: '' } as const) : checkEuid(ctx.getNodeParameter('euid', itemIndex, ''));
			if (!euid.ok) throw fail(euid.problem, 'Set the EUID field to the EngageLab user ID (digits only, 1 to 9223372036854775807); User → Get EUID finds it from your own user ID.');
			const name = checkEventName(ctx.getNodeParameter('eventName', itemIndex, ''));
			if (!name.ok) throw fail(name.problem, `Event names start with a lowercase letter, then lowercase letters, digits and _ only, at most ${MAX_EVENT_NAME_LENGTH} characters.`);
			const time = checkEventTime(reportSetting(ctx, version, 'eventTime', itemIndex, ''));
			if (!time.ok) throw fail(time.problem, 'Leave Event Time empty for now, or give an ISO 8601 date, an n8n date, or Unix seconds or milliseconds, between 2000-01-01 and a day from now.');
			const properties = readProperties(ctx, itemIndex, 'set', 'event property');
			const appKey = checkTextId(reportSetting(ctx, version, 'appKey', itemIndex, ''), 'App Key');
			if (!appKey.ok) throw fail(appKey.problem, 'Set App Key to the AppKey text from the EngageLab console, or leave it empty.');
			const reportId = checkTextId(reportSetting(ctx, version, 'randomId', itemIndex, ''), 'Report ID');
			if (!reportId.ok) throw fail(reportId.problem, 'Set Report ID to a text unique to this event, or leave it empty for a random one.');
			if (reportId.value !== '') {
				const first = reportIds.get(reportId.value);
				if (first !== undefined) {
					throw fail(
						`Report ID "${reportId.value.slice(0, 80)}" is already the Report ID of item ${first}: EngageLab would count only one of the two events`,
						'The Report ID is sent as random_id, EngageLab\'s key for counting an event once: give each event its own (e.g. an expression with your order or event ID), or leave it empty for a random one.',
					);
				}
				reportIds.set(reportId.value, itemIndex);
			}
			const event: Event = { euid: euid.value, event_name: name.value, itime: time.value, random_id: reportId.value || runItemId(ctx, itemIndex, 'report random_id') };
			if (Object.keys(properties).length > 0) event.properties = properties;
			return { group: appKey.value, entry: { event, user } };
		},
		fits: (entries) => entries.length < batchSize,
		toJob: (appKey, items, entries): Work =>
			entries.some((e) => e.user)
				? { items, ready: async () => await resolvedJob(appKey, items, entries) }
				: reportJob(appKey, items, entries.map((e) => ({ event: e.event }))),
	});
}

/**
 * A batch whose users are (partly) identified by ID, once the lookups are done: an event whose
 * user was not found fails alone; the others go in one request.
 */
async function resolvedJob(appKey: string, items: number[], entries: ReadEvent[]): Promise<Job | RefusedItems> {
	const settled = await Promise.allSettled(entries.map(async (e) => await e.user));
	const errors = settled.map((s) => (s.status === 'rejected' ? (s.reason as unknown) : undefined));
	if (errors.every((e) => e !== undefined)) return { items, errors };
	const sent = entries.map((e, k): Resolved => {
		const s = settled[k];
		if (s.status === 'rejected') return { event: e.event, error: s.reason as unknown };
		return s.value ? { event: { ...e.event, euid: s.value.euid }, user: s.value } : { event: e.event };
	});
	return reportJob(appKey, items, sent);
}

interface Resolved {
	event: Event;
	user?: ResolvedUser;
	/** Its user could not be found: not sent, fails with this. */
	error?: unknown;
}

function reportJob(appKey: string, items: number[], all: Resolved[]): Job {
	const events = all.filter((e) => e.error === undefined).map((e) => e.event);
	const first = items[all.findIndex((e) => e.error === undefined)];
	return {
		items,
		call: {
			path: REPORT_PATH,
			// EngageLab counts an event once per random_id: a repeated report adds nothing.
			idempotent: true,
			body: {
				...(appKey && { app_key: appKey }),
				data: events.map((e) => ({ ...e, euid: new JsonLong(e.euid) })),
			},
			itemIndex: first,
		},
		toResults: (response) =>
			all.map(({ event: e, user, error }): IDataObject | Error =>
				error !== undefined
					? (error instanceof Error ? error : new Error(String(error)))
					: {
							euid: e.euid,
							...(user && { identityType: user.type, identityValue: user.value }),
							event_name: e.event_name,
							itime: e.itime,
							random_id: e.random_id,
							...(appKey && { app_key: appKey }),
							code: response.code,
							message: response.message,
						},
			),
	};
}

/** event:report as its resource lists it: the fields above and the work of a run. */
export const report: Operation = { description, work };
