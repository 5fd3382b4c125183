/**
 * A local stand-in for the EngageLab MA API, written from the docs, on 127.0.0.1.
 * It authenticates like EngageLab (HTTP Basic, APIKey:APISecret), enforces the documented body
 * rules, records every request exactly as it arrived, and answers errors in either of the two
 * plausible styles (the docs do not say which the real API uses).
 *
 * Fault injection: a request can meet a fault (an HTTP 500, a 429 with Retry-After, a reset
 * connection, no answer at all, an HTML 502, a cut-off body, EngageLab's code -1) or extra
 * latency. Most faults happen "in front of" EngageLab: such a request is never processed. Two
 * happen after EngageLab applied the write, when the answer is lost on the way back (`lost`:
 * reset; `lost-truncate`: cut-off body), the case a request that is not safe to repeat must
 * survive without being applied twice. Faults are scripted per EUID and
 * attempt (`faultEuid`), drawn from a seeded PRNG per (seed, EUID, attempt) (`injectFaults`, the
 * same on every run whatever order concurrent requests arrive in), or queued for the next
 * requests in arrival order (`script`).
 */
import http from 'node:http';

import { MaState } from './maApi';
import { hashSeed, mulberry32 } from '../random';
import { checkContacts, checkEuid, forcedCode, isObject, type JsonObject } from './maRules';
import { parseStrictJson, stringifyJson, type JsonValue } from '../strictJson';
import { closeLoopback, listenLoopback, loopbackUrl } from '../loopback';

export const ERROR_MESSAGES: Record<number, string> = {
	40050: 'interface authentication failed',
	40007: 'euid is empty',
	50031: 'invalid project id',
	50034: 'project id does not exist',
	50074: 'api data source does not exist',
	55004: 'invalid business parameter',
	55101: 'too many user identifiers',
	55102: 'Invalid user attributes exist',
	55103: 'user attribute value is empty',
	55105: 'user identifier value exceeds 256 characters',
	55106: 'unsupported user identifier name',
	55107: 'user identifier value is empty',
	55108: 'invalid euid',
	[-1]: 'internal server error',
};

/** How errors are answered: HTTP 200 with a non-zero code, or an HTTP error status with the same body. */
export type ErrorStyle = 'http200' | 'httpStatus';

export interface Account {
	secret: string;
	/** A project problem EngageLab reports for this key even when the secret matches. */
	failWith?: 50031 | 50034 | 50074;
}

export interface ReceivedRequest {
	/** When it arrived, by the emulator's clock (milliseconds). */
	at: number;
	/** The EUID in the body (decimal), if any. */
	euid?: string;
	/** 1 for the first request with this EUID (or this body, without an EUID), 2 for the next… */
	attempt: number;
	/** The fault this request met, if any (then it was not processed). */
	fault?: FaultKind;
	method: string;
	path: string;
	authorization: string | undefined;
	contentType: string | undefined;
	/** The body exactly as it arrived. */
	rawBody: string;
	/** Parsed with every integer as an exact bigint; undefined when not JSON. */
	body: JsonValue | undefined;
	/** The HTTP status answered; 0 when no answer was sent (reset, hang). */
	status: number;
	response: string;
	/** 1 for the first request that finished, 2 for the next… (unset while in flight). */
	finishedAs?: number;
}

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
	/** EngageLab's code -1 (internal error), answered in the emulator's error style. */
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

/** Faults drawn per (seed, EUID, attempt): each attempt meets one of `faults` with probability `rate`. */
export interface FaultPlan {
	seed: number;
	rate: number;
	faults: Fault[];
}

/** The fault a plan gives an EUID's n-th attempt (1-based); the same on every run. */
export function plannedFault(plan: FaultPlan, key: string, attempt: number): Fault | undefined {
	const random = mulberry32(hashSeed(plan.seed, key, attempt));
	if (random() >= plan.rate) return undefined;
	return plan.faults[Math.floor(random() * plan.faults.length)];
}

export interface EmulatorOptions {
	accounts?: Record<string, Account>;
	errorStyle?: ErrorStyle;
	/** Keep every request in `received` (default). Off for benchmarks: counters only. */
	record?: boolean;
	/** The clock `at` is read from (default Date.now), e.g. a test's virtual clock. */
	clock?: () => number;
	/** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
	tls?: { key: string; cert: string };
}

export const TEST_KEY = 'test-api-key';
export const TEST_SECRET = 'test-api-secret-Zq9';

export function httpStatusFor(code: number): number {
	if (code === 0) return 200;
	if (code === 40050) return 401;
	if (code === 50031 || code === 50034 || code === 50074) return 403;
	if (code === -1) return 500;
	return 400;
}

export class EngageLabEmulator {
	readonly received: ReceivedRequest[] = [];
	/** Contacts stored per EUID (decimal string), as EngageLab would keep them. */
	readonly contacts = new Map<string, Record<string, string>>();
	/** Get EUID identities, user properties and reported events (see maApi.ts). */
	readonly ma = new MaState();
	accounts: Record<string, Account>;
	errorStyle: ErrorStyle;
	record: boolean;
	clock: () => number;
	/** Added to every answer, in milliseconds. */
	latencyMs = 0;
	/** Seeded faults for every request (see plannedFault). */
	faultPlan?: FaultPlan;
	/** Requests being handled right now, and the most there ever were at once. */
	inFlight = 0;
	maxInFlight = 0;
	/** Requests finished (answered, reset or abandoned by the client), and contacts written. */
	finished = 0;
	writes = 0;
	/**
	 * An account rate limit in front of the API, like a gateway's: at most this many requests a
	 * second (a token bucket holding one second's worth); past it, HTTP 429 with Retry-After: 1
	 * and the request is not processed. 0 = none.
	 */
	rateLimit = 0;
	/**
	 * The rate limit's bucket when the next request arrives, in tokens (it refills from that
	 * moment); undefined: full. Negative: the account's quota is already spent by another sender,
	 * so the first requests meet the limit however slowly the client sends.
	 */
	rateLimitStartTokens?: number;
	/** Requests answered 429 by the rate limit since the last reset. */
	rateLimited = 0;
	private tokens = 0;
	private tokensAt = 0;
	/** When the first request since the last reset arrived, and when the latest one finished (ms, the clock's). */
	firstArrivalAt?: number;
	lastFinishedAt?: number;
	private readonly scripted: ScriptedResponse[] = [];
	private readonly faultsByKey = new Map<string, Fault[]>();
	private readonly attempts = new Map<string, number>();
	private readonly waiters = new Set<{ until: number; release: () => void }>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private server?: http.Server;
	private readonly tls?: { key: string; cert: string };

	constructor(options: EmulatorOptions = {}) {
		this.accounts = options.accounts ?? { [TEST_KEY]: { secret: TEST_SECRET } };
		this.errorStyle = options.errorStyle ?? 'http200';
		this.record = options.record ?? true;
		this.clock = options.clock ?? Date.now;
		this.tls = options.tls;
	}

	get url(): string {
		return loopbackUrl(this.server);
	}

	async start(port = 0): Promise<string> {
		this.server = await listenLoopback((req, res) => this.handle(req, res), port, this.tls);
		return this.url;
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (!server) return;
		this.waiters.clear();
		await closeLoopback(server, this.timers);
	}

	/** Forget requests, stored data, faults and counters; keep accounts, style and clock. */
	reset(): void {
		this.received.length = 0;
		this.contacts.clear();
		this.ma.reset();
		this.scripted.length = 0;
		this.faultsByKey.clear();
		this.attempts.clear();
		this.faultPlan = undefined;
		this.latencyMs = 0;
		this.maxInFlight = this.inFlight;
		this.finished = 0;
		this.writes = 0;
		this.rateLimit = 0;
		this.rateLimitStartTokens = undefined;
		this.rateLimited = 0;
		this.firstArrivalAt = undefined;
		this.lastFinishedAt = undefined;
	}

	/** Queue scripted answers for the next requests, in arrival order. */
	script(...responses: ScriptedResponse[]): void {
		this.scripted.push(...responses);
	}

	/** The next requests for this EUID meet these faults, one each, in order; later ones are handled normally. */
	faultEuid(euid: string, ...faults: Array<Fault | FaultKind>): void {
		const list = this.faultsByKey.get(euid) ?? [];
		list.push(...faults.map((f) => (typeof f === 'string' ? { kind: f } : f)));
		this.faultsByKey.set(euid, list);
	}

	/** The next requests to this path meet these faults, one each, in arrival order (before EUID faults). */
	faultPath(path: string, ...faults: Array<Fault | FaultKind>): void {
		this.faultEuid(`path:${path}`, ...faults);
	}

	/** Every request meets a seeded fault with probability `rate` (see plannedFault). */
	injectFaults(plan: FaultPlan): void {
		this.faultPlan = plan;
	}

	private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		this.firstArrivalAt ??= this.clock();
		let record: ReceivedRequest | undefined;
		res.once('close', () => {
			this.inFlight--;
			this.finished++;
			this.lastFinishedAt = this.clock();
			if (record) record.finishedAs = this.finished;
			for (const waiter of this.waiters) if (this.finished >= waiter.until) waiter.release();
		});
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const at = this.clock();
			const rawBody = Buffer.concat(chunks).toString('utf8');
			let body: JsonValue | undefined;
			try {
				body = parseStrictJson(rawBody);
			} catch {
				body = undefined;
			}
			const euid = isObject(body) && typeof body.euid === 'bigint' ? String(body.euid) : undefined;
			const key = euid ?? rawBody;
			const attempt = (this.attempts.get(key) ?? 0) + 1;
			this.attempts.set(key, attempt);
			const scripted = this.overRateLimit() ? RATE_LIMITED : this.scripted.shift();
			const fault = scripted ? undefined : this.faultFor(key, attempt, req.url ?? '');
			const answer = scripted ?? this.faultAnswer(fault) ?? this.answer(req, body);
			if (this.record) {
				record = {
					at,
					euid,
					attempt,
					...(fault && { fault: fault.kind }),
					method: req.method ?? '',
					path: req.url ?? '',
					authorization: req.headers.authorization,
					contentType: req.headers['content-type'],
					rawBody,
					body,
					status: fault?.kind === 'reset' || fault?.kind === 'hang' || fault?.kind === 'lost' ? 0 : answer.status,
					response: answer.body,
				};
				this.received.push(record);
			}
			if (fault?.kind === 'hang') return;
			void this.wait(fault).then(() => this.send(res, fault, answer));
		});
	}

	/** Takes a token from the rate limit's bucket; true when there was none (the request gets a 429). */
	private overRateLimit(): boolean {
		if (this.rateLimit <= 0) return false;
		const now = this.clock();
		if (this.rateLimitStartTokens === undefined) this.tokens = Math.min(this.rateLimit, this.tokens + ((now - this.tokensAt) * this.rateLimit) / 1000);
		else [this.tokens, this.rateLimitStartTokens] = [Math.min(this.rateLimit, this.rateLimitStartTokens), undefined];
		this.tokensAt = now;
		if (this.tokens >= 1) {
			this.tokens--;
			return false;
		}
		this.rateLimited++;
		return true;
	}

	private faultFor(key: string, attempt: number, path: string): Fault | undefined {
		const byPath = this.faultsByKey.get(`path:${path.split('?')[0]}`);
		if (byPath?.length) return byPath.shift();
		const queued = this.faultsByKey.get(key);
		if (queued?.length) return queued.shift();
		return this.faultPlan ? plannedFault(this.faultPlan, key, attempt) : undefined;
	}

	/** The answer a failing fault gives instead of EngageLab's; undefined when EngageLab answers. */
	private faultAnswer(fault: Fault | undefined): ScriptedResponse | undefined {
		switch (fault?.kind) {
			case 'http500':
				return { status: 500, body: 'Internal Server Error', contentType: 'text/plain' };
			case 'http502':
				return { status: 502, body: BAD_GATEWAY_PAGE, contentType: 'text/html' };
			case 'http429-json':
				return {
					status: 429,
					body: '{"code":429,"message":"too many requests"}',
					headers: { 'Retry-After': fault.retryAfter ?? '1' },
				};
			case 'http502-json':
				return { status: 502, body: '{"code":502,"message":"bad gateway"}' };
			case 'http429':
				return {
					status: 429,
					body: '{"message":"too many requests"}',
					headers: { 'Retry-After': fault.retryAfter ?? '1' },
				};
			case 'code-1':
				return this.reply(-1);
			case 'reset':
			case 'hang':
				return { status: 0, body: '' };
			case 'truncate':
			case 'dribble':
				return { status: 200, body: '{"code":0,"message":"success"}' };
			default:
				return undefined;
		}
	}

	private async wait(fault: Fault | undefined): Promise<void> {
		const until = fault?.untilAnswered === undefined ? undefined : this.finished + fault.untilAnswered;
		const ms = this.latencyMs + (fault?.ms ?? 0);
		if (ms > 0) await this.after(ms);
		if (until !== undefined && this.finished < until) {
			await new Promise<void>((resolve) => {
				const waiter = {
					until,
					release: () => {
						this.waiters.delete(waiter);
						resolve();
					},
				};
				this.waiters.add(waiter);
				void this.after(10_000).then(waiter.release);
			});
		}
	}

	private after(ms: number): Promise<void> {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				resolve();
			}, ms);
			this.timers.add(timer);
		});
	}

	private send(res: http.ServerResponse, fault: Fault | undefined, answer: ScriptedResponse): void {
		if (res.destroyed) return;
		if (fault?.kind === 'reset' || fault?.kind === 'lost') {
			res.socket?.resetAndDestroy();
			return;
		}
		const headers = {
			'Content-Type': answer.contentType ?? 'application/json;charset=UTF-8',
			'Content-Length': String(fault?.kind === 'dribble' ? 300 : Buffer.byteLength(answer.body)),
			...answer.headers,
		};
		res.writeHead(answer.status, headers);
		if (fault?.kind === 'dribble') {
			this.dribble(res, answer.body, 0);
			return;
		}
		if (fault?.kind === 'truncate' || fault?.kind === 'lost-truncate') {
			res.write(answer.body.slice(0, answer.body.length >> 1), () => res.socket?.destroy());
			return;
		}
		res.end(answer.body);
	}

	/** One byte of `body` every 200 ms, padded with spaces so it lasts about a minute. */
	private dribble(res: http.ServerResponse, body: string, sent: number): void {
		if (res.destroyed) return;
		const padded = body.padEnd(300, ' ');
		if (sent >= padded.length) {
			res.end();
			return;
		}
		res.write(padded[sent]);
		void this.after(200).then(() => this.dribble(res, body, sent + 1));
	}

	private answer(req: http.IncomingMessage, body: JsonValue | undefined): ScriptedResponse {
		if (req.method !== 'POST') {
			return { status: 405, body: JSON.stringify({ code: 55004, message: 'method not allowed' }) };
		}
		const route = ROUTES[(req.url ?? '').split('?')[0]];
		if (!route) {
			return { status: 404, body: '<html><body><h1>404 Not Found</h1></body></html>', contentType: 'text/html' };
		}
		const authCode = this.authenticate(req.headers.authorization);
		if (authCode !== undefined) return this.reply(authCode);
		if (!isObject(body) || !/application\/json/i.test(req.headers['content-type'] ?? '')) {
			return this.reply(55004);
		}
		const forced = forcedCode(body);
		if (forced !== undefined) return this.reply(forced);
		const result = route(this, body);
		return typeof result === 'number' ? this.reply(result) : this.reply(0, result);
	}

	private authenticate(header: string | undefined): number | undefined {
		const m = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header ?? '');
		if (!m) return 40050;
		const decoded = Buffer.from(m[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) return 40050;
		const account = this.accounts[decoded.slice(0, colon)];
		if (!account || account.secret !== decoded.slice(colon + 1)) return 40050;
		return account.failWith;
	}

	private reply(code: number, extra: JsonObject = {}): ScriptedResponse {
		const status = this.errorStyle === 'httpStatus' ? httpStatusFor(code) : 200;
		const message = code === 0 ? 'success' : (ERROR_MESSAGES[code] ?? 'unknown error');
		return { status, body: stringifyJson({ code, message, ...extra }) };
	}
}

const RATE_LIMITED: ScriptedResponse = { status: 429, body: '{"message":"too many requests"}', headers: { 'Retry-After': '1' } };

const BAD_GATEWAY_PAGE =
	'<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

type Route = (emulator: EngageLabEmulator, body: JsonObject) => number | JsonObject;

const ROUTES: Record<string, Route> = {
	'/v1/user/contact': (emulator, body) => {
		const problem = checkEuid(body.euid) ?? checkContacts(body.contacts);
		if (problem !== undefined) return problem;
		const euid = String(body.euid);
		if (emulator.record) {
			emulator.contacts.set(euid, { ...emulator.contacts.get(euid), ...(body.contacts as Record<string, string>) });
		}
		emulator.writes++;
		return {};
	},
	'/v1/user/register': (emulator, body) => emulator.ma.register(body),
	'/v1/user/property': (emulator, body) => emulator.ma.setProperties(body),
	'/v1/event/report': (emulator, body) => emulator.ma.reportEvents(body),
};
