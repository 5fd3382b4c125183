/**
 * A local stand-in for the EngageLab MA API, written from the docs, on 127.0.0.1.
 * It authenticates like EngageLab (HTTP Basic, APIKey:APISecret), enforces the documented body
 * rules, records every request exactly as it arrived, and answers errors in either of the two
 * plausible styles (the docs do not say which the real API uses).
 *
 * Faults (../faults.ts, injected by ../emulatorBase.ts) are keyed by EUID: scripted per EUID and
 * attempt (`faultEuid`), drawn from a seeded PRNG per (seed, EUID, attempt) (`injectFaults`, the
 * same on every run whatever order concurrent requests arrive in), or queued for the next
 * requests in arrival order (`script`). A request without an EUID is keyed by its body.
 */
import type http from 'node:http';

import { MaState } from './maApi';
import { checkContacts, checkEuid, forcedCode, isObject, type JsonObject } from './maRules';
import { EmulatorBase, type EmulatorOptions as BaseOptions, type ReceivedRequest as Received } from '../emulatorBase';
import type { Fault, FaultKind, ScriptedResponse } from '../faults';
import { stringifyJson, type JsonValue } from '../strictJson';

export { plannedFault, type Fault, type FaultKind, type FaultPlan, type ScriptedResponse } from '../faults';
export type { ErrorStyle } from '../emulatorBase';

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

export interface Account {
	secret: string;
	/** A project problem EngageLab reports for this key even when the secret matches. */
	failWith?: 50031 | 50034 | 50074;
}

export interface ReceivedRequest extends Received {
	/** The EUID in the body (decimal), if any: what attempts and faults are counted by. */
	euid?: string;
}

export type EmulatorOptions = BaseOptions<Account>;

export const TEST_KEY = 'test-api-key';
export const TEST_SECRET = 'test-api-secret-Zq9';

export function httpStatusFor(code: number): number {
	if (code === 0) return 200;
	if (code === 40050) return 401;
	if (code === 50031 || code === 50034 || code === 50074) return 403;
	if (code === -1) return 500;
	return 400;
}

export class EngageLabEmulator extends EmulatorBase<Account, ReceivedRequest> {
	/** Contacts stored per EUID (decimal string), as EngageLab would keep them. */
	readonly contacts = new Map<string, Record<string, string>>();
	/** Get EUID identities, user properties and reported events (see maApi.ts). */
	readonly ma = new MaState();
	/** Contacts written. */
	writes = 0;
	protected readonly successBody = '{"code":0,"message":"success"}';

	constructor(options: EmulatorOptions = {}) {
		super(options, { accounts: { [TEST_KEY]: { secret: TEST_SECRET } }, errorStyle: 'http200' });
	}

	/** Forget requests, stored data, faults and counters; keep accounts, style and clock. */
	reset(): void {
		super.reset();
		this.contacts.clear();
		this.ma.reset();
		this.writes = 0;
	}

	/** The next requests for this EUID meet these faults, one each, in order; later ones are handled normally. */
	faultEuid(euid: string, ...faults: Array<Fault | FaultKind>): void {
		this.faultKey(euid, faults);
	}

	protected requestKey(_method: string, _path: string, body: JsonValue | undefined, rawBody: string) {
		const euid = isObject(body) && typeof body.euid === 'bigint' ? String(body.euid) : undefined;
		return { attemptKey: euid ?? rawBody, fields: { euid } };
	}

	protected internalError(): ScriptedResponse {
		return this.reply(-1);
	}

	protected answer(req: http.IncomingMessage, _path: string, body: JsonValue | undefined): ScriptedResponse {
		if (req.method !== 'POST') {
			return { status: 405, body: JSON.stringify({ code: 55004, message: 'method not allowed' }) };
		}
		const route = ROUTES[(req.url ?? '').split('?')[0]];
		if (!route) {
			return { status: 404, body: '<html><body><h1>404 Not Found</h1></body></html>', contentType: 'text/html' };
		}
		const authCode = this.authenticate(req.headers.authorization, 40050);
		if (authCode !== undefined) return this.reply(authCode);
		if (!isObject(body) || !/application\/json/i.test(req.headers['content-type'] ?? '')) {
			return this.reply(55004);
		}
		const forced = forcedCode(body);
		if (forced !== undefined) return this.reply(forced);
		const result = route(this, body);
		return typeof result === 'number' ? this.reply(result) : this.reply(0, result);
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
