import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { networkProblem, type AnswerReader, type EngageLabResponse, type Outcome, type Problem } from './outcome';
import { stringifyWithLongs } from './longJson';
import { alsoHiding, type Redactor } from './redact';
import { notSentCancelled } from './cancelled';
import { backoffDelay, MAX_RETRY_AFTER_MS, parseRetryAfter, RATE_LIMIT_BUDGET_MS, type RequestGate } from './retry';
import { mayHaveBeenApplied } from './unsure';
import { realTiming, type Timing } from './clock';

export type { EngageLabResponse } from './outcome';

export interface EngageLabCall {
	/** POST (the default) and PUT send `body`; GET (template lists) and DELETE send none. */
	method?: 'GET' | 'POST' | 'PUT' | 'DELETE';
	/** The path, with its query string if any. */
	path: string;
	/** Plain data; JsonLong values are written as exact 64-bit numbers. */
	body: unknown;
	itemIndex: number;
	/**
	 * Safe to send twice: applying it twice leaves the service as applying it once. When false, a
	 * failure after which the service may have applied it is not retried: the item fails saying so.
	 */
	idempotent: boolean;
	/** Asked before each retry: false stops retrying, because the answer is no longer needed. */
	stillWanted?: () => boolean;
	/**
	 * Told before each repeat is sent: a call idempotent in effect (a delete) reads a repeat's
	 * "not found" as done by the earlier attempt, which only it can tell apart from a first answer.
	 */
	onRepeat?: () => void;
	/** Why a call that is not idempotent was not sent again, in the words of its operation. */
	notRepeatedBecause?: string;
	/** Values of this call hidden like the credential in what it prints (an OTP code it sends). */
	secrets?: string[];
	/** Requests of the account's quota one attempt uses (a request for n recipients may count n; default 1): the pacing charges it. */
	cost?: number;
}

/**
 * A call as it is sent: one that is not safe to repeat must say why it was not sent again, so
 * the compiler refuses an unsafe call without its operation's reason.
 */
export type RequestCall = EngageLabCall & ({ idempotent: true } | { idempotent: false; notRepeatedBecause: string });

/** What every request of one node run shares. */
export interface RequestSettings {
	baseUrl: string;
	/** The n8n credential type whose authentication the requests carry. */
	credentialType: string;
	/** How the product's answers read (its rules on answerReader, transport/outcome.ts). */
	readAnswer: AnswerReader;
	/** Milliseconds one attempt may take in all, from sending to the last byte of the answer. */
	timeout: number;
	/** Attempts per request, the first included (1 = no retries). */
	maxAttempts: number;
	/** Backoff before the first retry, in milliseconds; doubles for each further one. */
	retryDelay: number;
	/** Pacing and the pause after a 429, shared by all requests of the run. */
	gate: RequestGate;
	/**
	 * Concurrency Mode Auto: the request gives its slot back while it waits to retry (backoff, a
	 * 429 pause) and takes one again before the next attempt, so retries obey the shrunk limit.
	 */
	betweenAttempts?: { leave(): void; enter(): Promise<void> };
	/**
	 * Concurrency Mode Auto: this many 429s per request are retried without using up Max Attempts
	 * (Auto probes for the account's limit; a 429 is its signal, never applied). Not with Max Attempts 1.
	 */
	rateLimitRetries?: number;
	timing: Timing;
	/** The execution's cancel signal: no more waiting or retrying once aborted. */
	signal?: AbortSignal;
	/** Hides the credential in every text an error carries (see redact.ts). */
	redact?: Redactor;
	/** The credential as read once for the run (see Connection.credential). */
	credential?: ICredentialsDecrypted;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_ATTEMPTS = 3;
export const DEFAULT_RETRY_DELAY_MS = 1_000;

/**
 * Where this node run sends its requests, with which credential, how to keep that credential out
 * of what it prints, and how the product's answers read (products/connection.ts builds it).
 */
export interface Connection {
	baseUrl: string;
	redact: Redactor;
	credentialType: string;
	readAnswer: AnswerReader;
	/**
	 * The credential as the run read it at its start, handed to every request. Without it n8n
	 * reads and decrypts the credential again for each request: in queue mode a database query
	 * per request, the worker's main cost (test/e2e/queueMode.test.ts).
	 */
	credential?: ICredentialsDecrypted;
}

/** The node's credential of `type`, read once: its data and the form n8n's request helper takes back. */
export async function readCredential(
	ctx: IExecuteFunctions | ILoadOptionsFunctions,
	type: string,
): Promise<{ data: ICredentialDataDecryptedObject; credential: ICredentialsDecrypted }> {
	const data = await ctx.getCredentials(type);
	const details = ctx.getNode().credentials?.[type];
	return { data, credential: { id: details?.id ?? '', name: details?.name ?? '', type, data } };
}

/**
 * The one way this package talks to EngageLab: POST a JSON body with the credential's Basic auth
 * and return the answer when `code` is 0. Anything else (a non-zero `code`, an HTTP error
 * without one, a body that is not JSON, a redirect, no answer at all) becomes a NodeApiError
 * that says what happened and what to check, with the credential redacted from every text.
 *
 * Redirects are never followed: the credential goes only to the configured host. Each attempt
 * may take `timeout` ms in all (not per idle gap), and stops at once when the execution is
 * cancelled. Transient failures are tried again, up to `maxAttempts` in all, after an
 * exponential backoff with jitter, or as long as a Retry-After header asks (up to
 * MAX_RETRY_AFTER_MS); a 429 also pauses every request of the node. A call that is not safe to
 * repeat (`idempotent: false`) is retried only when EngageLab provably did not apply it
 * (connection refused, DNS, HTTP 429); after an ambiguous failure (reset, timeout, cut-off body,
 * 5xx, code -1) its item fails saying the change may or may not have been applied.
 */
export async function engageLabRequest(
	ctx: IExecuteFunctions | ILoadOptionsFunctions,
	settings: RequestSettings,
	call: RequestCall,
): Promise<EngageLabResponse> {
	if (call.secrets?.length) settings = { ...settings, redact: alsoHiding(settings.redact ?? ((t) => t), call.secrets) };
	const { timing, signal } = settings;
	/** 429s retried on top of Max Attempts (Auto). */
	let freeRetries = 0;
	let previous: Problem | undefined;
	for (let attempt = 1; ; attempt++) {
		await settings.gate.enter(call.cost);
		// Right before n8n gets the request (cancelled.ts): every wait above ends when the execution is cancelled.
		if (signal?.aborted) {
			if (!previous) throw notSentCancelled(ctx.getNode(), call.itemIndex);
			throw toNodeError(ctx, notTriedAgain(finalProblem(previous, attempt - 1, false)), call.itemIndex, settings.redact);
		}
		const exhausted = settings.gate.rateLimitExhausted();
		if (exhausted !== undefined) throw rateLimitError(ctx, call.itemIndex, exhausted, previous, settings.redact);
		const outcome = await attemptRequest(ctx, settings, call);
		// Any answer but a 429 (an error included) ends the run's streak of 429s; no answer says nothing.
		if (outcome.ok || !outcome.problem.connectionError) settings.gate.noteAnswer(!outcome.ok && outcome.problem.rateLimited === true);
		if (outcome.ok) return outcome.response;
		const problem = outcome.problem;
		previous = problem;
		if (problem.rateLimited && settings.maxAttempts > 1 && freeRetries < (settings.rateLimitRetries ?? 0)) freeRetries++;
		const tooLong = problem.retryAfter !== undefined && problem.retryAfter > MAX_RETRY_AFTER_MS;
		const unsafe = problem.transient && !call.idempotent && !problem.notApplied;
		if (!problem.transient || unsafe || tooLong || attempt - freeRetries >= settings.maxAttempts || call.stillWanted?.() === false) {
			const notRepeatedBecause = unsafe && !call.idempotent ? call.notRepeatedBecause : undefined;
			const error = toNodeError(ctx, finalProblem(problem, attempt, tooLong, notRepeatedBecause), call.itemIndex, settings.redact);
			if (unsafe) mayHaveBeenApplied.add(error); // for the send ledger (Retry On Fail)
			throw error;
		}
		if (signal?.aborted) throw toNodeError(ctx, notTriedAgain(finalProblem(problem, attempt, false)), call.itemIndex, settings.redact);
		const stillLimited = problem.rateLimited ? settings.gate.rateLimitExhausted() : undefined;
		if (stillLimited !== undefined) throw rateLimitError(ctx, call.itemIndex, stillLimited, finalProblem(problem, attempt, false), settings.redact);
		const wait = Math.max(backoffDelay(attempt, settings.retryDelay, timing.random), problem.retryAfter ?? 0);
		if (problem.rateLimited) settings.gate.holdUntilTime(timing.now() + wait);
		settings.betweenAttempts?.leave();
		await timing.sleep(wait, signal);
		await settings.betweenAttempts?.enter();
		call.onRepeat?.();
	}
}

/**
 * The run met only 429s for RATE_LIMIT_BUDGET_MS and stops sending: the item's last problem (when
 * it was sent) or "not sent", with what to change.
 */
function rateLimitError(
	ctx: IExecuteFunctions | ILoadOptionsFunctions,
	itemIndex: number,
	answers: number,
	last: Problem | undefined,
	redact?: Redactor,
): NodeApiError | NodeOperationError {
	const why =
		`EngageLab answered only "too many requests" (HTTP 429) for ${RATE_LIMIT_BUDGET_MS / 60_000} minutes (${answers} answers in a row, ` +
		'no other answer in between), so the node stopped sending for this run: the account\'s rate limit is lower than ' +
		'the run asks for, or its quota is used up. Set Max Requests Per Second in the node\'s options to the account\'s ' +
		'limit and lower Concurrency (or use Concurrency Mode Auto), or run it again later.';
	if (!last) {
		return new NodeOperationError(ctx.getNode(), 'Not sent: EngageLab\'s rate limit refused every request for minutes', { itemIndex, description: why });
	}
	return toNodeError(ctx, { ...last, message: `${last.message}; stopped sending: the rate limit held for minutes`, description: `${why} ${last.description}`.trim() }, itemIndex, redact);
}

/** A retryable problem whose next attempt was not made because the execution was cancelled. */
function notTriedAgain(problem: Problem): Problem {
	return {
		...problem,
		message: `${problem.message}; not tried again: the execution was canceled`,
		description: `The execution was stopped before the next attempt, which was not sent. ${problem.description}`.trim(),
	};
}

/**
 * The last attempt's problem, saying how many attempts were made (and why it stopped early).
 * `notRepeatedBecause`: the call was not safe to send again after this failure, in its operation's words.
 */
function finalProblem(problem: Problem, attempts: number, retryAfterTooLong: boolean, notRepeatedBecause?: string): Problem {
	const final = { ...problem };
	if (notRepeatedBecause !== undefined) {
		final.message = `${final.message}: the change may or may not have been applied`;
		final.description = `${notRepeatedBecause} ${final.description}`;
	}
	if (attempts > 1) final.message = `${final.message} (after ${attempts} attempts)`;
	if (retryAfterTooLong) {
		final.description =
			`EngageLab asked to wait ${Math.round(problem.retryAfter! / 1000)} s before trying again, longer than ` +
			`the node waits (${MAX_RETRY_AFTER_MS / 1000} s): run it again later, or lower Concurrency or set Max ` +
			`Requests Per Second in the node's options. ${final.description}`.trim();
	}
	return final;
}

/**
 * The code n8n's error panel shows as "Error code": EngageLab's own code when the answer carried
 * one (the same on an HTTP 200 and on an HTTP 4xx answer), else the HTTP status. A 429 is the rate
 * limit whatever its body says, so it keeps the status.
 */
function panelCode(problem: Problem): string | undefined {
	return problem.code !== undefined && !problem.rateLimited ? String(problem.code) : problem.httpCode;
}

/** EngageLab's own (often Chinese) message, labelled, for the panel's "Full message" under the English one. */
function originalMessageLine(apiMessage: string): string {
	return `Original message from EngageLab: "${apiMessage}"`;
}

/**
 * A Problem as n8n's error type, every text passed through the redactor. n8n's error panel shows
 * `message` as its title, `description` under it, `httpCode` as "Error code" and `messages` as
 * "Full message": the title is the English meaning, the panel's code is EngageLab's code, and
 * EngageLab's own text comes after, labelled. The HTTP status stays in the error's response (and
 * in a failed item's `error.httpCode`, as version 1 of the node gave it).
 */
function toNodeError(ctx: IExecuteFunctions | ILoadOptionsFunctions, problem: Problem, itemIndex: number, redact: Redactor = (t) => t): NodeApiError {
	const response: JsonObject = {};
	if (problem.code !== undefined) {
		response.code = problem.code;
		response.message = redact(problem.apiMessage ?? '');
	}
	if (problem.httpCode) response.httpCode = problem.httpCode;
	if (problem.excerpt) response.body = redact(problem.excerpt);
	if (problem.redirectTo) response.redirectTo = redact(problem.redirectTo);
	// Not under a key named `code`: NodeApiError would swap our message for its generic one.
	if (problem.connectionError) response.connectionError = problem.connectionError;
	const code = panelCode(problem);
	const error = new NodeApiError(ctx.getNode(), response, {
		message: redact(problem.message),
		description: redact(problem.description),
		...(code && { httpCode: code }),
		itemIndex,
	});
	// NodeApiError lists the answer's raw message unlabelled; the panel gets it labelled instead.
	const said = problem.apiMessage ? redact(problem.apiMessage) : '';
	error.messages = said ? [originalMessageLine(said)] : error.messages.filter((m) => m !== response.message);
	return error;
}

/** Node's longest timer (2^31 - 1 ms): a longer one is cut to it, with a TimeoutOverflowWarning in n8n's log. */
const LONGEST_TIMER_MS = 2_147_483_647;

/** n8n's own (idle) timeout for an attempt: a second after the attempt's limit, within Node's timer range. */
export function backstopTimeout(timeout: number): number {
	return Math.min(timeout + 1_000, LONGEST_TIMER_MS);
}

/**
 * The reason an attempt's own timer is stopped with: abort() without one builds a DOMException,
 * stack trace included, for every request (about 5 % of the main thread's time at 500 requests/s).
 */
const ATTEMPT_ENDED = 'attempt ended';

async function attemptRequest(ctx: IExecuteFunctions | ILoadOptionsFunctions, settings: RequestSettings, call: RequestCall): Promise<Outcome> {
	const url = `${settings.baseUrl}${call.path}`;
	// One attempt, one time limit: aborted after `timeout` whatever the server dribbles, or when
	// the execution is cancelled. Real time even under a test's virtual clock, and n8n-workflow's
	// plain `sleep` in slices (its sleepWithAbort is not in every n8n-workflow this package
	// supports): the wait ends within a second of the attempt.
	const attempt = new AbortController();
	const finished = new AbortController();
	let timedOut = false;
	void realTiming.sleep(settings.timeout, finished.signal).then(() => {
		if (finished.signal.aborted) return;
		timedOut = true;
		attempt.abort();
	});
	const cancel = () => attempt.abort();
	// A listener added to a signal that already fired never runs: n8n would get an unaborted one.
	if (settings.signal?.aborted) attempt.abort();
	else settings.signal?.addEventListener('abort', cancel, { once: true });
	const post = (call.method ?? 'POST') === 'POST' || call.method === 'PUT';
	const options: IHttpRequestOptions = {
		method: call.method ?? 'POST',
		url,
		headers: post ? { 'Content-Type': 'application/json; charset=utf-8', Accept: 'application/json' } : { Accept: 'application/json' },
		...(post && { body: stringifyWithLongs(call.body) }),
		// Raw text back, so Longs can be parsed exactly and non-JSON bodies reported as such.
		encoding: 'text',
		json: false,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		// A 3xx comes back as it is (see answerReader, outcome.ts): the credential never follows it.
		disableFollowRedirect: true,
		sendCredentialsOnCrossOriginRedirect: false,
		// n8n's (idle) timeout only as a backstop: the attempt's own limit comes first.
		timeout: backstopTimeout(settings.timeout),
		abortSignal: attempt.signal,
	};
	try {
		const { credentialType } = settings;
		// A copy per request: n8n may add to the data it is given (pre-authentication).
		const given = settings.credential && { credentialsDecrypted: { ...settings.credential, data: { ...settings.credential.data } } };
		const response = (await ctx.helpers.httpRequestWithAuthentication.call(withCancelSignal(ctx, attempt.signal), credentialType, options, given)) as {
			body: unknown;
			statusCode: number;
			headers?: IDataObject;
		};
		const outcome = settings.readAnswer(response.statusCode, response.body, response.headers, url, settings.redact);
		if (!outcome.ok && outcome.problem.transient) {
			outcome.problem.retryAfter = parseRetryAfter(response.headers?.['retry-after'], settings.timing.now());
		}
		return outcome;
	} catch (error) {
		const cancelled = settings.signal?.aborted === true && !timedOut;
		return { ok: false, problem: networkProblem(settings.baseUrl, error, { timedOut: timedOut ? settings.timeout : undefined, cancelled }) };
	} finally {
		finished.abort(ATTEMPT_ENDED);
		settings.signal?.removeEventListener('abort', cancel);
	}
}

/**
 * n8n's httpRequestWithAuthentication replaces the request's abortSignal with the execution's
 * cancel signal, read from the context it is called on (n8n-core 2.8 and later). Calling it on a
 * context that answers with the attempt's signal keeps the per-attempt time limit; that signal
 * is aborted when the execution is cancelled too.
 */
function withCancelSignal<C extends IExecuteFunctions | ILoadOptionsFunctions>(ctx: C, signal: AbortSignal): C {
	const attemptCtx = Object.create(ctx) as C & Pick<IExecuteFunctions, 'getExecutionCancelSignal'>;
	attemptCtx.getExecutionCancelSignal = () => signal;
	return attemptCtx;
}
