/**
 * A local stand-in for the EngageLab MA API, written from the docs, on 127.0.0.1.
 * It authenticates like EngageLab (HTTP Basic, APIKey:APISecret), enforces the documented body
 * rules, records every request exactly as it arrived, and answers errors in either of the two
 * plausible styles (the docs do not say which the real API uses).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { checkContacts, checkEuid, forcedCode, isObject, type JsonObject } from './rules';
import { parseStrictJson, stringifyJson, type JsonValue } from './strictJson';

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
	method: string;
	path: string;
	authorization: string | undefined;
	contentType: string | undefined;
	/** The body exactly as it arrived. */
	rawBody: string;
	/** Parsed with every integer as an exact bigint; undefined when not JSON. */
	body: JsonValue | undefined;
	status: number;
	response: string;
}

/** A scripted answer that replaces the next request's normal handling (gateways, proxies…). */
export interface ScriptedResponse {
	status: number;
	body: string;
	contentType?: string;
}

export interface EmulatorOptions {
	accounts?: Record<string, Account>;
	errorStyle?: ErrorStyle;
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
	accounts: Record<string, Account>;
	errorStyle: ErrorStyle;
	private readonly scripted: ScriptedResponse[] = [];
	private server?: http.Server;

	constructor(options: EmulatorOptions = {}) {
		this.accounts = options.accounts ?? { [TEST_KEY]: { secret: TEST_SECRET } };
		this.errorStyle = options.errorStyle ?? 'http200';
	}

	get url(): string {
		const address = this.server?.address() as AddressInfo | null;
		if (!address) throw new Error('emulator not started');
		return `http://127.0.0.1:${address.port}`;
	}

	async start(port = 0): Promise<string> {
		this.server = http.createServer((req, res) => this.handle(req, res));
		this.server.keepAliveTimeout = 5_000;
		await new Promise<void>((resolve, reject) => {
			this.server!.once('error', reject);
			this.server!.listen(port, '127.0.0.1', () => resolve());
		});
		return this.url;
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (!server) return;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}

	/** Forget requests and stored data; keep accounts and style. */
	reset(): void {
		this.received.length = 0;
		this.contacts.clear();
		this.scripted.length = 0;
	}

	/** Queue scripted answers for the next requests, in order. */
	script(...responses: ScriptedResponse[]): void {
		this.scripted.push(...responses);
	}

	private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const rawBody = Buffer.concat(chunks).toString('utf8');
			let body: JsonValue | undefined;
			try {
				body = parseStrictJson(rawBody);
			} catch {
				body = undefined;
			}
			const scripted = this.scripted.shift();
			const answer = scripted ?? this.answer(req, body);
			const record: ReceivedRequest = {
				method: req.method ?? '',
				path: req.url ?? '',
				authorization: req.headers.authorization,
				contentType: req.headers['content-type'],
				rawBody,
				body,
				status: answer.status,
				response: answer.body,
			};
			this.received.push(record);
			res.writeHead(answer.status, { 'Content-Type': answer.contentType ?? 'application/json;charset=UTF-8' });
			res.end(answer.body);
		});
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

type Route = (emulator: EngageLabEmulator, body: JsonObject) => number | JsonObject;

const ROUTES: Record<string, Route> = {
	'/v1/user/contact': (emulator, body) => {
		const problem = checkEuid(body.euid) ?? checkContacts(body.contacts);
		if (problem !== undefined) return problem;
		const euid = String(body.euid);
		emulator.contacts.set(euid, { ...emulator.contacts.get(euid), ...(body.contacts as Record<string, string>) });
		return {};
	},
};
