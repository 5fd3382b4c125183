/**
 * What EngageLab's answer (or its absence) means: a success, or a NodeApiError that says what
 * happened and what to check, and whether another attempt may get through. The codes' texts are
 * data in errorCodes.ts; engageLabRequest (request.ts) decides what to do with the outcome.
 */
import type { IDataObject, IExecuteFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { ERROR_CODES } from './errorCodes';
import { parseWithLongs } from './longJson';
import type { EngageLabResponse } from './request';

/** One attempt's failure, and whether another attempt may succeed. */
export interface Failure {
	ok: false;
	error: NodeApiError;
	/** Worth another attempt: the request was not refused for what it is. */
	transient: boolean;
	/** EngageLab is limiting the rate (HTTP 429): the whole node pauses, not just this request. */
	rateLimited?: boolean;
	/** What a Retry-After header asked for, in milliseconds. */
	retryAfter?: number;
}

export type Attempt = { ok: true; response: EngageLabResponse } | Failure;

export function interpretResponse(ctx: IExecuteFunctions, status: number, rawBody: unknown, itemIndex: number): Attempt {
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
function findErrorCode(error: unknown): string | undefined {
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

export function networkFailure(ctx: IExecuteFunctions, baseUrl: string, error: unknown, itemIndex: number): Failure {
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
