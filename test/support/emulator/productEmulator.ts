/**
 * A local stand-in for one EngageLab messaging product (SMS, OTP, Email or WhatsApp) on
 * 127.0.0.1, written from docs/messaging/*.md. The product itself (routes, rules, codes,
 * fixtures) lives in <product>/<product>Emulator.ts; this file owns what they share beyond
 * emulatorBase.ts (accounts, received log, faults): routing by method and path, HTTP Basic with
 * the product's key pair, strict JSON bodies (integers kept exact as bigints), both error styles,
 * the platform codes SMS, OTP and WhatsApp have in common, and the body checks the products use.
 *
 * Faults happen "in front of" EngageLab: a faulted request is never processed, so a message is
 * recorded as sent exactly when EngageLab would have accepted it. Faults are queued per
 * recipient (`faultRecipient`), per path (`faultPath`), drawn from a seeded plan per
 * (seed, recipient, attempt) (`injectFaults`), or scripted for the next requests (`script`).
 */
import type http from 'node:http';

import { isObject, forcedCode, type JsonObject } from './ma/maRules';
import { EmulatorBase, type Account, type ErrorStyle, type EmulatorOptions, type ReceivedRequest as Received } from './emulatorBase';
import type { Fault, FaultKind, FaultPlan, ScriptedResponse } from './faults';
import { stringifyJson, type JsonValue } from './strictJson';

export type { ErrorStyle, Fault, FaultKind, FaultPlan, ScriptedResponse };

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
	method: 'GET' | 'POST' | 'DELETE';
	/** Matched against the whole path; capture groups become `params`. */
	pattern: RegExp;
	/** POST routes get the body checks (JSON content type, JSON object) before `handle`. */
	handle(ctx: RequestContext<State>): Outcome;
}

/** Everything that makes one product: its codes, its statuses, its routes, its state. */
export interface ProductSpec<State> {
	/** The product's name in the catalog ('sms', 'otp', …). */
	name: string;
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

export interface ReceivedRequest extends Received {
	/** What faults and attempts were counted by (recipient, message id…), if any. */
	key?: string;
}

/** The key pair a product accepts (dev_key:dev_secret, or api_user:api_key for Email), its error style and its clock. */
export type MessagingEmulatorOptions = Pick<EmulatorOptions, 'accounts' | 'errorStyle' | 'clock'>;

export class MessagingEmulator<State> extends EmulatorBase<Account, ReceivedRequest> {
	state: State;
	protected readonly successBody = '{"message_id":"1725407449772531712","send_channel":"sms"}';

	constructor(
		readonly spec: ProductSpec<State>,
		defaultAccounts: Record<string, Account>,
		options: MessagingEmulatorOptions = {},
	) {
		super(options, { accounts: defaultAccounts, errorStyle: spec.defaultErrorStyle });
		this.state = spec.createState();
	}

	/** Forget requests, product state, faults and counters; keep accounts, style and clock. */
	reset(): void {
		super.reset();
		this.state = this.spec.createState();
	}

	/** The next requests for this recipient (see ProductSpec.requestKey) meet these faults, one each. */
	faultRecipient(key: string, ...faults: Array<Fault | FaultKind>): void {
		this.faultKey(key, faults);
	}

	/** The requests that reached a route (not faulted), for one method and path. */
	requestsTo(method: string, path: string): ReceivedRequest[] {
		return this.received.filter((r) => r.method === method && r.path.split('?')[0] === path && !r.fault);
	}

	/** An EngageLab error in the emulator's style: HTTP 200 + code, or the code's HTTP status. */
	error(code: number, message?: string): ScriptedResponse {
		const status = this.errorStyle === 'httpStatus' ? this.spec.httpStatusFor(code) : 200;
		const body: JsonObject = { code, message: message ?? this.spec.messages[code] ?? 'unknown error' };
		return { status, body: stringifyJson(body) };
	}

	protected requestKey(method: string, path: string, body: JsonValue | undefined, rawBody: string) {
		const key = this.spec.requestKey(body);
		return { attemptKey: key ?? `${method} ${path} ${rawBody}`, fields: { key } };
	}

	protected internalError(): ScriptedResponse {
		return this.error(this.spec.internalErrorCode);
	}

	protected answer(req: http.IncomingMessage, url: string, body: JsonValue | undefined, rawBody: string, now: number): ScriptedResponse {
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
		const authCode = this.authenticate(req.headers.authorization, this.spec.authFailedCode);
		if (authCode !== undefined) return this.error(authCode);
		const contentType = req.headers['content-type'];
		if (route.method === 'POST') {
			if (!isObject(body) || !/^application\/json\s*(;|$)/i.test(contentType ?? '')) {
				return this.error(this.spec.badJsonCode);
			}
			const forced = forcedCode(body);
			if (forced !== undefined) return this.error(forced);
		} else {
			// A GET carries the test hook in a query value (e.g. api_user=emulator-force-30000).
			for (const value of new URLSearchParams(queryString).values()) {
				const forced = forcedCode(value);
				if (forced !== undefined) return this.error(forced);
			}
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
}

// ---- What SMS, OTP and WhatsApp share: EngageLab's platform codes (each product's docs, "Errors") ----

/** The spec fields of a platform product: 2001 bad key pair, 3001 body not JSON, 1000 EngageLab's own error. */
export const PLATFORM_CODES = { authFailedCode: 2001, badJsonCode: 3001, internalErrorCode: 1000 } as const;

/** The platform codes' texts that every platform product lists (each adds its own, and 2002 where its docs have it). */
export const PLATFORM_MESSAGES: Readonly<Record<number, string>> = {
	1000: 'internal error',
	2001: 'authentication failed',
	2004: 'no permission for this api',
	3001: 'invalid json format',
	3002: 'invalid parameter',
	5001: 'send failed',
};

/** The HTTP status of a platform code in the httpStatus style: `unauthorized` codes 401, 2004 403, 1000 500, the rest 400. */
export function platformHttpStatus(unauthorized: readonly number[]): (code: number) => number {
	return (code) => {
		if (unauthorized.includes(code)) return 401;
		if (code === 2004) return 403;
		if (code === 1000) return 500;
		return 400;
	};
}

// ---- Pieces of a ProductSpec that several products share ----

/** Faults and attempts counted by the first recipient in `to` (SMS, Email, WhatsApp). */
export function firstRecipient(body: JsonValue | undefined): string | undefined {
	return isObject(body) && Array.isArray(body.to) && isString(body.to[0]) ? body.to[0] : undefined;
}

/** GET one template by the id in the path: `found` answers it, `missing` when no template has that id. */
export function templateById<State, T>(
	pattern: RegExp,
	find: (state: State, id: string) => T | undefined,
	found: (template: T) => JsonValue = (template) => template as unknown as JsonObject,
	missing: Outcome = { code: 4001 },
): Route<State> {
	return {
		method: 'GET',
		pattern,
		handle: (ctx) => {
			const template = find(ctx.state, ctx.params[0]);
			return template === undefined ? missing : { ok: found(template) };
		},
	};
}

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
