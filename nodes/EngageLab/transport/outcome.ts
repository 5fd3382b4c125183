/**
 * What one attempt's answer (or its absence) means: success, or a Problem that says what
 * happened, what to check, whether another attempt may succeed, and whether the service can have
 * applied the request. Plain data, no n8n context. What every EngageLab API's answer shares is
 * read here (a redirect, the body as text and JSON, its code and message, the excerpt quoted in
 * errors, a 429); what success and each code mean is the product's AnswerRules.
 */
import type { IDataObject } from 'n8n-workflow';

import { parseWithLongs } from './longJson';
import type { Redactor } from './redact';

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

/** Reads one attempt's answer: status, raw body (text), headers, the URL asked and the redactor. */
export type AnswerReader = (status: number, rawBody: unknown, headers: IDataObject | undefined, url: string, redact?: Redactor) => Outcome;

/** An answer as the shared prelude read it, for a product's rules to judge. */
export interface Answer {
	status: number;
	/** A 2xx status. */
	ok: boolean;
	/** The body parsed (64-bit integers kept exact), or undefined when it is not JSON. */
	body: unknown;
	/** The body's integer `code`, when it is a JSON object that has one. */
	code: number | undefined;
	/** The `message` of a body with a code, redacted; '' when there is none. */
	said: string;
	/** The start of the body, whitespace folded and redacted, for the error's details. */
	excerpt: string;
	/** 408 or 5xx: the service or a proxy in front of it is unavailable or overloaded. */
	statusTransient: boolean;
	redact: Redactor;
}

/** What a product's answers mean: success, or which Problem (its error table, its words). */
export type AnswerRules = (answer: Answer) => Outcome;

const EXCERPT_LENGTH = 200;

/**
 * The reader for one product: the answer to a request sent to `url` (status, raw body text and
 * headers as they came back) is read the same for every product up to its `rules`. `redact` hides
 * the credential in the body before any of it is quoted (so a cut never leaves half a secret).
 */
export function answerReader(rules: AnswerRules): AnswerReader {
	return (status, rawBody, headers, url, redact = (text) => text) => {
		if (status >= 300 && status < 400) return fail(redirectProblem(status, headers?.location, url));
		const text = typeof rawBody === 'string' ? rawBody : rawBody === undefined || rawBody === null ? '' : JSON.stringify(rawBody);
		const excerpt = redact(text.replace(/\s+/g, ' ').trim()).slice(0, EXCERPT_LENGTH);
		let body: unknown;
		try {
			body = parseWithLongs(text);
		} catch {
			body = undefined;
		}
		const code = codeOf(body);
		const message = code === undefined ? undefined : (body as IDataObject).message;
		const said = typeof message === 'string' ? redact(message) : '';
		const answer: Answer = { status, ok: status >= 200 && status < 300, body, code, said, excerpt, statusTransient: status === 408 || status >= 500, redact };
		// A 429 is the rate limit whatever its body says, and was turned away before any processing.
		if (status === 429) return fail(rateLimitProblem(answer));
		return rules(answer);
	};
}

function rateLimitProblem({ status, code, said, excerpt }: Answer): Problem {
	const engageLab = code !== undefined ? ` EngageLab said: code ${code}${said ? `, "${said}"` : ''}.` : excerpt ? ` The body began with: ${excerpt}` : '';
	return {
		message: 'EngageLab answered HTTP 429: too many requests',
		description: `EngageLab is limiting how fast this account may call it: lower Concurrency or set Max Requests Per Second in the node's options.${engageLab}`,
		httpCode: String(status),
		code,
		apiMessage: said,
		excerpt,
		transient: true,
		notApplied: true,
		rateLimited: true,
	};
}

export function fail(problem: Problem): Outcome {
	return { ok: false, problem };
}

function redirectProblem(status: number, location: unknown, url: string): Problem {
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

function codeOf(body: unknown): number | undefined {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
	const code = (body as IDataObject).code;
	return typeof code === 'number' && Number.isInteger(code) ? code : undefined;
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

/** A URL as it may be printed: without `user:password@`. */
export function withoutUserinfo(url: string): string {
	return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/i, '$1');
}
