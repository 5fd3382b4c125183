import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { operationNames, productOf, resourceProperties, workFor } from './actions/router';
import { listSearch } from './methods/listSearch';
import { resourceMapping } from './methods/resourceMapping';
import { CREDENTIAL_TESTS } from './methods/credentialTest';
import { connect } from './products/connection';
import { MA } from './products/ma/ma.product';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_DELAY_MS, DEFAULT_TIMEOUT_MS, type Connection, type RequestSettings } from './transport/request';
import { RequestGate } from './transport/retry';
import { failEveryItem, runJobs } from './execution/runner';
import { AdaptiveConcurrency } from './execution/adaptiveConcurrency';
import { Scheduler } from './execution/scheduler';
import { sendLedgerFor } from './execution/sendLedger';
import { realTiming, type Timing } from './transport/clock';
import { checkNumberOption, OPTION_RULES, type OptionName } from './validation/options';
import { DEFAULT_NODE_VERSION, defaultsFor, NODE_VERSIONS, VERSION_DEFAULTS, versionsWhere } from './versions';

/** Requests in flight at once, by default (see the README for why). */
export const DEFAULT_CONCURRENCY = VERSION_DEFAULTS[DEFAULT_NODE_VERSION].concurrency;
const MAX_CONCURRENCY = OPTION_RULES.concurrency.max;
const MAX_ATTEMPTS = OPTION_RULES.maxAttempts.max;
/** Concurrency Mode Auto's cap when Concurrency is not set (with it set, at most 100, that is the cap): 200 in flight keep up with a 200 requests/s limit 250 ms away. */
export const AUTO_MAX_CONCURRENCY = 200;
type ConcurrencyMode = 'fixed' | 'auto';

/**
 * The subtitle under the node on the canvas: version 1 shows `setContact: user`, later versions
 * the operation's display name ("Set Contact"), as n8n's built-in nodes do.
 */
const SUBTITLE = `={{ [${versionsWhere((d) => d.subtitle, 'operationValue').join(', ')}].includes($nodeVersion) ? $parameter["operation"] + ": " + $parameter["resource"] : ${JSON.stringify(operationNames())}[$parameter["resource"] + ":" + $parameter["operation"]] }}`;

/** Options → Concurrency, once per distinct default (each shown for the versions that have it). */
function concurrencyOptions(): INodeProperties[] {
	const defaults = [...new Set(NODE_VERSIONS.map((v) => VERSION_DEFAULTS[v].concurrency))];
	return defaults.map((value) => ({
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
		default: value,
		description:
			`How many requests may be waiting for EngageLab at once. Default: ${value}. Output order stays the input order. When the node stops at an error (no Continue On Fail), requests already sent for later items still complete: the error lists those items as written.`,
		...(defaults.length > 1 && {
			displayOptions: { show: { '@version': versionsWhere((d) => d.concurrency, value) } },
		}),
	}));
}

/** Options → Concurrency Mode, once per distinct default (as Concurrency). */
function concurrencyModeOptions(): INodeProperties[] {
	const defaults = [...new Set(NODE_VERSIONS.map((v) => VERSION_DEFAULTS[v].concurrencyMode))];
	return defaults.map((value) => ({
		displayName: 'Concurrency Mode',
		name: 'concurrencyMode',
		type: 'options',
		options: [
			{
				name: 'Auto',
				value: 'auto',
				description: `Start with a few requests in flight and find the most EngageLab and the network take: more while answers come back as fast, fewer after a 429 or slower answers. Concurrency, if set, is the most in flight (otherwise ${AUTO_MAX_CONCURRENCY}).`,
			},
			{ name: 'Fixed', value: 'fixed', description: 'Keep Concurrency requests in flight' },
		],
		default: value,
		description: 'Whether the number of requests in flight is fixed (Concurrency) or found while the node runs',
		...(defaults.length > 1 && {
			displayOptions: { show: { '@version': versionsWhere((d) => d.concurrencyMode, value) } },
		}),
	}));
}

/**
 * On the message sends: n8n's Retry On Fail (node Settings) re-runs every item, and the send
 * ledger (execution/sendLedger.ts) and Email's stable Request ID make that safe.
 */
const RETRY_ON_FAIL_NOTICE: INodeProperties = {
	displayName:
		'Retry On Fail (node Settings) is safe with this send: when n8n re-runs the node in the same execution, an item already sent is not sent again (it gets its first output), and one whose answer was lost fails again without a resend. Details: docs/messaging/guide.md.',
	name: 'retryOnFailNotice',
	type: 'notice',
	default: '',
	description: 'Why n8n\'s Retry On Fail does not send a message twice (see the notice text)',
	displayOptions: { show: { resource: ['email', 'otp', 'sms', 'whatsapp'], operation: ['send', 'sendMedia', 'sendTemplate', 'sendText'] } },
};

export class EngageLab implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'EngageLab',
		name: 'engageLab',
		icon: { light: 'file:engagelab.svg', dark: 'file:engagelab.dark.svg' },
		group: ['output'],
		// One description for every version; what differs is in versions.ts (see docs/DEVELOPMENT.md).
		version: [...NODE_VERSIONS],
		defaultVersion: DEFAULT_NODE_VERSION,
		subtitle: SUBTITLE,
		description:
			'Manage users and events in EngageLab Marketing Automation, and send SMS, email, WhatsApp messages and verification codes through EngageLab',
		defaults: { name: 'EngageLab' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// One credential per product, each shown (and required) only for its resources. The MA one is
		// *hidden* for the messaging resources rather than shown for its own: were every Resource value
		// listed in some credential's `show`, n8n's editor would take Resource for the credential
		// selector (getMainAuthField), move it into the credential dialog and make User and Event,
		// which share one credential, unselectable. Literal names: n8n's lint reads them.
		credentials: [
			{
				name: 'engageLabApi',
				required: true,
				testedBy: 'engageLabApiTest',
				displayOptions: { hide: { resource: ['email', 'otp', 'sms', 'whatsapp'] } },
			},
			{ name: 'engageLabSmsApi', required: true, testedBy: 'engageLabSmsApiTest', displayOptions: { show: { resource: ['sms'] } } },
			{ name: 'engageLabOtpApi', required: true, testedBy: 'engageLabOtpApiTest', displayOptions: { show: { resource: ['otp'] } } },
			{ name: 'engageLabEmailApi', required: true, testedBy: 'engageLabEmailApiTest', displayOptions: { show: { resource: ['email'] } } },
			{
				name: 'engageLabWhatsAppApi',
				required: true,
				testedBy: 'engageLabWhatsAppApiTest',
				displayOptions: { show: { resource: ['whatsapp'] } },
			},
		],
		properties: [
			...resourceProperties('user'),
			RETRY_ON_FAIL_NOTICE,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				description: 'Settings for how the node talks to EngageLab',
				options: [
					...concurrencyOptions(),
					...concurrencyModeOptions(),
					{
						displayName: 'Max Attempts',
						name: 'maxAttempts',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: MAX_ATTEMPTS },
						default: DEFAULT_MAX_ATTEMPTS,
						description:
							`How many times to send a request that failed for a passing reason (rate limit, server or network error), the first time included. Default: ${DEFAULT_MAX_ATTEMPTS}. 1 turns retries off.`,
					},
					{
						displayName: 'Max Requests Per Second',
						name: 'maxRequestsPerSecond',
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 2 },
						default: 0,
						description:
							'Send requests no faster than this, evenly spaced, retries included; at least 0.01. Default: 0, no limit.',
						hint: '0 means no limit, not "send nothing"',
					},
					{
						displayName: 'Retry Delay (Milliseconds)',
						name: 'retryDelay',
						type: 'number',
						typeOptions: { minValue: 0, maxValue: OPTION_RULES.retryDelay.max },
						default: DEFAULT_RETRY_DELAY_MS,
						description:
							`Wait before the first retry, in milliseconds; it doubles for each further one (at most 30 seconds), with random jitter. Default: ${DEFAULT_RETRY_DELAY_MS}. A longer Retry-After from EngageLab wins.`,
					},
					{
						displayName: 'Timeout (Milliseconds)',
						name: 'timeout',
						type: 'number',
						typeOptions: { minValue: 1, maxValue: OPTION_RULES.timeout.max },
						default: DEFAULT_TIMEOUT_MS,
						description:
							`How long one attempt may take in all, from sending the request to the end of the answer, in milliseconds. Default: ${DEFAULT_TIMEOUT_MS} (30 seconds). A slower attempt counts as failed (and is retried when that is safe).`,
					},
				],
			},
		],
	};

	methods = {
		credentialTest: CREDENTIAL_TESTS,
		listSearch,
		resourceMapping,
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
	const version = ctx.getNode().typeVersion;
	const continueOnFail = ctx.continueOnFail();
	const failAll = (error: unknown) => [failEveryItem(ctx, error, { continueOnFail, itemCount: items.length })];
	let options: CheckedOptions;
	let connection: Connection;
	try {
		options = readOptions(ctx, version);
		connection = await connect(ctx, productOf(resource) ?? MA);
	} catch (error) {
		// With "continue on fail" a setting or credential problem fails each item, not the run.
		return failAll(error);
	}
	const run = { concurrency: options.concurrency, continueOnFail, itemCount: items.length };
	const signal = ctx.getExecutionCancelSignal();
	const rate = options.maxRequestsPerSecond;
	const settings: RequestSettings = {
		...connection,
		timeout: options.timeout,
		maxAttempts: options.maxAttempts,
		retryDelay: options.retryDelay,
		gate: new RequestGate(rate > 0 ? 1000 / rate : 0, timing, signal),
		timing,
		signal,
	};
	// Auto: one controller for every request of the run, told of each 429 pause by the run's gate.
	const adaptive = options.concurrencyMode === 'auto' ? new AdaptiveConcurrency(timing, { max: run.concurrency, latencyCeiling: options.timeout / 4 }) : undefined;
	const scheduler = new Scheduler(ctx, settings, run.concurrency, adaptive);
	let work: ReturnType<typeof workFor>;
	try {
		work = workFor(ctx, resource, operation, { ...run, version, scheduler });
	} catch (error) {
		return failAll(error); // an operation's run-wide setting (e.g. Report's Batch Size) is refused
	}
	const ledger = sendLedgerFor(ctx);
	try {
		const output = await runJobs(ctx, work, settings, { ...run, scheduler, ledger });
		ledger?.finished(output);
		return [output];
	} finally {
		// What Auto found, for whoever wonders why a run took as long as it did (N8N_LOG_LEVEL=debug).
		if (adaptive) ctx.logger?.debug('EngageLab Concurrency Mode Auto', { node: ctx.getNode().name, items: items.length, ...adaptive.summary() });
	}
}

type CheckedOptions = Record<OptionName, number> & { concurrencyMode: ConcurrencyMode };

/** The options, each checked (validation/options.ts): refused when out of range, never clamped. */
function readOptions(ctx: IExecuteFunctions, version: number): CheckedOptions {
	const raw = (ctx.getNodeParameter('options', 0, {}) ?? {}) as Record<string, unknown>;
	const mode = raw.concurrencyMode === undefined || raw.concurrencyMode === null || raw.concurrencyMode === '' ? defaultsFor(version).concurrencyMode : raw.concurrencyMode;
	if (mode !== 'fixed' && mode !== 'auto') {
		throw new NodeOperationError(ctx.getNode(), `The option Concurrency Mode is "${String(mode).slice(0, 40)}": it takes "auto" or "fixed"`, {
			itemIndex: 0,
			description: 'Change the value in the node\'s Options (or the expression that gives it); nothing was sent.',
		});
	}
	const defaults: Record<OptionName, number> = {
		concurrency: mode === 'auto' ? AUTO_MAX_CONCURRENCY : defaultsFor(version).concurrency,
		maxAttempts: DEFAULT_MAX_ATTEMPTS,
		maxRequestsPerSecond: 0,
		retryDelay: DEFAULT_RETRY_DELAY_MS,
		timeout: DEFAULT_TIMEOUT_MS,
	};
	const checked: CheckedOptions = { ...defaults, concurrencyMode: mode };
	for (const name of Object.keys(OPTION_RULES) as OptionName[]) {
		const value = checkNumberOption(Object.prototype.hasOwnProperty.call(raw, name) ? raw[name] : undefined, OPTION_RULES[name], defaults[name]);
		if (!value.ok) {
			throw new NodeOperationError(ctx.getNode(), value.problem, {
				itemIndex: 0,
				description: 'Change the value in the node\'s Options (or the expression that gives it); nothing was sent.',
			});
		}
		checked[name] = value.value;
	}
	return checked;
}
