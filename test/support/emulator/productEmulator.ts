/**
 * A local stand-in for one EngageLab messaging product (SMS, OTP, Email or WhatsApp) on
 * 127.0.0.1, written from docs/messaging/*.md. The product itself (routes, rules, codes,
 * fixtures) lives in <product>/<product>Emulator.ts; this file owns what they share:
 * HTTP Basic with the product's key pair, strict JSON bodies (integers kept exact as bigints),
 * both error styles, a record of every request exactly as received, and the same fault
 * injection as the MA emulator (ma/maEmulator.ts: its fault kinds, plans and scripted answers).
 *
 * Faults happen "in front of" EngageLab: a faulted request is never processed, so a message is
 * recorded as sent exactly when EngageLab would have accepted it. Faults are queued per
 * recipient (`faultRecipient`), per path (`faultPath`), drawn from a seeded plan per
 * (seed, recipient, attempt) (`injectFaults`), or scripted for the next requests (`script`).
 */
import http from 'node:http';

import { isObject, forcedCode, type JsonObject } from './ma/maRules';
import { plannedFault, type ErrorStyle, type Fault, type FaultKind, type FaultPlan, type ScriptedResponse } from './ma/maEmulator';
import { parseStrictJson, stringifyJson, type JsonValue } from './strictJson';
import { closeLoopback, listenLoopback, loopbackUrl } from './loopback';

export type { ErrorStyle, Fault, FaultKind, FaultPlan, ScriptedResponse };

/** A key pair the product accepts (dev_key:dev_secret, or api_user:api_key for Email). */
export interface Account {
	secret: string;
	/** A code the product answers for this key even when the secret matches (e.g. 2002 disabled key). */
	failWith?: number;
}

/**
 * What a route decided: an EngageLab error code (answered in the emulator's style), a success
 * body (HTTP 200), or a documented answer that is neither (e.g. Email's plain-text 404).
 */
export type Outcome = { code: number; message?: string } | { ok: JsonValue } | { raw: ScriptedResponse };

export interface RequestContext<State> {
	state: State;
	method: string;
	/** The path without the query, and its captured parameters (from the route's pattern). */
	path: string;
	params: string[];
	query: URLSearchParams;
	/** The parsed body; undefined when there was none or it was not JSON. */
	body: JsonValue | undefined;
	rawBody: string;
	contentType: string | undefined;
	/** The emulator's clock, in milliseconds. */
	now: number;
}

export interface Route<State> {
	method: 'GET' | 'POST';
	/** Matched against the whole path; capture groups become `params`. */
	pattern: RegExp;
	/** POST routes get the body checks (JSON content type, JSON object) before `handle`. */
	handle(ctx: RequestContext<State>): Outcome;
}

/** Everything that makes one product: its codes, its statuses, its routes, its state. */
export interface ProductSpec<State> {
	name: 'sms' | 'otp' | 'email' | 'whatsapp';
	/** Error style when the test does not choose one (the docs' style where they say it). */
	defaultErrorStyle: ErrorStyle;
	/** Code for a missing or wrong Authorization header. */
	authFailedCode: number;
	/** Code for a body that is not a JSON object (or a wrong Content-Type). */
	badJsonCode: number;
	/** Code for EngageLab's own internal error (the `code-1` fault kind maps to it). */
	internalErrorCode: number;
	messages: Readonly<Record<number, string>>;
	httpStatusFor(code: number): number;
	routes: Array<Route<State>>;
	createState(): State;
	/** The value faults and attempts are counted by (e.g. the first recipient). */
	requestKey(body: JsonValue | undefined): string | undefined;
}

export interface ReceivedRequest {
	at: number;
	/** What faults and attempts were counted by (recipient, message id…), if any. */
	key?: string;
	attempt: number;
	fault?: FaultKind;
	method: string;
	/** The path with its query string, exactly as received. */
	path: string;
	authorization: string | undefined;
	contentType: string | undefined;
	rawBody: string;
	body: JsonValue | undefined;
	/** The HTTP status answered; 0 when none was sent (reset, hang, lost). */
	status: number;
	response: string;
}

export interface MessagingEmulatorOptions {
	accounts?: Record<string, Account>;
	errorStyle?: ErrorStyle;
	clock?: () => number;
}

export class MessagingEmulator<State> {
	readonly received: ReceivedRequest[] = [];
	state: State;
	accounts: Record<string, Account>;
	errorStyle: ErrorStyle;
	clock: () => number;
	latencyMs = 0;
	faultPlan?: FaultPlan;
	/** Requests being handled right now, the most there ever were at once, and how many finished. */
	inFlight = 0;
	maxInFlight = 0;
	finished = 0;
	private readonly scripted: ScriptedResponse[] = [];
	private readonly faultsByKey = new Map<string, Fault[]>();
	private readonly attempts = new Map<string, number>();
	private readonly timers = new Set<NodeJS.Timeout>();
	private server?: http.Server;

	constructor(
		readonly spec: ProductSpec<State>,
		defaultAccounts: Record<string, Account>,
		options: MessagingEmulatorOptions = {},
	) {
		this.accounts = options.accounts ?? defaultAccounts;
		this.errorStyle = options.errorStyle ?? spec.defaultErrorStyle;
		this.clock = options.clock ?? Date.now;
		this.state = spec.createState();
	}

	get url(): string {
		return loopbackUrl(this.server);
	}

	async start(port = 0): Promise<string> {
		this.server = await listenLoopback((req, res) => this.handle(req, res), port);
		return this.url;
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (!server) return;
		await closeLoopback(server, this.timers);
	}

	/** Forget requests, product state, faults and latency; keep accounts, style and clock. */
	reset(): void {
		this.received.length = 0;
		this.state = this.spec.createState();
		this.scripted.length = 0;
		this.faultsByKey.clear();
		this.attempts.clear();
		this.faultPlan = undefined;
		this.latencyMs = 0;
		this.maxInFlight = this.inFlight;
		this.finished = 0;
	}

	/** Queue scripted answers for the next requests, in arrival order. */
	script(...responses: ScriptedResponse[]): void {
		this.scripted.push(...responses);
	}

	/** The next requests for this recipient (see ProductSpec.requestKey) meet these faults, one each. */
	faultRecipient(key: string, ...faults: Array<Fault | FaultKind>): void {
		const list = this.faultsByKey.get(key) ?? [];
		list.push(...faults.map((f) => (typeof f === 'string' ? { kind: f } : f)));
		this.faultsByKey.set(key, list);
	}

	/** The next requests to this path (no query) meet these faults, before recipient faults. */
	faultPath(path: string, ...faults: Array<Fault | FaultKind>): void {
		this.faultRecipient(`path:${path}`, ...faults);
	}

	injectFaults(plan: FaultPlan): void {
		this.faultPlan = plan;
	}

	/** The requests that reached a route (not faulted), for one method and path. */
	requestsTo(method: string, path: string): ReceivedRequest[] {
		return this.received.filter((r) => r.method === method && r.path.split('?')[0] === path && !r.fault);
	}

	private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
		this.inFlight++;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		res.once('close', () => {
			this.inFlight--;
			this.finished++;
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
			const path = req.url ?? '';
			const key = this.spec.requestKey(body);
			const attemptKey = key ?? `${req.method} ${path} ${rawBody}`;
			const attempt = (this.attempts.get(attemptKey) ?? 0) + 1;
			this.attempts.set(attemptKey, attempt);
			const scripted = this.scripted.shift();
			const fault = scripted ? undefined : this.faultFor(attemptKey, attempt, path);
			const answer = scripted ?? this.faultAnswer(fault) ?? this.answer(req, path, body, rawBody, at);
			const silent = fault?.kind === 'reset' || fault?.kind === 'hang' || fault?.kind === 'lost';
			this.received.push({
				at,
				key,
				attempt,
				...(fault && { fault: fault.kind }),
				method: req.method ?? '',
				path,
				authorization: req.headers.authorization,
				contentType: req.headers['content-type'],
				rawBody,
				body,
				status: silent ? 0 : answer.status,
				response: answer.body,
			});
			if (fault?.kind === 'hang') return;
			void this.after(this.latencyMs + (fault?.ms ?? 0)).then(() => this.send(res, fault, answer));
		});
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
			case 'http429':
				return { status: 429, body: '{"message":"too many requests"}', headers: { 'Retry-After': fault.retryAfter ?? '1' } };
			case 'code-1':
				return this.error(this.spec.internalErrorCode);
			case 'reset':
			case 'hang':
				return { status: 0, body: '' };
			case 'truncate':
				return { status: 200, body: '{"message_id":"1725407449772531712","send_channel":"sms"}' };
			default:
				return undefined;
		}
	}

	private after(ms: number): Promise<void> {
		if (ms <= 0) return Promise.resolve();
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
			'Content-Length': String(Buffer.byteLength(answer.body)),
			...answer.headers,
		});
		if (fault?.kind === 'truncate') {
			res.write(answer.body.slice(0, answer.body.length >> 1), () => res.socket?.destroy());
			return;
		}
		res.end(answer.body);
	}

	private answer(
		req: http.IncomingMessage,
		url: string,
		body: JsonValue | undefined,
		rawBody: string,
		now: number,
	): ScriptedResponse {
		const [path, queryString = ''] = url.split('?', 2);
		let route: Route<State> | undefined;
		let params: string[] = [];
		let pathKnown = false;
		for (const r of this.spec.routes) {
			const m = r.pattern.exec(path);
			if (!m) continue;
			pathKnown = true;
			if (r.method === req.method) {
				route = r;
				params = m.slice(1).map(decodeURIComponent);
				break;
			}
		}
		if (!route) {
			return pathKnown
				? { status: 405, body: '{"message":"method not allowed"}' }
				: { status: 404, body: '<html><body><h1>404 Not Found</h1></body></html>', contentType: 'text/html' };
		}
		const authCode = this.authenticate(req.headers.authorization);
		if (authCode !== undefined) return this.error(authCode);
		const contentType = req.headers['content-type'];
		if (route.method === 'POST') {
			if (!isObject(body) || !/^application\/json\s*(;|$)/i.test(contentType ?? '')) {
				return this.error(this.spec.badJsonCode);
			}
			const forced = forcedCode(body);
			if (forced !== undefined) return this.error(forced);
		}
		const outcome = route.handle({
			state: this.state,
			method: route.method,
			path,
			params,
			query: new URLSearchParams(queryString),
			body,
			rawBody,
			contentType,
			now,
		});
		if ('ok' in outcome) return { status: 200, body: stringifyJson(outcome.ok) };
		if ('raw' in outcome) return outcome.raw;
		return this.error(outcome.code, outcome.message);
	}

	private authenticate(header: string | undefined): number | undefined {
		const m = /^Basic\s+([A-Za-z0-9+/=]+)$/.exec(header ?? '');
		if (!m) return this.spec.authFailedCode;
		const decoded = Buffer.from(m[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		if (colon < 0) return this.spec.authFailedCode;
		const account = this.accounts[decoded.slice(0, colon)];
		if (!account || account.secret !== decoded.slice(colon + 1)) return this.spec.authFailedCode;
		return account.failWith;
	}

	/** An EngageLab error in the emulator's style: HTTP 200 + code, or the code's HTTP status. */
	error(code: number, message?: string): ScriptedResponse {
		const status = this.errorStyle === 'httpStatus' ? this.spec.httpStatusFor(code) : 200;
		const body: JsonObject = { code, message: message ?? this.spec.messages[code] ?? 'unknown error' };
		return { status, body: stringifyJson(body) };
	}
}

const BAD_GATEWAY_PAGE =
	'<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>';

// ---- Helpers the product files share for strict body checks ----

/** The names in `obj` that are not in `allowed` (the API rejects unknown fields). */
export function unknownFields(obj: JsonObject, allowed: readonly string[]): string[] {
	return Object.keys(obj).filter((k) => !allowed.includes(k));
}

export function isString(v: JsonValue | undefined): v is string {
	return typeof v === 'string';
}

export function isNonEmptyString(v: JsonValue | undefined): v is string {
	return typeof v === 'string' && v.trim() !== '';
}

export function isStringArray(v: JsonValue | undefined): v is string[] {
	return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

/** An object whose values are all strings (template params). */
export function isStringMap(v: JsonValue | undefined): v is Record<string, string> {
	return isObject(v) && Object.values(v).every((x) => typeof x === 'string');
}

/** JSON integers arrive as bigints from the strict parser. */
export function isInteger(v: JsonValue | undefined): v is bigint {
	return typeof v === 'bigint';
}

export const E164 = /^\+[1-9]\d{6,14}$/;
export const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** A decimal id like EngageLab's (19 digits, above 2^53), from a counter so runs are reproducible. */
export function makeIdFactory(start: bigint): () => bigint {
	let next = start;
	return () => next++;
}

export { isObject, type JsonObject, type JsonValue };
