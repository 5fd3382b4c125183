import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { BATCH_SIZE_RULE, DEFAULT_EVENT_BATCH_SIZE, reportFields } from './actions/event/report';
import { workFor } from './actions/router';
import { getEuidFields } from './actions/user/getEuid';
import { identifyByFields, withIdentifyBy } from './actions/user/identifyBy';
import { setContactFields } from './actions/user/setContact';
import { setPropertiesFields } from './actions/user/setProperties';
import {
	CREDENTIAL_TYPE,
	DEFAULT_MAX_ATTEMPTS,
	DEFAULT_RETRY_DELAY_MS,
	DEFAULT_TIMEOUT_MS,
	getBaseUrl,
	type RequestSettings,
} from './transport/request';
import { RequestGate } from './transport/retry';
import { failEveryItem, runJobs } from './transport/runner';
import { realTiming, type Timing } from './transport/timing';
import { checkNumberOption, OPTION_RULES, type OptionName } from './validation/options';

/** Requests in flight at once, by default (see the README for why). */
export const DEFAULT_CONCURRENCY = 5;
const MAX_CONCURRENCY = OPTION_RULES.concurrency.max;
const MAX_ATTEMPTS = OPTION_RULES.maxAttempts.max;

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
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
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
							'How many requests may be waiting for EngageLab at once. Output order stays the input order.',
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
							'Send requests no faster than this, evenly spaced, retries included. 0 means no limit; otherwise at least 0.01.',
					},
					{
						displayName: 'Retry Delay (Ms)',
						name: 'retryDelay',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: OPTION_RULES.retryDelay.max },
						default: DEFAULT_RETRY_DELAY_MS,
						description:
							'Wait before the first retry, in milliseconds; it doubles for each further one (at most 30 s), with random jitter. A longer Retry-After from EngageLab wins.',
					},
					{
						displayName: 'Timeout (Ms)',
						name: 'timeout',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: OPTION_RULES.timeout.max },
						default: DEFAULT_TIMEOUT_MS,
						description:
							'How long to wait for EngageLab to answer a request before it counts as failed (and is retried), in milliseconds',
					},
				],
			},
		],
	};

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
	const continueOnFail = ctx.continueOnFail();
	let options: CheckedOptions;
	let baseUrl: string;
	try {
		options = readOptions(ctx, resource, operation);
		baseUrl = await getBaseUrl(ctx);
	} catch (error) {
		// With "continue on fail" a setting or credential problem fails each item, not the run.
		return [failEveryItem(ctx, error, { continueOnFail, itemCount: items.length })];
	}
	const run = { concurrency: options.concurrency, continueOnFail, itemCount: items.length };
	const signal = ctx.getExecutionCancelSignal();
	const rate = options.maxRequestsPerSecond;
	const settings: RequestSettings = {
		baseUrl,
		timeout: options.timeout,
		maxAttempts: options.maxAttempts,
		retryDelay: options.retryDelay,
		gate: new RequestGate(rate > 0 ? 1000 / rate : 0, timing, signal),
		timing,
		signal,
	};
	const work = await workFor(ctx, resource, operation, { settings, ...run });
	return [await runJobs(ctx, work, settings, run)];
}

type CheckedOptions = Record<OptionName, number>;

const OPTION_DEFAULTS: CheckedOptions = {
	concurrency: DEFAULT_CONCURRENCY,
	maxAttempts: DEFAULT_MAX_ATTEMPTS,
	maxRequestsPerSecond: 0,
	retryDelay: DEFAULT_RETRY_DELAY_MS,
	timeout: DEFAULT_TIMEOUT_MS,
};

/** The options, each checked (validation/options.ts), and Report's Batch Size: refused when out of range, never clamped. */
function readOptions(ctx: IExecuteFunctions, resource: string, operation: string): CheckedOptions {
	const raw = (ctx.getNodeParameter('options', 0, {}) ?? {}) as Record<string, unknown>;
	const checked = { ...OPTION_DEFAULTS };
	const refuse = (problem: string) =>
		new NodeOperationError(ctx.getNode(), problem, {
			itemIndex: 0,
			description: 'Change the value in the node\'s Options (or the expression that gives it); nothing was sent.',
		});
	for (const name of Object.keys(OPTION_RULES) as OptionName[]) {
		const value = checkNumberOption(Object.prototype.hasOwnProperty.call(raw, name) ? raw[name] : undefined, OPTION_RULES[name], OPTION_DEFAULTS[name]);
		if (!value.ok) throw refuse(value.problem);
		checked[name] = value.value;
	}
	if (resource === 'event' && operation === 'report') {
		const size = checkNumberOption(ctx.getNodeParameter('batchSize', 0, DEFAULT_EVENT_BATCH_SIZE), BATCH_SIZE_RULE, DEFAULT_EVENT_BATCH_SIZE);
		if (!size.ok) throw refuse(size.problem.replace('The option Batch Size', 'Batch Size'));
	}
	return checked;
}
