/**
 * The node's Options (how it talks to EngageLab: concurrency, retries, pacing, timeout), as the
 * editor shows them per version, and as a run reads them: each checked, refused when out of range.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_DELAY_MS, DEFAULT_TIMEOUT_MS } from './transport/request';
import { checkNumberOption, OPTION_RULES, type OptionName } from './validation/options';
import { DEFAULT_NODE_VERSION, defaultsFor, NODE_VERSIONS, VERSION_DEFAULTS, versionsWhere } from './versions';

/** Requests in flight at once, by default (see the README for why). */
export const DEFAULT_CONCURRENCY = VERSION_DEFAULTS[DEFAULT_NODE_VERSION].concurrency;
const MAX_CONCURRENCY = OPTION_RULES.concurrency.max;
const MAX_ATTEMPTS = OPTION_RULES.maxAttempts.max;
/** Concurrency Mode Auto's cap when Concurrency is not set (with it set, at most 100, that is the cap): 200 in flight keep up with a 200 requests/s limit 250 ms away. */
export const AUTO_MAX_CONCURRENCY = 200;
type ConcurrencyMode = 'fixed' | 'auto';

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

/** Options: the collection, with every version's fields. */
export const OPTIONS_PROPERTY: INodeProperties = {
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
};

export type CheckedOptions = Record<OptionName, number> & { concurrencyMode: ConcurrencyMode };

/** The options, each checked (validation/options.ts): refused when out of range, never clamped. */
export function readOptions(ctx: IExecuteFunctions, version: number): CheckedOptions {
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
