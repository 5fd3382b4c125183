import type { IDataObject, IExecuteFunctions, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { DATA_CENTERS, trimBaseUrl, type DataCenter } from './dataCenters';
import { ERROR_CODES } from './errorCodes';
import { parseWithLongs, stringifyWithLongs } from './longJson';

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
}

/** What every request of one node run shares. */
export interface RequestSettings {
	baseUrl: string;
	/** Milliseconds to wait for an answer. */
	timeout: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

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
 */
export async function engageLabRequest(
	ctx: IExecuteFunctions,
	{ baseUrl, timeout }: RequestSettings,
	call: EngageLabCall,
): Promise<EngageLabResponse> {
	const options: IHttpRequestOptions = {
		method: 'POST',
		url: `${baseUrl}${call.path}`,
		headers: { 'Content-Type': 'application/json; charset=utf-8', Accept: 'application/json' },
		body: stringifyWithLongs(call.body),
		// Raw text back, so Longs can be parsed exactly and non-JSON bodies reported as such.
		encoding: 'text',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout,
	};
	let response: { body: unknown; statusCode: number };
	try {
		response = await ctx.helpers.httpRequestWithAuthentication.call(ctx, CREDENTIAL_TYPE, options);
	} catch (error) {
		throw networkError(ctx, baseUrl, error, call.itemIndex);
	}
	return interpretResponse(ctx, response.statusCode, response.body, call.itemIndex);
}

function interpretResponse(
	ctx: IExecuteFunctions,
	status: number,
	rawBody: unknown,
	itemIndex: number,
): EngageLabResponse {
	const text = typeof rawBody === 'string' ? rawBody : JSON.stringify(rawBody ?? '');
	let body: unknown;
	try {
		body = parseWithLongs(text);
	} catch {
		body = undefined;
	}
	const ok = status >= 200 && status < 300;
	if (!isCodeMessage(body)) {
		const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 200);
		throw new NodeApiError(
			ctx.getNode(),
			{ httpCode: String(status), body: excerpt },
			{
				message: ok
					? `EngageLab answered HTTP ${status} with a body that is not an EngageLab response`
					: `EngageLab answered HTTP ${status}${excerpt ? ' with a body that is not JSON' : ' with an empty body'}`,
				description:
					(status >= 500 || status === 429
						? 'The service or a proxy in front of it is unavailable or overloaded; try again later. '
						: 'Check the credential\'s data center or Base URL: it should point at the EngageLab MA API. ') +
					(excerpt ? `The body began with: ${excerpt}` : ''),
				httpCode: String(status),
				itemIndex,
			},
		);
	}
	if (body.code === 0 && ok) return body as EngageLabResponse;
	throw codeError(ctx, status, body.code, body.message, itemIndex);
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

const NETWORK_REASONS: Record<string, string> = {
	ECONNREFUSED: 'the connection was refused',
	ECONNRESET: 'the connection was closed before EngageLab answered',
	EPIPE: 'the connection was closed while sending',
	ETIMEDOUT: 'the connection timed out',
	ECONNABORTED: 'EngageLab did not answer in time',
	ESOCKETTIMEDOUT: 'EngageLab did not answer in time',
	ENOTFOUND: 'the host name could not be resolved',
	EAI_AGAIN: 'the host name could not be resolved (DNS lookup failed)',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	ERR_CANCELED: 'the request was cancelled',
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

function networkError(ctx: IExecuteFunctions, baseUrl: string, error: unknown, itemIndex: number) {
	const host = baseUrl.replace(/^https?:\/\//i, '');
	const code = findErrorCode(error);
	const reason = (code && NETWORK_REASONS[code]) ?? 'the request failed before any answer arrived';
	return new NodeApiError(
		ctx.getNode(),
		// Not under a key named `code`: NodeApiError would swap our message for its generic one.
		{ connectionError: code ?? 'unknown', host },
		{
			message: `Could not reach EngageLab at ${host}: ${reason}`,
			description: `Check the credential's data center or Base URL and this n8n instance's network access (proxy, firewall). Error code: ${code ?? 'none'}.`,
			itemIndex,
		},
	);
}
