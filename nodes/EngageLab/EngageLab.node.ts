import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { reportFields } from './actions/event/report';
import { workFor } from './actions/router';
import { getEuidFields } from './actions/user/getEuid';
import { identifyByFields, withIdentifyBy } from './actions/user/identifyBy';
import { setContactFields } from './actions/user/setContact';
import { setPropertiesFields } from './actions/user/setProperties';
import {
	DEFAULT_MAX_ATTEMPTS,
	DEFAULT_RETRY_DELAY_MS,
	DEFAULT_TIMEOUT_MS,
	getConnection,
	type Connection,
	type RequestSettings,
} from './transport/request';
import { RequestGate } from './transport/retry';
import { failEveryItem, runJobs } from './transport/runner';
import { realTiming, type Timing } from './transport/timing';
import { CREDENTIAL_TEST_NAME, engageLabApiTest } from './transport/credentialTest';

/** Requests in flight at once, by default (see the README for why). */
export const DEFAULT_CONCURRENCY = 5;
const MAX_CONCURRENCY = 100;
const MAX_ATTEMPTS = 10;

interface Options {
	concurrency?: number;
	maxRequestsPerSecond?: number;
	maxAttempts?: number;
	retryDelay?: number;
	timeout?: number;
}

export class EngageLab implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'EngageLab',
		name: 'engageLab',
		icon: { light: 'file:engagelab.svg', dark: 'file:engagelab.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description:
			'Manage users and events in EngageLab Marketing Automation: find EUIDs, set contacts and properties, report events',
		defaults: { name: 'EngageLab' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Literal names: n8n's lint reads them to see that the credential is tested (by engageLabApiTest).
		credentials: [{ name: 'engageLabApi', required: true, testedBy: 'engageLabApiTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Event', value: 'event', description: 'Something a user did (signed up, bought, logged in…), reported to EngageLab for analytics and automations' },
					{ name: 'User', value: 'user', description: 'A user (contact) in EngageLab Marketing Automation, addressed by their EUID' },
				],
				default: 'user',
				description: 'What to work with in EngageLab',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['user'] } },
				options: [
					{
						name: 'Get EUID',
						value: 'getEuid',
						description: "Find a user's EngageLab EUID from your user ID, an anonymous ID or a registration ID",
						action: 'Get the EUID of a user',
					},
					{
						name: 'Set Contact',
						value: 'setContact',
						description:
							"Set or update a user's email address, mobile phone (SMS), landline phone and WhatsApp phone, which EngageLab uses to reach them. Empty fields leave that contact unchanged.",
						action: 'Set contact information of a user',
					},
					{
						name: 'Set Properties',
						value: 'setProperties',
						description: "Set, increase, add to, remove from or delete a user's properties",
						action: 'Set properties of a user',
					},
				],
				default: 'setContact',
				description: 'What to do with the user',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['event'] } },
				options: [
					{
						name: 'Report',
						value: 'report',
						description: 'Report events users did (signed up, bought, logged in…) to EngageLab, many per request',
						action: 'Report user events',
					},
				],
				default: 'report',
				description: 'What to do with the events',
			},
			...getEuidFields,
			...identifyByFields,
			...withIdentifyBy(setContactFields),
			...setPropertiesFields,
			...reportFields,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				description: 'Settings for how the node talks to EngageLab',
				options: [
					{
						displayName: 'Concurrency',
						name: 'concurrency',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
						default: DEFAULT_CONCURRENCY,
						description:
							'How many requests may be waiting for EngageLab at once. Output order stays the input order. When the node stops at an error (no Continue On Fail), requests already sent for later items still complete: the error lists those items as written.',
					},
					{
						displayName: 'Max Attempts',
						name: 'maxAttempts',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: MAX_ATTEMPTS },
						default: DEFAULT_MAX_ATTEMPTS,
						description:
							'How many times to send a request that failed for a passing reason (rate limit, server or network error), the first time included. 1 turns retries off.',
					},
					{
						displayName: 'Max Requests Per Second',
						name: 'maxRequestsPerSecond',
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 2 },
						default: 0,
						description:
							'Send requests no faster than this, evenly spaced, retries included. 0 means no limit.',
					},
					{
						displayName: 'Retry Delay (Ms)',
						name: 'retryDelay',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: DEFAULT_RETRY_DELAY_MS,
						description:
							'Wait before the first retry, in milliseconds; it doubles for each further one (at most 30 s), with random jitter. A longer Retry-After from EngageLab wins.',
					},
					{
						displayName: 'Timeout (Ms)',
						name: 'timeout',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_TIMEOUT_MS,
						description:
							'How long one attempt may take in all, from sending the request to the end of the answer, in milliseconds. A slower attempt counts as failed (and is retried when that is safe).',
					},
				],
			},
		],
	};

	methods = { credentialTest: { [CREDENTIAL_TEST_NAME]: engageLabApiTest } };

	/** execute() as n8n calls it, with `this` the execution context. */
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

	/** `timing` is the clock, waits and jitter the node uses: tests pass virtual ones. */
	constructor(timing: Timing = realTiming) {
		this.execute = async function (this: IExecuteFunctions) {
			return await execute(this, timing);
		};
	}
}

async function execute(ctx: IExecuteFunctions, timing: Timing): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const options = ctx.getNodeParameter('options', 0, {}) as Options;
	const run = {
		concurrency: Math.min(MAX_CONCURRENCY, Math.floor(atLeast(1, options.concurrency, DEFAULT_CONCURRENCY))),
		continueOnFail: ctx.continueOnFail(),
		itemCount: items.length,
	};
	let connection: Connection;
	try {
		connection = await getConnection(ctx);
	} catch (error) {
		// With "continue on fail" a credential problem fails each item, not the run.
		return [failEveryItem(ctx, error, run)];
	}
	const signal = ctx.getExecutionCancelSignal();
	const rate = atLeast(0, options.maxRequestsPerSecond, 0);
	const settings: RequestSettings = {
		...connection,
		timeout: atLeast(1, options.timeout, DEFAULT_TIMEOUT_MS),
		maxAttempts: Math.min(MAX_ATTEMPTS, Math.floor(atLeast(1, options.maxAttempts, DEFAULT_MAX_ATTEMPTS))),
		retryDelay: atLeast(0, options.retryDelay, DEFAULT_RETRY_DELAY_MS),
		gate: new RequestGate(rate > 0 ? 1000 / rate : 0, timing, signal),
		timing,
		signal,
	};
	const work = await workFor(ctx, resource, operation, { settings, ...run });
	return [await runJobs(ctx, work, settings, run)];
}

/** An option's number, or its default when unset or not a number, and never below `min`. */
function atLeast(min: number, value: unknown, fallback: number): number {
	const n = typeof value === 'number' && Number.isFinite(value) ? value : fallback;
	return Math.max(min, n);
}
