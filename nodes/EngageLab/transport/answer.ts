/**
 * What one attempt's answer (or its absence) means: EngageLab's success, or a Problem that says
 * what happened, what to check, whether another attempt may succeed, and whether EngageLab can
 * have applied the request. Plain data, no n8n context: the node (request.ts) and the credential
 * test (credentialTest.ts) read answers by the same rules.
 */
import type { IDataObject } from 'n8n-workflow';

import { withoutUserinfo } from './dataCenters';
import { ERROR_CODES } from './errorCodes';
import { parseWithLongs } from './longJson';
import { redactJson } from './redact';

/** EngageLab's answer when `code` is 0. Longs inside `data` arrive as strings of digits. */
export interface EngageLabResponse extends IDataObject {
	code: number;
	message: string;
}

export interface Problem {
	message: string;
	description: string;
	httpCode?: string;
	/** EngageLab's own code and message, when the answer was EngageLab's. */
	code?: number;
	apiMessage?: string;
	/** The start of the body, for the error's details. */
	excerpt?: string;
	/** Worth another attempt: the request was not refused for what it is. */
	transient: boolean;
	/**
	 * EngageLab provably did not apply the request: it never got there (connection refused, DNS,
	 * a redirect) or was turned away before any processing (HTTP 429). Only then is a request
	 * that is not safe to repeat sent again.
	 */
	notApplied: boolean;
	/** EngageLab is limiting the rate (HTTP 429): the whole node pauses, not just this request. */
	rateLimited?: boolean;
	/** What a Retry-After header asked for, in milliseconds. */
	retryAfter?: number;
	/** Where a 3xx pointed (origin only, no userinfo). */
	redirectTo?: string;
	/** The network error code (ECONNREFUSED …), for errors without an answer. */
	connectionError?: string;
}

export type Outcome = { ok: true; response: EngageLabResponse } | { ok: false; problem: Problem };

const EXCERPT_LENGTH = 200;

/**
 * The answer to a request sent to `url`: status, raw body text and headers as they came back.
 * `redact` hides the credential in the body before any of it is quoted (so a cut never leaves half a secret).
 */
export function interpretAnswer(
	status: number,
	rawBody: unknown,
	headers: IDataObject | undefined,
	url: string,
	redact: (text: string) => string = (text) => text,
): Outcome {
	const text = typeof rawBody === 'string' ? rawBody : rawBody === undefined || rawBody === null ? '' : JSON.stringify(rawBody);
	const excerpt = redact(text.replace(/\s+/g, ' ').trim()).slice(0, EXCERPT_LENGTH);
	const quoted = excerpt ? ` The body began with: ${excerpt}` : '';
	const httpCode = String(status);
	if (status >= 300 && status < 400) return { ok: false, problem: redirectProblem(status, headers?.location, url) };

	let body: unknown;
	try {
		body = parseWithLongs(text);
	} catch {
		body = undefined;
	}
	const ok = status >= 200 && status < 300;
	const answer = isCodeMessage(body) ? body : undefined;
	// A server or proxy may echo the credential in a success body too: it is merged into the output.
	if (answer?.code === 0 && ok) return { ok: true, response: redactJson(answer as EngageLabResponse, redact) };
	const said = typeof answer?.message === 'string' ? redact(answer.message) : '';

	// A 429 is the rate limit whatever its body says, and was turned away before any processing.
	if (status === 429) {
		const engageLab = answer ? ` EngageLab said: code ${answer.code}${said ? `, "${said}"` : ''}.` : quoted;
		return fail({
			message: 'EngageLab answered HTTP 429: too many requests',
			description: `EngageLab is limiting how fast this account may call it: lower Concurrency or set Max Requests Per Second in the node's options.${engageLab}`,
			httpCode,
			code: answer?.code,
			apiMessage: said,
			excerpt,
			transient: true,
			notApplied: true,
			rateLimited: true,
		});
	}

	// Only EngageLab's own codes decide; a gateway's {"code":502} falls back to the HTTP status.
	const known = answer && answer.code !== 0 ? ERROR_CODES[answer.code] : undefined;
	if (answer && known) {
		return fail({
			message: `EngageLab error ${answer.code}: ${known.meaning}`,
			description: [known.check, said ? `EngageLab said: "${said}".` : undefined, `HTTP status ${status}.`].filter(Boolean).join(' '),
			httpCode,
			code: answer.code,
			apiMessage: said,
			transient: known.transient === true,
			// A business refusal was not applied; code -1 (internal error) may have been, in part.
			notApplied: known.transient !== true,
		});
	}

	const statusTransient = status === 408 || status >= 500;
	if (answer && answer.code !== 0 && !statusTransient && !ok) {
		return fail({
			message: `EngageLab error ${answer.code}: ${said || 'unknown error'}`,
			description: [said ? `EngageLab said: "${said}".` : undefined, `HTTP status ${status}.`].filter(Boolean).join(' '),
			httpCode,
			code: answer.code,
			apiMessage: said,
			transient: false,
			notApplied: false,
		});
	}
	if (answer && answer.code !== 0 && ok) {
		return fail({
			message: `EngageLab error ${answer.code}: ${said || 'unknown error'}`,
			description: `EngageLab answered with a code it does not document.${said ? ` EngageLab said: "${said}".` : ''} HTTP status ${status}.`,
			httpCode,
			code: answer.code,
			apiMessage: said,
			transient: false,
			notApplied: false,
		});
	}
	if (answer) {
		// An HTTP error with a "success" body, or with a code that is not EngageLab's: the status decides.
		return fail({
			message: `EngageLab answered HTTP ${status}`,
			description:
				`The body said code ${answer.code} (${said || 'no message'}), which is not an EngageLab error, and the HTTP status is an error.` +
				(statusTransient ? ' The service or a proxy in front of it is unavailable or overloaded; try again later.' : ''),
			httpCode,
			excerpt,
			transient: statusTransient,
			notApplied: false,
		});
	}
	// No EngageLab answer at all. A 2xx whose body is cut off or not JSON: the request may have
	// been applied and the answer lost on the way, so it is transient and ambiguous.
	return fail({
		message: ok
			? `EngageLab answered HTTP ${status} with a body that is not an EngageLab response`
			: `EngageLab answered HTTP ${status}${excerpt ? ' with a body that is not JSON' : ' with an empty body'}`,
		description:
			(ok || statusTransient
				? 'The service or a proxy in front of it is unavailable or overloaded, or the answer was cut off; try again later. '
				: "Check the credential's data center or Base URL: it should point at the EngageLab MA API. ") + quoted.trim(),
		httpCode,
		excerpt,
		transient: ok || statusTransient,
		notApplied: false,
	});
}

function fail(problem: Problem): Outcome {
	return { ok: false, problem };
}

export function redirectProblem(status: number, location: unknown, url: string): Problem {
	const target = redirectTarget(location, url);
	return {
		message: `The Base URL redirects to ${target ?? 'another address'} (HTTP ${status}); the node does not follow redirects`,
		description:
			`The credential's Base URL answered with a redirect${target ? ` to ${target}` : ''}. The node never follows redirects, so the API key and secret go only to the configured host: put the final address in the credential's Base URL.`,
		httpCode: String(status),
		redirectTo: target,
		transient: false,
		notApplied: true,
	};
}

/** The origin a Location header points to, resolved against the request URL, without userinfo. */
function redirectTarget(location: unknown, url: string): string | undefined {
	const value = Array.isArray(location) ? location[0] : location;
	if (typeof value !== 'string' || !value.trim()) return undefined;
	try {
		const target = new URL(value.trim(), url);
		return `${target.protocol}//${target.host}`;
	} catch {
		return withoutUserinfo(value.trim()).slice(0, 100);
	}
}

function isCodeMessage(body: unknown): body is { code: number; message?: unknown } {
	return (
		typeof body === 'object' &&
		body !== null &&
		typeof (body as IDataObject).code === 'number' &&
		Number.isInteger((body as IDataObject).code)
	);
}

/** What each network error code means, whether the next attempt may get through, and whether EngageLab can have seen the request. */
const NETWORK_REASONS: Record<string, { reason: string; transient: boolean; notApplied?: boolean }> = {
	ECONNREFUSED: { reason: 'the connection was refused', transient: true, notApplied: true },
	ECONNRESET: { reason: 'the connection was closed before EngageLab answered', transient: true },
	EPIPE: { reason: 'the connection was closed while sending', transient: true },
	ERR_BAD_RESPONSE: { reason: 'the connection was closed in the middle of the answer', transient: true },
	ETIMEDOUT: { reason: 'the connection timed out', transient: true },
	ECONNABORTED: { reason: 'EngageLab did not answer in time', transient: true },
	ESOCKETTIMEDOUT: { reason: 'EngageLab did not answer in time', transient: true },
	ENOTFOUND: { reason: 'the host name could not be resolved', transient: false, notApplied: true },
	EAI_AGAIN: { reason: 'the host name could not be resolved (DNS lookup failed)', transient: true, notApplied: true },
	EHOSTUNREACH: { reason: 'the host is unreachable', transient: true, notApplied: true },
	ENETUNREACH: { reason: 'the network is unreachable', transient: true, notApplied: true },
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

/** Why no answer came back from `baseUrl`: `timedOut` when the node's own time limit ended the attempt. */
export function networkProblem(baseUrl: string, error: unknown, how: { timedOut?: number; cancelled?: boolean } = {}): Problem {
	const host = withoutUserinfo(baseUrl).replace(/^https?:\/\//i, '');
	if (how.cancelled) {
		return {
			message: `The request to EngageLab at ${host} was canceled with the execution`,
			description: 'The execution was stopped while this request was waiting for EngageLab: the change may or may not have been applied.',
			connectionError: 'ERR_CANCELED',
			transient: false,
			notApplied: false,
		};
	}
	const code = how.timedOut !== undefined ? 'ECONNABORTED' : findErrorCode(error);
	const known = code === undefined ? undefined : NETWORK_REASONS[code];
	const reason = known?.reason ?? 'the request failed before any answer arrived';
	const limit = how.timedOut !== undefined ? `The attempt took longer than ${how.timedOut} ms in all (the Timeout). ` : '';
	return {
		message: `Could not reach EngageLab at ${host}: ${reason}`,
		description: `${limit}Check the credential's data center or Base URL and this n8n instance's network access (proxy, firewall). Error code: ${code ?? 'none'}.`,
		connectionError: code ?? 'unknown',
		transient: how.timedOut !== undefined || (known?.transient ?? false),
		notApplied: how.timedOut === undefined && known?.notApplied === true,
	};
}
