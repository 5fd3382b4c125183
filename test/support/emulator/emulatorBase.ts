/**
 * What every local EngageLab emulator does around its API, written once: listening on 127.0.0.1,
 * HTTP Basic against its accounts, the received log, in-flight counts, an account rate limit,
 * latency, and fault injection (scripted answers, faults queued per key or per path, a seeded
 * plan, requests held until others are answered). A subclass says how a request is keyed (an
 * EUID, a recipient) and what the API answers (`answer`): see ma/maEmulator.ts and productEmulator.ts.
 *
 * A request goes: rate limit, else the next scripted answer, else its fault (path, then key, then
 * plan), else the API's answer; then it is recorded, held (latency, `ms`, `untilAnswered`) and sent.
 */
import http from 'node:http';

import { answersNothing, faultAnswer, RATE_LIMITED, plannedFault, type Fault, type FaultKind, type FaultPlan, type ScriptedResponse } from './faults';
import { closeLoopback, listenLoopback, loopbackUrl } from './loopback';
import { parseStrictJson, type JsonValue } from './strictJson';

/** How errors are answered: HTTP 200 with a non-zero code, or an HTTP error status with the same body. */
export type ErrorStyle = 'http200' | 'httpStatus';

/** A key pair the API accepts. */
export interface Account {
	secret: string;
	/** A code the API answers for this key even when the secret matches. */
	failWith?: number;
}

/** One request as it arrived, and what it was answered. */
export interface ReceivedRequest {
	/** When it arrived, by the emulator's clock (milliseconds). */
	at: number;
	/** 1 for the first request with this key, 2 for the next… */
	attempt: number;
	/** The fault this request met, if any (then it was not processed, unless the fault is `lost`, `lost-truncate` or `delay`). */
	fault?: FaultKind;
	method: string;
	/** The path with its query string, exactly as received. */
	path: string;
	authorization: string | undefined;
	contentType: string | undefined;
	/** The body exactly as it arrived. */
	rawBody: string;
	/** Parsed with every integer as an exact bigint; undefined when there was none or it was not JSON. */
	body: JsonValue | undefined;
	/** The HTTP status answered; 0 when no answer was sent (reset, hang, lost). */
	status: number;
	response: string;
	/** 1 for the first request that finished, 2 for the next… (unset while in flight). */
	finishedAs?: number;
}

export interface EmulatorOptions<A extends Account = Account> {
	accounts?: Record<string, A>;
	errorStyle?: ErrorStyle;
	/** Keep every request in `received` (default). Off for benchmarks: counters only. */
	record?: boolean;
	/** The clock `at` is read from (default Date.now), e.g. a test's virtual clock. */
	clock?: () => number;
	/** Serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
	tls?: { key: string; cert: string };
}

/** How a subclass keys a request: what attempts and faults are counted by, and the fields it adds to the record. */
export interface RequestKey<Fields> {
	attemptKey: string;
	fields: Fields;
}

export abstract class EmulatorBase<A extends Account, R extends ReceivedRequest> {
	readonly received: R[] = [];
	accounts: Record<string, A>;
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
	/** Requests finished (answered, reset or abandoned by the client). */
	finished = 0;
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
	/** When the first request since the last reset arrived, and when the latest one finished (ms, the clock's). */
	firstArrivalAt?: number;
	lastFinishedAt?: number;
	private tokens = 0;
	private tokensAt = 0;
	private readonly scripted: ScriptedResponse[] = [];
	private readonly faultsByKey = new Map<string, Fault[]>();
	private readonly attempts = new Map<string, number>();
	private readonly waiters = new Set<{ until: number; release: () => void }>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private server?: http.Server;
	private readonly tls?: { key: string; cert: string };

	protected constructor(options: EmulatorOptions<A>, defaults: { accounts: Record<string, A>; errorStyle: ErrorStyle }) {
		this.accounts = options.accounts ?? defaults.accounts;
		this.errorStyle = options.errorStyle ?? defaults.errorStyle;
		this.record = options.record ?? true;
		this.clock = options.clock ?? Date.now;
		this.tls = options.tls;
	}

	/** What attempts and faults are counted by, and the fields the record adds (e.g. `euid`). */
	protected abstract requestKey(method: string, path: string, body: JsonValue | undefined, rawBody: string): RequestKey<Omit<R, keyof ReceivedRequest>>;
	/** What EngageLab answers a request that met no fault. */
	protected abstract answer(req: http.IncomingMessage, path: string, body: JsonValue | undefined, rawBody: string, at: number): ScriptedResponse;
	/** EngageLab's internal error in this emulator's style (the `code-1` fault). */
	protected abstract internalError(): ScriptedResponse;
	/** A success body, of which `truncate` sends half and `dribble` a byte at a time. */
	protected abstract readonly successBody: string;

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

	/** Forget requests, faults and counters; keep accounts, style and clock. */
	reset(): void {
		this.received.length = 0;
		this.scripted.length = 0;
		this.faultsByKey.clear();
		this.attempts.clear();
		this.faultPlan = undefined;
		this.latencyMs = 0;
		this.maxInFlight = this.inFlight;
		this.finished = 0;
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

	/** The next requests with this key meet these faults, one each, in order; later ones are handled normally. */
	protected faultKey(key: string, faults: Array<Fault | FaultKind>): void {
		const list = this.faultsByKey.get(key) ?? [];
		list.push(...faults.map((f) => (typeof f === 'string' ? { kind: f } : f)));
		this.faultsByKey.set(key, list);
	}

	/** The next requests to this path (no query) meet these faults, one each, in arrival order (before keyed faults). */
	faultPath(path: string, ...faults: Array<Fault | FaultKind>): void {
		this.faultKey(`path:${path}`, faults);
	}

	/** Every request meets a seeded fault with probability `rate` (see plannedFault). */
	injectFaults(plan: FaultPlan): void {
		this.faultPlan = plan;
	}

	/** EngageLab's answer for a bad key pair, or the account's `failWith`; undefined when the key pair is good. */
	protected authenticate(header: string | undefined, failedCode: number): number | undefined {
		const m = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header ?? '');
		if (!m) return failedCode;
		const decoded = Buffer.from(m[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) return failedCode;
		const account = this.accounts[decoded.slice(0, colon)];
		if (!account || account.secret !== decoded.slice(colon + 1)) return failedCode;
		return account.failWith;
	}

	private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		this.firstArrivalAt ??= this.clock();
		let record: R | undefined;
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
				body = rawBody === '' ? undefined : parseStrictJson(rawBody);
			} catch {
				body = undefined;
			}
			const method = req.method ?? '';
			const path = req.url ?? '';
			const { attemptKey, fields } = this.requestKey(method, path, body, rawBody);
			const attempt = (this.attempts.get(attemptKey) ?? 0) + 1;
			this.attempts.set(attemptKey, attempt);
			const scripted = this.overRateLimit() ? RATE_LIMITED : this.scripted.shift();
			const fault = scripted ? undefined : this.faultFor(attemptKey, attempt, path);
			const answer = scripted ?? faultAnswer(fault, { internalError: () => this.internalError(), successBody: this.successBody }) ?? this.answer(req, path, body, rawBody, at);
			if (this.record) {
				record = {
					at,
					...fields,
					attempt,
					...(fault && { fault: fault.kind }),
					method,
					path,
					authorization: req.headers.authorization,
					contentType: req.headers['content-type'],
					rawBody,
					body,
					status: answersNothing(fault) ? 0 : answer.status,
					response: answer.body,
				} as R;
				this.received.push(record);
			}
			if (fault?.kind === 'hang') return;
			void this.hold(fault).then(() => this.send(res, fault, answer));
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

	/** Latency, the fault's `ms`, then until `untilAnswered` other requests have finished (at most 10 s). */
	private async hold(fault: Fault | undefined): Promise<void> {
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
		res.writeHead(answer.status, {
			'Content-Type': answer.contentType ?? 'application/json;charset=UTF-8',
			'Content-Length': String(fault?.kind === 'dribble' ? 300 : Buffer.byteLength(answer.body)),
			...answer.headers,
		});
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
}
