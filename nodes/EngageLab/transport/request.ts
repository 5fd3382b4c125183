import type { IDataObject, IExecuteFunctions, IHttpRequestOptions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DATA_CENTERS, trimBaseUrl, type DataCenter } from './dataCenters';
import { interpretResponse, networkFailure, type Attempt, type Failure } from './errors';
import { stringifyWithLongs } from './longJson';
import { backoffDelay, MAX_RETRY_AFTER_MS, parseRetryAfter, type RequestGate } from './retry';
import type { Timing } from '../execution/timing';

export const CREDENTIAL_TYPE = 'engageLabApi';

/** EngageLab's answer when `code` is 0. Longs inside `data` arrive as strings of digits. */
export interface EngageLabResponse extends IDataObject {
	code: number;
	message: string;
}

export interface EngageLabCall {
	path: string;
	/** Plain data; JsonLong values are written as exact 64-bit numbers. */
	body: unknown;
	itemIndex: number;
	/** Asked before each retry: false stops retrying, because the answer is no longer needed. */
	stillWanted?: () => boolean;
}

/** What every request of one node run shares. */
export interface RequestSettings {
	baseUrl: string;
	/** Milliseconds to wait for an answer, per attempt. */
	timeout: number;
	/** Attempts per request, the first included (1 = no retries). */
	maxAttempts: number;
	/** Backoff before the first retry, in milliseconds; doubles for each further one. */
	retryDelay: number;
	/** Pacing and the pause after a 429, shared by all requests of the run. */
	gate: RequestGate;
	timing: Timing;
	/** The execution's cancel signal: no more waiting or retrying once aborted. */
	signal?: AbortSignal;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_RETRY_DELAY_MS = 1_000;

/** The API base URL for the credential this node runs with (no trailing slash). */
export async function getBaseUrl(ctx: IExecuteFunctions): Promise<string> {
	const baseUrl = baseUrlFor(await ctx.getCredentials(CREDENTIAL_TYPE));
	if (baseUrl === undefined) {
		throw new NodeOperationError(ctx.getNode(), 'The EngageLab credential has no valid Base URL', {
			description:
				'The credential\'s data center is "Custom", so its Base URL must be filled in, starting with https:// (for example https://ma-api.engagelab.com).',
		});
	}
	return baseUrl;
}

/** The base URL a credential's data center stands for; undefined for an unusable custom URL. */
export function baseUrlFor(credentials: IDataObject): string | undefined {
	const dataCenter = (credentials.dataCenter ?? 'singapore') as DataCenter;
	if (dataCenter !== 'custom') return DATA_CENTERS[dataCenter] ?? DATA_CENTERS.singapore;
	const baseUrl = trimBaseUrl(String(credentials.baseUrl ?? ''));
	return /^https?:\/\/[^/\s]+/i.test(baseUrl) ? baseUrl : undefined;
}

/**
 * The one way this package talks to EngageLab: POST a JSON body with the credential's Basic auth
 * and return the answer when `code` is 0. Anything else (a non-zero `code` on any HTTP status, an
 * HTTP error without one, a body that is not JSON, no answer at all) becomes a NodeApiError that
 * says what happened and what to check. No error carries the request, so no secret can leak.
 *
 * Transient failures are tried again, up to `maxAttempts` in all, after an exponential backoff
 * with jitter, or as long as a Retry-After header asks (up to MAX_RETRY_AFTER_MS): HTTP 429,
 * 408 and 5xx without a business code, EngageLab's code -1, a connection refused, reset or cut
 * off, and no answer within the timeout. A business code (4xxxx, 5xxxx) is never retried, even
 * on an HTTP 5xx: the same request would get the same answer. Every attempt passes the gate
 * (pacing, and the pause after a 429). The final error says how many attempts were made.
 */
export async function engageLabRequest(
	ctx: IExecuteFunctions,
	settings: RequestSettings,
	call: EngageLabCall,
): Promise<EngageLabResponse> {
	const { timing, signal } = settings;
	for (let attempt = 1; ; attempt++) {
		await settings.gate.enter();
		const outcome = await attemptRequest(ctx, settings, call);
		if (outcome.ok) return outcome.response;
		const tooLong = outcome.retryAfter !== undefined && outcome.retryAfter > MAX_RETRY_AFTER_MS;
		if (
			!outcome.transient ||
			tooLong ||
			attempt >= settings.maxAttempts ||
			signal?.aborted ||
			call.stillWanted?.() === false
		) {
			throw finalError(outcome, attempt, tooLong);
		}
		const wait = Math.max(backoffDelay(attempt, settings.retryDelay, timing.random), outcome.retryAfter ?? 0);
		if (outcome.rateLimited) settings.gate.holdUntilTime(timing.now() + wait);
		await timing.sleep(wait, signal);
	}
}

/** The last attempt's error, saying how many attempts were made (and why it stopped early). */
function finalError(failure: Failure, attempts: number, retryAfterTooLong: boolean): NodeApiError {
	const { error } = failure;
	if (attempts > 1) error.message = `${error.message} (after ${attempts} attempts)`;
	if (retryAfterTooLong) {
		error.description =
			`EngageLab asked to wait ${Math.round(failure.retryAfter! / 1000)} s before trying again, longer than ` +
			`the node waits (${MAX_RETRY_AFTER_MS / 1000} s): run it again later, or lower Concurrency or set Max ` +
			`Requests Per Second in the node's options. ${error.description ?? ''}`.trim();
	}
	return error;
}

async function attemptRequest(ctx: IExecuteFunctions, settings: RequestSettings, call: EngageLabCall): Promise<Attempt> {
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: `${settings.baseUrl}${call.path}`,
		headers: { 'Content-Type': 'application/json; charset=utf-8', Accept: 'application/json' },
		body: stringifyWithLongs(call.body),
		// Raw text back, so Longs can be parsed exactly and non-JSON bodies reported as such.
		encoding: 'text',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: settings.timeout,
	};
	let response: { body: unknown; statusCode: number; headers?: IDataObject };
	try {
		response = await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options);
	} catch (error) {
		return networkFailure(ctx, settings.baseUrl, error, call.itemIndex);
	}
	const failure = interpretResponse(ctx, response.statusCode, response.body, call.itemIndex);
	if (failure.ok || !failure.transient) return failure;
	failure.retryAfter = parseRetryAfter(response.headers?.['retry-after'], settings.timing.now());
	return failure;
}
