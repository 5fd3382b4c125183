import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DATA_CENTERS, trimBaseUrl, type DataCenter } from './dataCenters';
import { ERROR_CODES } from './errorCodes';
import { parseWithLongs, stringifyWithLongs } from './longJson';
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

/** One attempt's failure, and whether another attempt may succeed. */
interface Failure {
	ok: false;
	error: NodeApiError;
	/** Worth another attempt: the request was not refused for what it is. */
	transient: boolean;
	/** EngageLab is limiting the rate (HTTP 429): the whole node pauses, not just this request. */
	rateLimited?: boolean;
	/** What a Retry-After header asked for, in milliseconds. */
	retryAfter?: number;
}

type Attempt = { ok: true; response: EngageLabResponse } | Failure;

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

function interpretResponse(ctx: IExecuteFunctions, status: number, rawBody: unknown, itemIndex: number): Attempt {
	const text = typeof rawBody === 'string' ? rawBody : JSON.stringify(rawBody ?? '');
	let body: unknown;
	try {
		body = parseWithLongs(text);
	} catch {
		body = undefined;
	}
	const ok = status >= 200 && status < 300;
	const answer = isCodeMessage(body) ? body : undefined;
	if (answer?.code === 0 && ok) return { ok: true, response: answer as EngageLabResponse };
	// A business code decides, whatever the status; without one, the status does.
	const transient = answer?.code
		? ERROR_CODES[answer.code]?.transient === true
		: status === 429 || status === 408 || status >= 500;
	const failure = (error: NodeApiError): Failure => ({ ok: false, error, transient, rateLimited: transient && status === 429 });
	if (answer && (answer.code !== 0 || status !== 429)) {
		return failure(codeError(ctx, status, answer.code, answer.message, itemIndex));
	}
	const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 200);
	const quoted = excerpt ? `The body began with: ${excerpt}` : '';
	if (status === 429) {
		return failure(
			new NodeApiError(
				ctx.getNode(),
				{ httpCode: String(status), body: excerpt },
				{
					message: 'EngageLab answered HTTP 429: too many requests',
					description: `EngageLab is limiting how fast this account may call it: lower Concurrency or set Max Requests Per Second in the node's options. ${quoted}`.trim(),
					httpCode: String(status),
					itemIndex,
				},
			),
		);
	}
	return failure(
		new NodeApiError(
			ctx.getNode(),
			{ httpCode: String(status), body: excerpt },
			{
				message: ok
					? `EngageLab answered HTTP ${status} with a body that is not an EngageLab response`
					: `EngageLab answered HTTP ${status}${excerpt ? ' with a body that is not JSON' : ' with an empty body'}`,
				description:
					(transient
						? 'The service or a proxy in front of it is unavailable or overloaded; try again later. '
						: 'Check the credential\'s data center or Base URL: it should point at the EngageLab MA API. ') + quoted,
				httpCode: String(status),
				itemIndex,
			},
		),
	);
}

function isCodeMessage(body: unknown): body is { code: number; message: string } {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as IDataObject).code === 'number' &&
		Number.isInteger((body as IDataObject).code)
	);
}

function codeError(
	ctx: IExecuteFunctions,
	status: number,
	code: number,
	apiMessage: unknown,
	itemIndex: number,
): NodeApiError {
	const said = typeof apiMessage === 'string' && apiMessage ? apiMessage : '';
	const known = ERROR_CODES[code];
	const errorResponse: JsonObject = { code, message: said, httpCode: String(status) };
	if (code === 0) {
		// HTTP error status with a "success" body: trust the status.
		return new NodeApiError(ctx.getNode(), errorResponse, {
			message: `EngageLab answered HTTP ${status}`,
			description: `The body said code 0 (${said || 'no message'}), but the HTTP status is an error.`,
			httpCode: String(status),
			itemIndex,
		});
	}
	return new NodeApiError(ctx.getNode(), errorResponse, {
		message: known
			? `EngageLab error ${code}: ${known.meaning}`
			: `EngageLab error ${code}: ${said || 'unknown error'}`,
		description: [
			known?.check,
			said ? `EngageLab said: "${said}".` : undefined,
			`HTTP status ${status}.`,
		]
			.filter(Boolean)
			.join(' '),
		httpCode: String(status),
		itemIndex,
	});
}

/** What each network error code means, and whether the next attempt may get through. */
const NETWORK_REASONS: Record<string, { reason: string; transient: boolean }> = {
	ECONNREFUSED: { reason: 'the connection was refused', transient: true },
	ECONNRESET: { reason: 'the connection was closed before EngageLab answered', transient: true },
	EPIPE: { reason: 'the connection was closed while sending', transient: true },
	ERR_BAD_RESPONSE: { reason: 'the connection was closed in the middle of the answer', transient: true },
	ETIMEDOUT: { reason: 'the connection timed out', transient: true },
	ECONNABORTED: { reason: 'EngageLab did not answer in time', transient: true },
	ESOCKETTIMEDOUT: { reason: 'EngageLab did not answer in time', transient: true },
	ENOTFOUND: { reason: 'the host name could not be resolved', transient: false },
	EAI_AGAIN: { reason: 'the host name could not be resolved (DNS lookup failed)', transient: true },
	EHOSTUNREACH: { reason: 'the host is unreachable', transient: true },
	ENETUNREACH: { reason: 'the network is unreachable', transient: true },
	ERR_CANCELED: { reason: 'the request was cancelled', transient: false },
};

/**
 * The errno (ECONNREFUSED …) of a failed request. n8n-core wraps axios errors in a NodeApiError
 * that keeps the errno in `httpCode` (and, in other versions, in `code` or on a `cause`).
 */
export function findErrorCode(error: unknown): string | undefined {
	for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
		for (const key of ['httpCode', 'code'] as const) {
			const value = (e as Record<string, unknown>)[key];
			if (typeof value === 'string' && /^E[A-Z_]+$/.test(value)) return value;
		}
		e = (e as { cause?: unknown }).cause;
	}
	const text = JSON.stringify((error as { messages?: unknown })?.messages ?? '');
	if (/timeout of \d+ms exceeded/.test(text)) return 'ECONNABORTED';
	return /\b(E[A-Z]{3,}[A-Z_]*)\b/.exec(text)?.[1];
}

function networkFailure(ctx: IExecuteFunctions, baseUrl: string, error: unknown, itemIndex: number): Failure {
	const host = baseUrl.replace(/^https?:\/\//i, '');
	const code = findErrorCode(error);
	const known = code === undefined ? undefined : NETWORK_REASONS[code];
	const reason = known?.reason ?? 'the request failed before any answer arrived';
	const nodeError = new NodeApiError(
		ctx.getNode(),
		// Not under a key named `code`: NodeApiError would swap our message for its generic one.
		{ connectionError: code ?? 'unknown', host },
		{
			message: `Could not reach EngageLab at ${host}: ${reason}`,
			description: `Check the credential's data center or Base URL and this n8n instance's network access (proxy, firewall). Error code: ${code ?? 'none'}.`,
			itemIndex,
		},
	);
	return { ok: false, error: nodeError, transient: known?.transient ?? false };
}
