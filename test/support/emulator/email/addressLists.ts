/**
 * EngageLab Email's address lists as the emulator keeps them (docs/messaging/read-api.md §3).
 * The two queries are documented (GET /v1/address_lists with offset/limit, name fuzzy, address
 * exact; GET /v1/address_lists/{id}); create, delete and the member calls are cut off in the
 * docs, so every plausible form of §3.3–§3.7 is accepted and the form used is recorded. Strict:
 * no unknown parameter or field, valid addresses, 1–100 members per call. An unknown list ID is
 * answered with a plain-text HTTP 404 "not found" (Email's only documented not-found answer;
 * provisional). Set semantics for members: adding one already there or removing one that is not
 * succeeds and changes nothing. IDs are bigints, so a list past 2^53 is written exactly.
 */
import type { JsonObject } from '../ma/maRules';
import type { JsonValue } from '../strictJson';
import type { Outcome } from '../productEmulator';
import { offsetLimit } from './suppressionLists';

export interface AddressListMember {
	email: string;
	name?: string;
	vars?: JsonObject;
	create_time: string;
}

export interface AddressList {
	address_list_id: bigint;
	name: string;
	address: string;
	description: string;
	create_time: string;
	update_time: string;
	members: AddressListMember[];
}

/** How a call carried its data (read-api.md §3.3–§3.7), for tests to see what the node sent. */
export type AddressListForm = 'desc' | 'description' | 'membersArray' | 'membersString' | 'memberObjects' | 'query' | 'body' | 'path' | 'address';

export interface AddressListCall {
	kind: 'create' | 'delete' | 'addMembers' | 'removeMembers';
	form: AddressListForm;
	address_list_id?: string;
	emails?: string[];
}

export interface AddressListState {
	addressLists: AddressList[];
	addressListCalls: AddressListCall[];
	/** How list records spell the description (the docs show all three); `description` unless a test sets another. */
	descriptionField: 'description' | 'Description' | 'desc';
	nextListId: () => bigint;
}

const INVALID = 30202;
const invalid = (message: string): Outcome => ({ code: INVALID, message });
const NOT_FOUND: Outcome = { raw: { status: 404, body: 'not found', contentType: 'text/plain' } };
const BARE = /^[^\s<>@;,]+@[^\s<>@;,]+\.[^\s<>@;,]+$/;
const MAX_MEMBERS_PER_CALL = 100;

/** EngageLab's timestamp form for lists (`2022-11-12T16:46:12+0800`). */
const stamp = (now: number) => `${new Date(now + 8 * 3_600_000).toISOString().slice(0, 19)}+0800`;

function paging(query: URLSearchParams, known: readonly string[]): { offset: number; limit: number } | Outcome {
	const unknown = [...query.keys()].find((k) => !['offset', 'limit', ...known].includes(k));
	if (unknown) return invalid(`unknown parameter: ${unknown}`);
	const { offset, limit } = offsetLimit(query);
	return offset === undefined || limit === undefined ? invalid('offset/limit out of range') : { offset, limit };
}

function page<T>(all: readonly T[], at: { offset: number; limit: number }, shown: (record: T) => JsonObject): Outcome {
	const slice = all.slice(at.offset, at.offset + at.limit);
	return { ok: { result: slice.map(shown), count: slice.length, total: all.length } };
}

function shownList(state: AddressListState, list: AddressList): JsonObject {
	return {
		address_list_id: list.address_list_id,
		address: list.address,
		name: list.name,
		member_count: BigInt(list.members.length),
		[state.descriptionField]: list.description,
		create_time: list.create_time,
		update_time: list.update_time,
	};
}

const byId = (state: AddressListState, id: string) => state.addressLists.find((l) => String(l.address_list_id) === id);

/** GET /v1/address_lists: `name` fuzzy, `address` exact ([addr-cn]). */
export function getAddressLists(state: AddressListState, query: URLSearchParams): Outcome {
	const at = paging(query, ['name', 'address']);
	if (!('offset' in at)) return at;
	const name = query.get('name');
	const address = query.get('address');
	const matching = state.addressLists.filter((l) => (name === null || l.name.includes(name)) && (address === null || l.address === address));
	return page(matching, at, (l) => shownList(state, l));
}

/** GET /v1/address_lists/{id} ([addr-ja]): the list under `result`. */
export function getAddressList(state: AddressListState, id: string): Outcome {
	const list = byId(state, id);
	return list ? { ok: { result: shownList(state, list) } } : NOT_FOUND;
}

/** POST /v1/address_lists `{address, name, desc | description}`: answers the created list, bare. */
export function createAddressList(state: AddressListState, body: JsonValue | undefined, now: number): Outcome {
	const req = body as JsonObject;
	const unknown = Object.keys(req).find((k) => !['address', 'name', 'desc', 'description'].includes(k));
	if (unknown) return invalid(`unknown parameter: ${unknown}`);
	const { address, name } = req;
	if (typeof address !== 'string' || !BARE.test(address)) return invalid('address must be an address like xxx@maillist.email.engagelab.com');
	if (typeof name !== 'string' || name.trim() === '') return invalid('name is required');
	if (req.desc !== undefined && req.description !== undefined) return invalid('desc and description both given');
	const desc = req.desc ?? req.description ?? '';
	if (typeof desc !== 'string') return invalid('desc must be a string');
	if (state.addressLists.some((l) => l.address.toLowerCase() === address.toLowerCase())) return invalid('address list already exists');
	const list: AddressList = { address_list_id: state.nextListId(), name, address, description: desc, create_time: stamp(now), update_time: stamp(now), members: [] };
	state.addressLists.push(list);
	state.addressListCalls.push({ kind: 'create', form: req.description !== undefined ? 'description' : 'desc', address_list_id: String(list.address_list_id) });
	return { ok: shownList(state, list) };
}

/** DELETE /v1/address_lists/{id}, or DELETE /v1/address_lists?address= (the ancestor's form). */
export function deleteAddressList(state: AddressListState, id: string | undefined, query: URLSearchParams): Outcome {
	let list: AddressList | undefined;
	if (id !== undefined) {
		if ([...query.keys()].length) return invalid(`unknown parameter: ${[...query.keys()][0]}`);
		list = byId(state, id);
	} else {
		const unknown = [...query.keys()].find((k) => k !== 'address');
		if (unknown || !query.has('address')) return invalid(unknown ? `unknown parameter: ${unknown}` : 'address is required');
		list = state.addressLists.find((l) => l.address === query.get('address'));
	}
	if (!list) return NOT_FOUND;
	state.addressLists = state.addressLists.filter((l) => l !== list);
	state.addressListCalls.push({ kind: 'delete', form: id !== undefined ? 'path' : 'address', address_list_id: String(list.address_list_id) });
	return { ok: { result: { address_list_id: list.address_list_id } } };
}

/** GET /v1/address_lists/{id}/members: offset/limit, in the order added. */
export function getMembers(state: AddressListState, id: string, query: URLSearchParams): Outcome {
	const list = byId(state, id);
	if (!list) return NOT_FOUND;
	const at = paging(query, []);
	if (!('offset' in at)) return at;
	return page(list.members, at, (m) => ({ ...m }) as unknown as JsonObject);
}

type Members = { members: AddressListMember[]; form: AddressListForm } | Outcome;

/** `["a@x", …]`, `"a@x;b@y"` or `[{"email", "name", "vars"}, …]` (read-api.md §3.6). */
function members(value: JsonValue | undefined, now: number, objects: boolean): Members {
	let list: AddressListMember[];
	let form: AddressListForm;
	if (typeof value === 'string') [list, form] = [value.split(';').map((email) => ({ email: email.trim(), create_time: stamp(now) })), 'membersString'];
	else if (Array.isArray(value) && value.every((m) => typeof m === 'string')) [list, form] = [value.map((email) => ({ email: email.trim(), create_time: stamp(now) })), 'membersArray'];
	else if (objects && Array.isArray(value) && value.every((m) => typeof m === 'object' && m !== null && !Array.isArray(m))) {
		const entries = value as JsonObject[];
		const bad = entries.find((m) => Object.keys(m).some((k) => !['email', 'name', 'vars'].includes(k)) || typeof m.email !== 'string' || (m.name !== undefined && typeof m.name !== 'string'));
		if (bad) return invalid('a member is {"email", "name"?, "vars"?}');
		list = entries.map((m) => ({ email: String(m.email).trim(), ...(m.name !== undefined && { name: String(m.name) }), ...(m.vars !== undefined && { vars: m.vars as JsonObject }), create_time: stamp(now) }));
		form = 'memberObjects';
	} else return invalid('members is required');
	if (list.length === 0 || list.length > MAX_MEMBERS_PER_CALL) return invalid(`between 1 and ${MAX_MEMBERS_PER_CALL} members per call`);
	const wrong = list.find((m) => !BARE.test(m.email));
	return wrong ? invalid(`invalid email: ${wrong.email}`) : { members: list, form };
}

/** POST /v1/address_lists/{id}/members `{"members": …}`: each address not yet on the list is added. */
export function addMembers(state: AddressListState, id: string, body: JsonValue | undefined, now: number): Outcome {
	const list = byId(state, id);
	if (!list) return NOT_FOUND;
	const req = body as JsonObject;
	const unknown = Object.keys(req).find((k) => k !== 'members');
	if (unknown) return invalid(`unknown parameter: ${unknown}`);
	const found = members(req.members, now, true);
	if (!('members' in found)) return found;
	for (const m of found.members) if (!list.members.some((x) => x.email.toLowerCase() === m.email.toLowerCase())) list.members.push(m);
	list.update_time = stamp(now);
	state.addressListCalls.push({ kind: 'addMembers', form: found.form, address_list_id: id, emails: found.members.map((m) => m.email) });
	return { ok: { result: { count: BigInt(found.members.length) } } };
}

/** DELETE /v1/address_lists/{id}/members?members=a;b, or with the JSON body `{"members": […]}`. */
export function removeMembers(state: AddressListState, id: string, query: URLSearchParams, body: JsonValue | undefined, now: number): Outcome {
	const list = byId(state, id);
	if (!list) return NOT_FOUND;
	let found: Members;
	if (query.has('members')) {
		const unknown = [...query.keys()].find((k) => k !== 'members');
		found = unknown ? invalid(`unknown parameter: ${unknown}`) : members(query.get('members') ?? '', now, false);
		if ('members' in found) found = { ...found, form: 'query' };
	} else {
		const req = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as JsonObject;
		const unknown = Object.keys(req).find((k) => k !== 'members');
		found = unknown ? invalid(`unknown parameter: ${unknown}`) : members(req.members, now, false);
		if ('members' in found) found = { ...found, form: 'body' };
	}
	if (!('members' in found)) return found;
	const gone = new Set(found.members.map((m) => m.email.toLowerCase()));
	list.members = list.members.filter((m) => !gone.has(m.email.toLowerCase()));
	list.update_time = stamp(now);
	state.addressListCalls.push({ kind: 'removeMembers', form: found.form, address_list_id: id, emails: found.members.map((m) => m.email) });
	return { ok: { result: { count: BigInt(found.members.length) } } };
}

/** `n` lists `list0@maillist.email.engagelab.com`, … from `firstId` (a bigint, so a test can start past 2^53). */
export function someAddressLists(n: number, firstId = 65_499n): AddressList[] {
	return Array.from({ length: n }, (_, i) => ({
		address_list_id: firstId + BigInt(i),
		name: `list-${i}`,
		address: `list${i}@maillist.email.engagelab.com`,
		description: `desc ${i}`,
		create_time: '2022-11-12T16:46:12+0800',
		update_time: '2022-11-12T16:50:01+0800',
		members: [],
	}));
}

/** `n` members `m0@example.com`, …. */
export const someMembers = (n: number): AddressListMember[] => Array.from({ length: n }, (_, i) => ({ email: `m${i}@example.com`, create_time: '2022-11-12T16:46:12+0800' }));
