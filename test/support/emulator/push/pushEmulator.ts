/**
 * A strict EngageLab App Push / Web Push v4 emulator on 127.0.0.1, written from the fact sheet
 * (../shared/engagelab-push-api.md) and docs/push/decisions.md. One instance serves one product
 * (start two for both). It runs on its own clock (manual unless told otherwise), so the cid
 * hour, the withdraw day and the per-second rate limit are tested without waiting.
 *
 * Built on node built-ins only (it must not follow test/emulator or test/harness as they move).
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { integer, isObject, type Json, type JsonObject, parseJson, writeJson } from './pushJson';
import {
	checkBatchEntry,
	checkName,
	checkPush,
	err,
	invalid,
	missing,
	type Product,
	type PushError,
	wrongType,
} from './pushRules';

export interface PushEmulatorOptions {
	product?: Product;
	appKey?: string;
	masterSecret?: string;
	/** `nested` {"error":{code,message}} (docs) or `flat` {code,message} (Java decoder, S-web). */
	errorStyle?: 'nested' | 'flat';
	/** The HTTP status of a 23008 answer: 400 (error tables) or 429 (HTTP status page). */
	rateLimitStatus?: 400 | 429;
	/** Requests per emulator-clock second; a batch costs one per target. */
	requestsPerSecond?: number;
	/** How a void mutation answers: empty 200, the literal `success` (Python SDK), or `{}`. */
	voidAnswer?: 'empty' | 'success' | 'json';
	/** How /v4/push/validate answers on success. */
	validateAnswer?: 'msgId' | 'empty' | 'success' | 'json';
	/** Message IDs in answers: JSON strings (the docs' push/withdraw form) or bare JSON numbers. */
	msgIdsAs?: 'documented' | 'numbers' | 'strings';
	/** Schedules per list page (undocumented). */
	schedulePageSize?: number;
	/** How GET /v4/schedules/{id} answers: an array of one (the SDKs) or the bare object. */
	scheduleGetAnswer?: 'array' | 'object';
	/** Web Push: serve the App-only endpoints too (the docs do not list them for Web: 404 otherwise). */
	webHasAppEndpoints?: boolean;
	/** Tag count's query: `repeated` tags=a&tags=b (SDKs 0.1.1, the default) or the older `comma` tags=a,b (D22's fallback). */
	tagCountForm?: 'repeated' | 'comma';
	/** Push audiences that match no device answer 21011 (off: every push goes out). */
	requireKnownTargets?: boolean;
	/** The clock's start (ms since the epoch); `realClock` follows Date.now() from there instead. */
	startMs?: number;
	realClock?: boolean;
}

type FaultKind =
	/** The request is applied, then the connection is destroyed before any answer. */
	| 'resetAfterApply'
	/** The connection is destroyed before the request is applied. */
	| 'resetBeforeApply'
	/** The request is applied and half of the answer is written before the connection ends. */
	| 'truncateAfterApply'
	/** An HTTP 5xx, not applied: `status` 500/502/503/504, optionally with a body code (21030, 27000). */
	| 'status';

export interface Fault {
	kind: FaultKind;
	/** Only requests whose path starts with this (default: any). */
	path?: string;
	method?: string;
	status?: number;
	code?: number;
	/** How many matching requests it hits (default 1). */
	times?: number;
}

export interface SentPush {
	msgId: bigint;
	kind: 'push' | 'batch' | 'schedule';
	/** Batch: the registration ID or alias. */
	target?: string;
	cid?: string;
	body: Json;
	atMs: number;
}

interface Device {
	platform: string;
	tags: Set<string>;
	alias?: string;
}

interface Schedule {
	id: string;
	value: JsonObject;
	msgIds: bigint[];
}

export interface RequestRecord {
	method: string;
	path: string;
	query: URLSearchParams;
	rawQuery: string;
	headers: http.IncomingHttpHeaders;
	body: string;
	status?: number;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
const FIRST_MSG_ID = BigInt('1666165485030094861'); // a 19-digit id as in the callback example

class Answer {
	constructor(
		readonly status: number,
		readonly body: unknown,
		readonly raw?: { text: string; contentType: string },
	) {}
}

/** Every option, from the defaults and what a test gave. */
function withDefaults(options: PushEmulatorOptions): PushEmulator['options'] {
	return {
		product: 'appPush',
		appKey: 'emuAppKey0123456789abcd',
		masterSecret: 'emuMasterSecret0123456789',
		errorStyle: 'nested',
		rateLimitStatus: 400,
		requestsPerSecond: 500,
		voidAnswer: 'empty',
		validateAnswer: 'msgId',
		msgIdsAs: 'documented',
		schedulePageSize: 20,
		scheduleGetAnswer: 'array',
		webHasAppEndpoints: false,
		tagCountForm: 'repeated',
		requireKnownTargets: false,
		realClock: false,
		...options,
		startMs: options.startMs ?? Date.UTC(2026, 11, 7, 6, 0, 0),
	};
}

export class PushEmulator {
	readonly options: Required<Omit<PushEmulatorOptions, 'startMs'>> & { startMs: number };
	readonly requests: RequestRecord[] = [];
	/** Every push that went out (deduped cids and validations are not here). */
	readonly sent: SentPush[] = [];
	readonly devices = new Map<string, Device>();
	readonly schedules = new Map<string, Schedule>();
	private readonly cids = new Map<string, { msgId: bigint; atMs: number }>();
	private readonly messages = new Map<bigint, { atMs: number; withdrawn: boolean; targets: number }>();
	private readonly faults: Fault[] = [];
	private nextMsgId = FIRST_MSG_ID;
	private offsetMs = 0;
	private realStart = Date.now();
	private forcedRateLimits = 0;
	private readonly omitted = new Map<string, boolean>();
	private windowSecond = -1;
	private windowUsed = 0;
	private server?: http.Server;

	constructor(private readonly initial: PushEmulatorOptions = {}) {
		this.options = withDefaults(initial);
	}

	// --- lifecycle -----------------------------------------------------------------------------

	async start(): Promise<string> {
		this.server = http.createServer((req, res) => {
			// A fault in the emulator itself answers 599, so a test sees it instead of a hang.
			this.handle(req, res).catch((e: unknown) => {
				if (!res.headersSent) res.writeHead(599, { 'content-type': 'text/plain' });
				res.end(`push emulator fault: ${String(e)}`);
			});
		});
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen({ port: 0, host: '127.0.0.1' }, () => resolve());
		});
		return this.url;
	}

	get url(): string {
		const address = this.server?.address() as AddressInfo | null | undefined;
		if (!address) throw new Error('push emulator not started');
		return `http://127.0.0.1:${address.port}`;
	}

	async stop(): Promise<void> {
		if (!this.server) return;
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server!.close(() => resolve()));
		this.server = undefined;
	}

	/**
	 * As new, on the same port: forget requests, pushes, devices, schedules, cids, faults and the
	 * clock; the options go back to the constructor's, with `options` on top (the product stays).
	 */
	reset(options: Omit<PushEmulatorOptions, 'product'> = {}): void {
		Object.assign(this.options, withDefaults({ ...this.initial, ...options, product: this.options.product }));
		this.requests.length = 0;
		this.sent.length = 0;
		this.devices.clear();
		this.schedules.clear();
		this.cids.clear();
		this.messages.clear();
		this.faults.length = 0;
		this.nextMsgId = FIRST_MSG_ID;
		this.offsetMs = 0;
		this.realStart = Date.now();
		this.forcedRateLimits = 0;
		this.omitted.clear();
		this.windowSecond = -1;
		this.windowUsed = 0;
	}

	/** The Authorization header the credential should send. */
	get authorization(): string {
		return `Basic ${Buffer.from(`${this.options.appKey}:${this.options.masterSecret}`).toString('base64')}`;
	}

	// --- clock, rate limit, faults ------------------------------------------------------------

	now(): number {
		return this.options.startMs + this.offsetMs + (this.options.realClock ? Date.now() - this.realStart : 0);
	}

	advance(ms: number): void {
		this.offsetMs += ms;
	}

	/** The next `count` requests (batch: whole requests) answer 23008, whatever the quota. */
	forceRateLimit(count = 1): void {
		this.forcedRateLimits += count;
	}

	/**
	 * The next batch answer that would hold this target leaves it out (a missing result: the
	 * node cannot tell whether it went); `applied`: the push went out all the same.
	 */
	omitResult(target: string, applied = true): void {
		this.omitted.set(target, applied);
	}

	fault(fault: Fault): void {
		this.faults.push({ times: 1, ...fault });
	}

	addDevice(registrationId: string, device: { platform?: string; tags?: string[]; alias?: string } = {}): void {
		this.devices.set(registrationId, {
			platform: device.platform ?? (this.options.product === 'webPush' ? 'web' : 'android'),
			tags: new Set(device.tags ?? []),
			alias: device.alias,
		});
	}

	/** Pushes that went out with this cid (more than one would be a duplicate push). */
	sentWithCid(cid: string): SentPush[] {
		return this.sent.filter((s) => s.cid === cid);
	}

	/** Tokens left in the current clock second, taking `cost` if all of it fits, else what fits. */
	private take(cost: number): number {
		const second = Math.floor(this.now() / 1000);
		if (second !== this.windowSecond) {
			this.windowSecond = second;
			this.windowUsed = 0;
		}
		const granted = Math.max(0, Math.min(cost, this.options.requestsPerSecond - this.windowUsed));
		this.windowUsed += granted;
		return granted;
	}

	private takeFault(method: string, path: string): Fault | undefined {
		const i = this.faults.findIndex((f) => (!f.path || path.startsWith(f.path)) && (!f.method || f.method === method));
		if (i < 0) return undefined;
		const f = this.faults[i];
		if (--f.times! <= 0) this.faults.splice(i, 1);
		return f;
	}

	// --- HTTP ----------------------------------------------------------------------------------

	private error(e: PushError): Answer {
		const status = e.code === 23008 ? this.options.rateLimitStatus : e.status;
		const inner = { code: e.code, message: e.message };
		return new Answer(status, this.options.errorStyle === 'flat' ? inner : { error: inner });
	}

	private rateLimited(): Answer {
		return this.error(err(23008, 400, 'Interface rate limited: QPS limit (500) reached'));
	}

	private voidAnswer(): Answer {
		const style = this.options.voidAnswer;
		if (style === 'json') return new Answer(200, {});
		return new Answer(200, undefined, { text: style === 'success' ? 'success' : '', contentType: 'application/json' });
	}

	private id(value: bigint): bigint | string {
		const style = this.options.msgIdsAs;
		return style === 'numbers' ? value : value.toString();
	}

	private batchId(value: bigint): bigint | string {
		// The SDKs type the batch msg_id as int64: the documented style writes it as a number (D5).
		return this.options.msgIdsAs === 'strings' ? value.toString() : value;
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const c of req) chunks.push(c as Buffer);
		const text = Buffer.concat(chunks).toString('utf8');
		const url = new URL(req.url ?? '/', 'http://127.0.0.1');
		const method = req.method ?? 'GET';
		const record: RequestRecord = {
			method,
			path: url.pathname,
			query: url.searchParams,
			rawQuery: url.search.replace(/^\?/, ''),
			headers: req.headers,
			body: text,
		};
		this.requests.push(record);
		const fault = this.takeFault(method, url.pathname);
		if (fault?.kind === 'resetBeforeApply') return void req.socket.destroy();
		if (fault?.kind === 'status') {
			const status = fault.status ?? 503;
			record.status = status;
			if (fault.code === undefined) {
				res.writeHead(status, { 'content-type': 'text/html' }).end(`<html><body>${status}</body></html>`);
			} else {
				const a = this.error(err(fault.code, status, 'Internal service error'));
				res.writeHead(status, { 'content-type': 'application/json' }).end(writeJson(a.body));
			}
			return;
		}
		const answer = this.route(method, url, record, text);
		record.status = answer.status;
		if (fault?.kind === 'resetAfterApply') return void req.socket.destroy();
		const out = answer.raw ? answer.raw.text : answer.body === undefined ? '' : writeJson(answer.body);
		const type = answer.raw ? answer.raw.contentType : 'application/json; charset=utf-8';
		if (fault?.kind === 'truncateAfterApply') {
			res.writeHead(answer.status, { 'content-type': type, 'content-length': Buffer.byteLength(out) });
			res.write(out.slice(0, Math.max(1, Math.floor(out.length / 2))));
			return void setImmediate(() => req.socket.destroy());
		}
		res.writeHead(answer.status, { 'content-type': type }).end(out);
	}

	private route(method: string, url: URL, record: RequestRecord, text: string): Answer {
		const p = url.pathname;
		const web = this.options.product === 'webPush';
		const appOnly = web && !this.options.webHasAppEndpoints;
		type Handler = (m: RegExpExecArray, body: Json) => Answer;
		const routes: Array<[string, RegExp, Handler, boolean?]> = [
			['POST', /^\/v4\/push$/, (_m, b) => this.push(b, false)],
			['POST', /^\/v4\/push\/validate$/, (_m, b) => this.push(b, true), appOnly],
			['POST', /^\/v4\/batch\/push\/(regid|alias)$/, (m, b) => this.batch(m[1] as 'regid' | 'alias', b)],
			['DELETE', /^\/v4\/push\/withdraw\/([^/]+)$/, (m) => this.withdraw(m[1]), appOnly],
			['GET', web ? /^\/v4\/messages\/details$/ : /^\/v4\/status\/detail$/, () => this.stats(record)],
			['POST', /^\/v4\/schedules$/, (_m, b) => this.createSchedule(b)],
			['GET', /^\/v4\/schedules$/, () => this.listSchedules(url.searchParams)],
			['GET', /^\/v4\/schedules\/([^/]+)$/, (m) => this.getSchedule(m[1])],
			['PUT', /^\/v4\/schedules\/([^/]+)$/, (m, b) => this.updateSchedule(m[1], b)],
			['DELETE', /^\/v4\/schedules\/([^/]+)$/, (m) => this.deleteSchedule(m[1])],
			['GET', /^\/v4\/devices\/([^/]+)$/, (m) => this.getDevice(m[1])],
			['POST', /^\/v4\/devices\/([^/]+)$/, (m, b) => this.setDevice(m[1], b)],
			['DELETE', /^\/v4\/devices\/([^/]+)$/, (m) => this.deleteDevice(m[1])],
			['GET', /^\/v4\/tags$/, () => this.listTags(), appOnly],
			['POST', /^\/v4\/tags\/([^/]+)$/, (m, b) => this.tagDevices(m[1], b), appOnly],
			['DELETE', /^\/v4\/tags\/([^/]+)$/, (m) => this.deleteTag(m[1], url.searchParams), appOnly],
			['GET', /^\/v4\/tags_count$/, () => this.tagCount(url.searchParams)],
			['GET', /^\/v4\/aliases\/([^/]+)$/, (m) => this.getAlias(m[1], url.searchParams), appOnly],
			['DELETE', /^\/v4\/aliases\/([^/]+)$/, (m) => this.deleteAlias(m[1], url.searchParams), appOnly],
		];
		const matching = routes.filter(([, re, , hidden]) => !hidden && re.test(p));
		if (matching.length === 0) return new Answer(404, undefined, { text: '404 page not found', contentType: 'text/plain' });
		const route = matching.find(([m]) => m === method);
		if (!route) return this.error(err(21001, 405, `Only ${matching.map(([m]) => m).join(', ')} is supported`));
		const auth = this.checkAuth(record.headers.authorization);
		if (auth) return this.error(auth);
		let body: Json = null;
		if (method === 'POST' || method === 'PUT') {
			if (!/^application\/json\b/i.test(String(record.headers['content-type'] ?? ''))) {
				return this.error(wrongType('Content-Type: application/json'));
			}
			try {
				body = parseJson(text);
			} catch {
				return this.error(wrongType('body: not JSON'));
			}
		}
		const m = route[1].exec(p) as RegExpExecArray;
		for (let i = 1; i < m.length; i++) m[i] = decodeURIComponent(m[i]);
		// Batch costs its targets; every other request one token (taken by the handler for batch).
		if (!/^\/v4\/batch\//.test(p)) {
			if (this.forcedRateLimits > 0) {
				this.forcedRateLimits--;
				return this.rateLimited();
			}
			if (this.take(1) === 0) return this.rateLimited();
		}
		return route[2](m, body);
	}

	private checkAuth(header: string | undefined): PushError | undefined {
		if (!header) return err(27001, 401, 'Verification information empty');
		const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header);
		if (!m) return err(21004, 401, 'Verification failed');
		const decoded = Buffer.from(m[1], 'base64').toString('utf8');
		const colon = decoded.indexOf(':');
		const key = colon < 0 ? decoded : decoded.slice(0, colon);
		if (key !== key.trim()) return err(21008, 400, 'Invalid app_key');
		if (key !== this.options.appKey || decoded.slice(colon + 1) !== this.options.masterSecret) {
			return err(21004, 401, 'Verification failed');
		}
		return undefined;
	}

	// --- push, validate, batch, withdraw, statistics -----------------------------------------

	private knownMsgId = (id: bigint): boolean => {
		const m = this.messages.get(id);
		return m !== undefined && this.now() - m.atMs < DAY_MS;
	};

	private liveCid(cid: unknown): { msgId: bigint } | undefined {
		if (typeof cid !== 'string') return undefined;
		const hit = this.cids.get(cid);
		return hit && this.now() - hit.atMs < HOUR_MS ? hit : undefined;
	}

	private audienceSize(to: Json): number {
		if (!this.options.requireKnownTargets) return 1;
		if (to === 'all') return this.devices.size;
		const t = to as JsonObject;
		let n = 0;
		for (const [id, d] of this.devices) {
			const rid = Array.isArray(t.registration_id) && t.registration_id.includes(id);
			const alias = Array.isArray(t.alias) && d.alias !== undefined && t.alias.includes(d.alias);
			const tag = Array.isArray(t.tag) && t.tag.some((x) => d.tags.has(String(x)));
			const tagAnd = Array.isArray(t.tag_and) && t.tag_and.every((x) => d.tags.has(String(x)));
			if (rid || alias || tag || tagAnd) n++;
		}
		return n;
	}

	private record(kind: SentPush['kind'], body: Json, cid: string | undefined, target?: string): bigint {
		const msgId = this.nextMsgId++;
		const atMs = this.now();
		this.sent.push({ msgId, kind, target, cid, body, atMs });
		this.messages.set(msgId, { atMs, withdrawn: false, targets: 1 });
		if (cid !== undefined) this.cids.set(cid, { msgId, atMs });
		return msgId;
	}

	private push(body: Json, validateOnly: boolean): Answer {
		const problem = checkPush(this.options.product, body, this.knownMsgId);
		if (problem) return this.error(problem);
		const push = body as JsonObject;
		if (this.audienceSize(push.to) === 0) return this.error(err(21011, 400, 'No push target matches'));
		const requestId = typeof push.request_id === 'string' ? push.request_id : '';
		const options = (push.body as JsonObject).options;
		const cid = isObject(options) && typeof options.cid === 'string' ? options.cid : undefined;
		if (validateOnly) {
			const style = this.options.validateAnswer;
			if (style === 'empty') return new Answer(200, undefined, { text: '', contentType: 'application/json' });
			if (style === 'success') return new Answer(200, undefined, { text: 'success', contentType: 'application/json' });
			if (style === 'json') return new Answer(200, {});
			return new Answer(200, { request_id: requestId, msg_id: this.id(this.nextMsgId + BigInt(1_000_000)) });
		}
		const first = this.liveCid(cid);
		if (first) return new Answer(200, { request_id: requestId, msg_id: this.id(first.msgId) });
		return new Answer(200, { request_id: requestId, msg_id: this.id(this.record('push', body, cid)) });
	}

	private batch(kind: 'regid' | 'alias', body: Json): Answer {
		if (!isObject(body)) return this.error(wrongType('body'));
		const extra = Object.keys(body).find((k) => k !== 'requests');
		if (extra) return this.error(err(21015, 400, `Validation failed: unexpected parameter ${extra}`));
		const requests = body.requests;
		if (!Array.isArray(requests) || requests.length === 0) return this.error(missing('requests'));
		if (requests.length > 500) return this.error(invalid('requests: at most 500 targets'));
		const targets = requests.map((r) => (isObject(r) ? r.target : undefined));
		if (new Set(targets).size !== targets.length) return this.error(invalid('requests: duplicate target'));
		if (this.forcedRateLimits > 0) {
			this.forcedRateLimits--;
			return this.rateLimited();
		}
		const granted = this.take(requests.length);
		if (granted === 0) return this.rateLimited();
		const results: JsonObject = {};
		requests.forEach((entry, i) => {
			const target = String(targets[i]);
			const omit = this.omitted.get(target);
			if (omit !== undefined) {
				this.omitted.delete(target);
				if (omit) {
					const cid = isObject(entry) && isObject(entry.options) && typeof entry.options.cid === 'string' ? entry.options.cid : undefined;
					if (!this.liveCid(cid)) this.record('batch', entry, cid, target);
				}
				return;
			}
			if (i >= granted) {
				results[target] = { target, success: false, error: { code: 23008, message: 'Interface rate limited' } };
				return;
			}
			const problem = checkBatchEntry(this.options.product, entry, this.knownMsgId);
			const e = entry as JsonObject;
			const known =
				kind === 'regid' ? this.devices.has(target) : [...this.devices.values()].some((d) => d.alias === target);
			if (!problem && this.options.requireKnownTargets && !known) {
				results[target] = { target, success: false, error: { code: 20101, message: `${kind === 'regid' ? 'registration_id' : 'alias'} invalid` } };
				return;
			}
			if (problem) {
				results[target] = { target, success: false, error: { code: problem.code, message: problem.message } };
				return;
			}
			const cid = isObject(e.options) && typeof e.options.cid === 'string' ? e.options.cid : undefined;
			const msgId = this.liveCid(cid)?.msgId ?? this.record('batch', entry, cid, target);
			results[target] = { target, success: true, msg_id: this.batchId(msgId) };
		});
		const out: JsonObject = { results };
		if (granted < requests.length) {
			out.rate_limit_info = { message: 'Interface rate limited: QPS limit reached', rate_limit_occurred: true };
		}
		return new Answer(200, out);
	}

	private withdraw(raw: string): Answer {
		if (!/^\d{1,20}$/.test(raw)) return this.error(invalid('msg_id'));
		const id = BigInt(raw);
		const m = this.messages.get(id);
		if (!m) return this.error(invalid('msg_id not exist'));
		if (m.withdrawn) return this.error(invalid('msg_id already withdrawn'));
		if (this.now() - m.atMs >= DAY_MS) return this.error(invalid('msg_id older than one day'));
		m.withdrawn = true;
		return new Answer(200, { request_id: '', msg_id: this.id(id) });
	}

	private stats(record: RequestRecord): Answer {
		// `,` as the docs write it, or `%2C` as Go's and Python's encoders send it.
		const raw = /(?:^|&)message_ids=([^&]*)/.exec(record.rawQuery)?.[1];
		if (raw === undefined || raw === '') return this.error(missing('message_ids'));
		const ids = decodeURIComponent(raw).split(',');
		if (ids.length > 100) return this.error(invalid('message_ids: at most 100'));
		if (ids.some((id) => !/^\d{1,20}$/.test(id))) return this.error(invalid('message_ids'));
		const out: JsonObject = {};
		for (const id of ids) {
			const m = this.messages.get(BigInt(id));
			if (!m || this.now() - m.atMs > 31 * DAY_MS) continue;
			const sub = this.options.product === 'webPush' ? 'sub_web' : 'sub_android';
			out[id] = {
				targets: m.targets,
				sent: m.targets,
				delivered: m.targets,
				impressions: 0,
				clicks: 0,
				sub: { notification: { target: m.targets, sent: m.targets, delivered: m.targets, impressions: 0, click: 0, [sub]: {} } },
			};
		}
		return new Answer(200, out);
	}

	// --- schedules ---------------------------------------------------------------------------

	private checkSchedule(body: Json, creating: boolean): PushError | undefined {
		if (!isObject(body)) return wrongType('body');
		const extra = Object.keys(body).find((k) => !['name', 'enabled', 'trigger', 'push'].includes(k));
		if (extra) return err(21015, 400, `Validation failed: unexpected parameter ${extra}`);
		for (const k of ['name', 'enabled', 'trigger', 'push']) if (body[k] === undefined) return missing(k);
		const name = body.name;
		if (typeof name !== 'string' || Buffer.byteLength(name) > 255 || !/^[\p{L}\p{N}_]+$/u.test(name)) return invalid('name');
		if (typeof body.enabled !== 'boolean') return wrongType('enabled');
		if (creating && body.enabled !== true) return invalid('enabled must be true on create');
		return this.checkTrigger(body.trigger) ?? checkPush(this.options.product, body.push, this.knownMsgId);
	}

	private wallMs(text: Json | undefined, what: string): number | PushError {
		const m = typeof text === 'string' ? /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text) : null;
		if (!m) return invalid(`${what} must be yyyy-MM-dd HH:mm:ss`);
		const ms = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
		if (new Date(ms).getUTCDate() !== +m[3] || +m[4] > 23) return invalid(what);
		return ms;
	}

	private checkTrigger(trigger: Json): PushError | undefined {
		// Times are compared as if in UTC: the emulator's clock is the console's time zone.
		if (!isObject(trigger) || Object.keys(trigger).length !== 1) return invalid('trigger: exactly one of single, periodical, intelligent');
		const year = 366 * DAY_MS;
		if (isObject(trigger.single)) {
			const t = trigger.single;
			const at = this.wallMs(t.time, 'trigger.single.time');
			if (typeof at !== 'number') return at;
			if (at <= this.now() || at - this.now() > year) return invalid('trigger.single.time must be in the future, at most a year ahead');
			if (t.zone_type !== undefined && ![BigInt(1), BigInt(2)].includes(integer(t.zone_type) ?? BigInt(-1))) return invalid('zone_type');
			return undefined;
		}
		if (isObject(trigger.periodical)) {
			const t = trigger.periodical;
			const start = this.wallMs(t.start, 'trigger.periodical.start');
			if (typeof start !== 'number') return start;
			const end = this.wallMs(t.end, 'trigger.periodical.end');
			if (typeof end !== 'number') return end;
			if (end <= start || end - start > year) return invalid('trigger.periodical: end after start, within a year');
			if (typeof t.time !== 'string' || !/^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(t.time)) return invalid('trigger.periodical.time');
			const unit = typeof t.time_unit === 'string' ? t.time_unit.toLowerCase() : '';
			if (!['day', 'week', 'month'].includes(unit)) return invalid('trigger.periodical.time_unit');
			const freq = integer(t.frequency);
			if (freq === undefined || freq < BigInt(1)) return invalid('trigger.periodical.frequency');
			const points = t.point;
			if (unit === 'day') return points === undefined || (Array.isArray(points) && points.length === 0) ? undefined : invalid('point');
			if (!Array.isArray(points) || points.length === 0) return missing('trigger.periodical.point');
			const allowed = unit === 'week' ? ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] : Array.from({ length: 31 }, (_, i) => String(i + 1).padStart(2, '0'));
			return points.every((x) => typeof x === 'string' && allowed.includes(x.toUpperCase())) ? undefined : invalid('trigger.periodical.point');
		}
		if (isObject(trigger.intelligent)) return undefined;
		return invalid('trigger');
	}

	private createSchedule(body: Json): Answer {
		const problem = this.checkSchedule(body, true);
		if (problem) return this.error(problem);
		if (this.schedules.size >= 1000) return this.error(invalid('at most 1000 valid schedules'));
		const id = randomUUID();
		this.schedules.set(id, { id, value: body as JsonObject, msgIds: [] });
		return new Answer(200, { schedule_id: id, name: (body as JsonObject).name });
	}

	private scheduleOut(s: Schedule): JsonObject {
		return { schedule_id: s.id, ...s.value };
	}

	private listSchedules(query: URLSearchParams): Answer {
		const raw = query.get('page') ?? '1';
		if (!/^\d+$/.test(raw) || Number(raw) < 1) return this.error(invalid('page'));
		const page = Number(raw);
		const size = this.options.schedulePageSize;
		const all = [...this.schedules.values()];
		return new Answer(200, {
			total_count: all.length,
			total_pages: Math.ceil(all.length / size),
			page,
			schedules: all.slice((page - 1) * size, page * size).map((s) => this.scheduleOut(s)),
		});
	}

	private getSchedule(id: string): Answer {
		const s = this.schedules.get(id);
		if (!s) return this.error(invalid('schedule_id not exist'));
		return new Answer(200, this.options.scheduleGetAnswer === 'object' ? this.scheduleOut(s) : [this.scheduleOut(s)]);
	}

	private updateSchedule(id: string, body: Json): Answer {
		const s = this.schedules.get(id);
		if (!s) return this.error(invalid('schedule_id not exist'));
		const problem = this.checkSchedule(body, false);
		if (problem) return this.error(problem);
		s.value = body as JsonObject;
		return new Answer(200, this.scheduleOut(s));
	}

	private deleteSchedule(id: string): Answer {
		if (!this.schedules.delete(id)) return this.error(invalid('schedule_id not exist'));
		return this.voidAnswer();
	}

	// --- devices, tags, aliases --------------------------------------------------------------

	private getDevice(id: string): Answer {
		const d = this.devices.get(id);
		if (!d) return this.error(invalid('registration_id not exist'));
		return new Answer(200, { tags: [...d.tags], alias: d.alias ?? '' });
	}

	private setDevice(id: string, body: Json): Answer {
		const d = this.devices.get(id);
		if (!d) return this.error(invalid('registration_id not exist'));
		if (!isObject(body)) return this.error(wrongType('body'));
		const extra = Object.keys(body).find((k) => k !== 'tags' && k !== 'alias');
		if (extra) return this.error(err(21015, 400, `Validation failed: unexpected parameter ${extra}`));
		if (Object.keys(body).length === 0) return this.error(missing('tags or alias'));
		const tags = body.tags;
		let next = new Set(d.tags);
		if (tags === '') next = new Set();
		else if (tags !== undefined) {
			if (!isObject(tags) || Object.keys(tags).some((k) => k !== 'add' && k !== 'remove')) return this.error(wrongType('tags'));
			for (const k of ['add', 'remove'] as const) {
				const list = tags[k];
				if (list === undefined) continue;
				if (!Array.isArray(list)) return this.error(wrongType(`tags.${k}`));
				for (const t of list) {
					const e = checkName(t, `tags.${k}`);
					if (e) return this.error(e);
					if (k === 'add') next.add(t as string);
					else next.delete(t as string);
				}
			}
			if (next.size > 100) return this.error(invalid('a device has at most 100 tags'));
		}
		if (body.alias !== undefined) {
			const e = checkName(body.alias, 'alias');
			if (e) return this.error(e);
		}
		d.tags = next;
		if (typeof body.alias === 'string') {
			// One alias, one device (D-tag): the alias moves.
			for (const other of this.devices.values()) if (other.alias === body.alias) other.alias = undefined;
			d.alias = body.alias;
		}
		return this.voidAnswer();
	}

	private deleteDevice(id: string): Answer {
		if (!this.devices.delete(id)) return this.error(invalid('registration_id not exist'));
		return this.voidAnswer();
	}

	private allTags(platforms?: string[]): Map<string, number> {
		const out = new Map<string, number>();
		for (const d of this.devices.values()) {
			if (platforms && !platforms.includes(d.platform)) continue;
			for (const t of d.tags) out.set(t, (out.get(t) ?? 0) + 1);
		}
		return out;
	}

	private listTags(): Answer {
		return new Answer(200, { tags: [...this.allTags().keys()] });
	}

	private tagDevices(tag: string, body: Json): Answer {
		const e = checkName(tag, 'tag');
		if (e) return this.error(e);
		if (!isObject(body) || !isObject(body.registration_ids) || Object.keys(body).length !== 1) return this.error(wrongType('registration_ids'));
		const ids = body.registration_ids;
		if (Object.keys(ids).some((k) => k !== 'add' && k !== 'remove') || Object.keys(ids).length === 0) return this.error(wrongType('registration_ids'));
		for (const k of ['add', 'remove'] as const) {
			const list = ids[k];
			if (list === undefined) continue;
			if (!Array.isArray(list) || list.some((x) => typeof x !== 'string' || x === '')) return this.error(wrongType(`registration_ids.${k}`));
			if (list.length > 1000) return this.error(invalid(`registration_ids.${k}: at most 1000`));
			const unknown = list.find((x) => !this.devices.has(x as string));
			if (unknown !== undefined) return this.error(invalid(`registration_id ${String(unknown)} not exist`));
		}
		for (const x of (ids.add as string[] | undefined) ?? []) this.devices.get(x)!.tags.add(tag);
		for (const x of (ids.remove as string[] | undefined) ?? []) this.devices.get(x)!.tags.delete(tag);
		return this.voidAnswer();
	}

	private platformFilter(query: URLSearchParams): string[] | PushError | undefined {
		const raw = query.get('platform');
		if (raw === null) return undefined;
		const list = raw.split(',');
		const allowed = this.options.product === 'webPush' ? ['web'] : ['android', 'ios', 'hmos'];
		return list.every((p) => allowed.includes(p)) ? list : invalid('platform');
	}

	private deleteTag(tag: string, query: URLSearchParams): Answer {
		const e = checkName(tag, 'tag');
		if (e) return this.error(e);
		const platforms = this.platformFilter(query);
		if (platforms && !Array.isArray(platforms)) return this.error(platforms);
		if (!this.allTags(platforms).has(tag)) return this.error(invalid('tag not exist'));
		for (const d of this.devices.values()) if (!platforms || platforms.includes(d.platform)) d.tags.delete(tag);
		return this.voidAnswer();
	}

	/** Repeated `tags=` and one platform (SDKs 0.1.1, Java-test); the comma forms are refused. */
	private tagCount(query: URLSearchParams): Answer {
		const given = query.getAll('tags');
		// The form this host takes: the other one is refused with 21003 (D40), one tag reads the same in both.
		const comma = this.options.tagCountForm === 'comma';
		if (comma ? given.length > 1 : given.some((t) => t.includes(','))) return this.error(invalid('tags'));
		const tags = comma ? given.flatMap((t) => t.split(',')) : given;
		if (tags.length === 0) return this.error(missing('tags'));
		if (tags.length > 1000) return this.error(invalid('tags: at most 1000'));
		const platform = query.getAll('platform');
		if (platform.length !== 1) return this.error(missing('platform (one)'));
		const allowed = this.options.product === 'webPush' ? ['web'] : ['android', 'ios', 'hmos'];
		if (!allowed.includes(platform[0])) return this.error(invalid('platform'));
		for (const t of tags) {
			const e = checkName(t, 'tags');
			if (e) return this.error(e);
		}
		const counts = this.allTags([platform[0]]);
		return new Answer(200, { tagsCount: Object.fromEntries(tags.map((t) => [t, counts.get(t) ?? 0])) });
	}

	private getAlias(alias: string, query: URLSearchParams): Answer {
		const e = checkName(alias, 'alias');
		if (e) return this.error(e);
		const platforms = this.platformFilter(query);
		if (platforms && !Array.isArray(platforms)) return this.error(platforms);
		const ids = [...this.devices].filter(([, d]) => d.alias === alias && (!platforms || platforms.includes(d.platform))).map(([id]) => id);
		return new Answer(200, { registration_ids: ids });
	}

	private deleteAlias(alias: string, query: URLSearchParams): Answer {
		const e = checkName(alias, 'alias');
		if (e) return this.error(e);
		const platforms = this.platformFilter(query);
		if (platforms && !Array.isArray(platforms)) return this.error(platforms);
		let found = false;
		for (const d of this.devices.values()) {
			if (d.alias === alias && (!platforms || platforms.includes(d.platform))) {
				d.alias = undefined;
				found = true;
			}
		}
		return found ? this.voidAnswer() : this.error(invalid('alias not exist'));
	}
}
