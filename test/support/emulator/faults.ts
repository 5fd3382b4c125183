/**
 * The faults every emulator can inject (MA's and each product's): what can go wrong between the
 * node and EngageLab, how a seeded plan picks them, and what a faulted request is answered.
 * Most faults happen "in front of" EngageLab: such a request is never processed. `lost` and
 * `lost-truncate` happen after EngageLab applied the request, when its answer is lost on the way
 * back: the case a request that is not safe to repeat must survive without being applied twice.
 */
import { hashSeed, mulberry32 } from './random';

/** A scripted answer that replaces the next request's normal handling (gateways, proxies…). */
export interface ScriptedResponse {
	status: number;
	body: string;
	contentType?: string;
	headers?: Record<string, string>;
}

export type FaultKind =
	/** HTTP 500 with a plain-text body (no EngageLab code). */
	| 'http500'
	/** HTTP 502 with an HTML page, as a proxy in front of the API would answer. */
	| 'http502'
	/** HTTP 429 with `Retry-After: <retryAfter>` (seconds or an HTTP date; default "1"). */
	| 'http429'
	/** HTTP 429 with an EngageLab-style JSON body `{"code":429,…}` and Retry-After. */
	| 'http429-json'
	/** HTTP 502 with a gateway's JSON body `{"code":502,…}`: a code EngageLab does not define. */
	| 'http502-json'
	/** EngageLab's internal error (MA's code -1, a product's own code), answered in the emulator's error style. */
	| 'code-1'
	/** The connection is reset (TCP RST) after the request arrived. */
	| 'reset'
	/** No answer, ever (until the client gives up). */
	| 'hang'
	/** HTTP 200 and the first half of the JSON body, then the connection drops. */
	| 'truncate'
	/** Not a failure: processed normally, answered late (see Fault.ms and Fault.untilAnswered). */
	| 'delay'
	/** Processed normally (the write is stored), then the connection is reset instead of the answer (applied-then-reset). */
	| 'lost'
	/** Processed normally (the write is stored), then HTTP 200 and half the answer, and the connection drops (applied-then-cut-body). */
	| 'lost-truncate'
	/** Not processed: HTTP 200 headers, then one byte of the answer every 200 ms, for a long time. */
	| 'dribble';

export interface Fault {
	kind: FaultKind;
	retryAfter?: string;
	/** Answer (or fail) only after this many milliseconds more than the emulator's latency. */
	ms?: number;
	/** Answer (or fail) only once this many other requests have finished since it arrived (or after 10 s). */
	untilAnswered?: number;
}

/** Faults drawn per (seed, key, attempt): each attempt meets one of `faults` with probability `rate`. */
export interface FaultPlan {
	seed: number;
	rate: number;
	faults: Fault[];
}

/** The fault a plan gives a key's n-th attempt (1-based); the same on every run, whatever order requests arrive in. */
export function plannedFault(plan: FaultPlan, key: string, attempt: number): Fault | undefined {
	const random = mulberry32(hashSeed(plan.seed, key, attempt));
	if (random() >= plan.rate) return undefined;
	return plan.faults[Math.floor(random() * plan.faults.length)];
}

/** What differs per API in a fault's answer. */
export interface FaultAnswers {
	/** EngageLab's internal error, in the emulator's error style (the `code-1` kind). */
	internalError(): ScriptedResponse;
	/** A success body, of which `truncate` sends half and `dribble` a byte at a time. */
	readonly successBody: string;
}

/** The answer a failing fault gives instead of EngageLab's; undefined when EngageLab answers. */
export function faultAnswer(fault: Fault | undefined, api: FaultAnswers): ScriptedResponse | undefined {
	switch (fault?.kind) {
		case 'http500':
			return { status: 500, body: 'Internal Server Error', contentType: 'text/plain' };
		case 'http502':
			return { status: 502, body: BAD_GATEWAY_PAGE, contentType: 'text/html' };
		case 'http429-json':
			return { status: 429, body: '{"code":429,"message":"too many requests"}', headers: { 'Retry-After': fault.retryAfter ?? '1' } };
		case 'http502-json':
			return { status: 502, body: '{"code":502,"message":"bad gateway"}' };
		case 'http429':
			return { status: 429, body: '{"message":"too many requests"}', headers: { 'Retry-After': fault.retryAfter ?? '1' } };
		case 'code-1':
			return api.internalError();
		case 'reset':
		case 'hang':
			return { status: 0, body: '' };
		case 'truncate':
		case 'dribble':
			return { status: 200, body: api.successBody };
		default:
			return undefined;
	}
}

/** Faults after which no answer is sent at all (the request's recorded status is 0). */
export function answersNothing(fault: Fault | undefined): boolean {
	return fault?.kind === 'reset' || fault?.kind === 'hang' || fault?.kind === 'lost';
}

/** What an account rate limit answers: the request is not processed. */
export const RATE_LIMITED: ScriptedResponse = { status: 429, body: '{"message":"too many requests"}', headers: { 'Retry-After': '1' } };

const BAD_GATEWAY_PAGE =
	'<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';
