/**
 * Adding to and removing from EngageLab Email's unsubscribe list as the emulator does it
 * (docs/messaging/read-api.md §2.2, §2.3: the forms are cut off in the docs, so every plausible
 * one is accepted and the form used is recorded). Strict: 1–100 bare addresses per call, no
 * unknown field, a valid address each. Set semantics: adding an address already on the list or
 * removing one that is not there succeeds and changes nothing.
 */
import type { JsonObject } from '../ma/maRules';
import type { JsonValue } from '../strictJson';
import type { Outcome } from '../productEmulator';
import type { Unsubscribe } from './suppressionLists';

const INVALID = 30202;
const invalid = (message: string): Outcome => ({ code: INVALID, message });
const BARE = /^[^\s<>@;,]+@[^\s<>@;,]+\.[^\s<>@;,]+$/;
const MAX_PER_CALL = 100;

/** How a call carried its addresses: the `;`-joined `email` string, an `email` array, `emails`, the query, or the path. */
export type UnsubscribeForm = 'emailString' | 'emailArray' | 'emailsArray' | 'query' | 'path';

export interface UnsubscribeWriteCall {
	kind: 'add' | 'remove';
	form: UnsubscribeForm;
	emails: string[];
	api_user?: string;
}

function addresses(value: JsonValue | undefined, form: UnsubscribeForm): { emails: string[]; form: UnsubscribeForm } | Outcome {
	const list = typeof value === 'string' ? value.split(';') : Array.isArray(value) ? value : undefined;
	if (list === undefined || !list.every((e) => typeof e === 'string')) return invalid('email is required');
	const emails = (list as string[]).map((e) => e.trim());
	if (emails.length === 0 || emails.length > MAX_PER_CALL) return invalid(`between 1 and ${MAX_PER_CALL} addresses per call`);
	const bad = emails.find((e) => !BARE.test(e));
	if (bad !== undefined) return invalid(`invalid email: ${bad}`);
	return { emails, form };
}

/** The addresses a body carries (add, or a remove with a body), or the refusal. */
function fromBody(body: JsonValue | undefined, allowApiUser: boolean): { emails: string[]; form: UnsubscribeForm; api_user?: string } | Outcome {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return invalid('email is required');
	const known = ['email', 'emails', ...(allowApiUser ? ['api_user'] : [])];
	const unknown = Object.keys(body).find((k) => !known.includes(k));
	if (unknown) return invalid(`unknown parameter: ${unknown}`);
	const apiUser = (body as JsonObject).api_user;
	if (apiUser !== undefined && (typeof apiUser !== 'string' || apiUser === '')) return invalid('api_user must be a non-empty string');
	const found =
		body.email !== undefined
			? addresses(body.email, typeof body.email === 'string' ? 'emailString' : 'emailArray')
			: addresses(body.emails, 'emailsArray');
	return 'emails' in found ? { ...found, api_user: apiUser as string | undefined } : found;
}

/** POST /v1/unsubscribes: each address not yet on the list (for that api_user) is added. */
export function addUnsubscribes(list: Unsubscribe[], calls: UnsubscribeWriteCall[], body: JsonValue | undefined, defaultApiUser: string, now: number): Outcome {
	const found = fromBody(body, true);
	if (!('emails' in found)) return found;
	calls.push({ kind: 'add', ...found });
	const apiUser = found.api_user ?? defaultApiUser;
	const time = new Date(now + 8 * 3_600_000).toISOString().slice(0, 19);
	for (const email of found.emails) {
		if (list.some((u) => u.email.toLowerCase() === email.toLowerCase() && u.api_user === apiUser)) continue;
		list.push({ email, api_user: apiUser, type: 0, unsubscribe_time: `${time}+08:00`, expire_time: `${String(Number(time.slice(0, 4)) + 2)}${time.slice(4)}+08:00` });
	}
	return { ok: { result: { count: found.emails.length } } };
}

/** DELETE /v1/unsubscribes?email=a;b (or /v1/unsubscribes/{email}, or a body): the addresses leave the list for every api_user. */
export function removeUnsubscribes(
	state: { unsubscribes: Unsubscribe[] },
	calls: UnsubscribeWriteCall[],
	query: URLSearchParams,
	pathEmail: string | undefined,
	body: JsonValue | undefined,
): Outcome {
	let found: { emails: string[]; form: UnsubscribeForm } | Outcome;
	if (pathEmail !== undefined) found = addresses(pathEmail, 'path');
	else if (query.has('email')) {
		const unknown = [...query.keys()].find((k) => k !== 'email');
		found = unknown ? invalid(`unknown parameter: ${unknown}`) : addresses(query.get('email') ?? '', 'query');
	} else found = fromBody(body, false);
	if (!('emails' in found)) return found;
	calls.push({ kind: 'remove', form: found.form, emails: found.emails });
	const gone = new Set(found.emails.map((e) => e.toLowerCase()));
	state.unsubscribes = state.unsubscribes.filter((u) => !gone.has(u.email.toLowerCase()));
	return { ok: { result: { count: found.emails.length } } };
}
