/**
 * "Identify User By" for the operations that act on one user (Set Contact; from node version 2
 * also Set Properties and Event → Report): the user is given by EUID, or by an identifier the
 * node turns into the EUID through Get EUID before the operation's own request (at most 100
 * values per lookup request, each distinct identifier once per run). The one resolution
 * mechanism of the node: every operation uses these fields and resolveUsers.
 */
import type { IDisplayOptions, IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { Scheduler } from '../../execution/scheduler';
import { MA_LIMITS } from '../../products/ma/ma.product';
import type { IdentityType } from '../../validation/identifiers';
import { versionsWhere } from '../../versions';
import { euidsFrom, getEuidBody, GET_EUID_PATH, readIdentifier, unresolvedError, type Identifier } from './euidLookup';
import { identityValueField } from './userFields';

/** Parameter value → identity type sent to Get EUID. */
const IDENTIFY_BY: Record<string, IdentityType> = { userId: 'user_id', anonymousId: 'anonymous_id', registrationId: 'registration_id' };
/** The Identify User By values that need a lookup (everything but EUID). */
const BY_IDENTIFIER = Object.keys(IDENTIFY_BY);

const LOOKUP = 'the node looks up the EUID first';
const OPTIONS: Record<string, INodePropertyOptions> = {
	euid: { name: 'EUID', value: 'euid', description: "EngageLab's own ID for the user, shown on the user's profile in the EngageLab console" },
	userId: { name: 'User ID', value: 'userId', description: `Your system's ID for the user (EngageLab user_id), e.g. the CRM's customer ID; ${LOOKUP}` },
	anonymousId: { name: 'Anonymous ID', value: 'anonymousId', description: `The anonymous_id of a visitor who has not signed in; ${LOOKUP}` },
	registrationId: { name: 'Registration ID', value: 'registrationId', description: `A device registration ID from EngageLab's app or web SDK; ${LOOKUP}` },
};

/** Versions with Identify User By on Set Contact only (EUID, User ID, Anonymous ID), and those with it everywhere. */
const SET_CONTACT_ONLY = versionsWhere((d) => d.identifyUserBy, 'setContactOnly');
const EVERYWHERE = versionsWhere((d) => d.identifyUserBy, 'everyUserOperation');

/**
 * Identify User By and Identity Value for one operation. `whose` finishes "the user …" (e.g.
 * "whose contacts to set"). `sinceFirstVersion`: the operation had the field in version 1
 * already (Set Contact), with the three options it had then.
 */
export function identifyByFields(show: IDisplayOptions['show'], whose: string, sinceFirstVersion = false): INodeProperties[] {
	const field = (versions: number[], values: string[]): INodeProperties => ({
		displayName: 'Identify User By',
		name: 'identifyBy',
		type: 'options',
		options: values.map((v) => OPTIONS[v]),
		default: 'euid',
		description: `How the user ${whose} is given: by EUID, or by an ID from your own system that the node turns into the EUID (one Get EUID lookup per 100 distinct IDs)`,
		displayOptions: { show: { ...show, '@version': versions } },
	});
	return [
		...(sinceFirstVersion && SET_CONTACT_ONLY.length > 0 ? [field(SET_CONTACT_ONLY, ['euid', 'userId', 'anonymousId'])] : []),
		field(EVERYWHERE, ['euid', 'userId', 'anonymousId', 'registrationId']),
		identityValueField(
			{ ...show, identifyBy: BY_IDENTIFIER },
			`The ID of the user ${whose}, of the kind chosen in Identify User By (1 to 256 characters). If EngageLab knows no user with it, the item fails; no user is created.`,
		),
	];
}

/** An operation's fields with its EUID field hidden when the user is identified by an ID. */
export function withIdentifyBy(fields: INodeProperties[]): INodeProperties[] {
	return fields.map((field) =>
		field.name === 'euid'
			? { ...field, displayOptions: { ...field.displayOptions, hide: { ...field.displayOptions?.hide, identifyBy: BY_IDENTIFIER } } }
			: field,
	);
}

/** Whether an operation other than Set Contact offers Identify User By in this node version. */
export function identifyByEverywhere(version: number): boolean {
	return (EVERYWHERE as readonly number[]).includes(version) || !(SET_CONTACT_ONLY as readonly number[]).includes(version);
}

export interface ResolvedUser extends Identifier {
	euid: string;
}

/** Which identity type the item's user is given by; undefined when it is addressed by EUID. */
function identityTypeOf(ctx: IExecuteFunctions, itemIndex: number, version: number): IdentityType | undefined {
	const by = ctx.getNodeParameter('identifyBy', itemIndex, 'euid') as string;
	// Version 1 had no Registration ID: its value stays refused there, as it was.
	if (by === 'registrationId' && !identifyByEverywhere(version)) return by as IdentityType;
	return by === 'euid' ? undefined : (IDENTIFY_BY[by] ?? (by as IdentityType));
}

/**
 * The EUID lookups of a run whose items are identified by an ID. The identifiers are read up front
 * (cheap: no request) and split into chunks of distinct values, at most 100 each; a chunk is
 * looked up through the run's scheduler when the first item that needs it asks, once per run.
 * Returns, per item, undefined (addressed by EUID), a promise of its user, or throws its own
 * error (an unusable identifier); undefined when every item uses an EUID.
 */
export function resolveUsers(
	ctx: IExecuteFunctions,
	scheduler: Scheduler,
	itemCount: number,
	version: number,
): ((itemIndex: number) => Promise<ResolvedUser> | undefined) | undefined {
	const node = ctx.getNode();
	const ids = new Array<Identifier | Error | undefined>(itemCount);
	/** Distinct identifiers, per type, with the first item that has each. */
	const distinct = new Map<IdentityType, Map<string, number>>();
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const type = identityTypeOf(ctx, itemIndex, version);
		if (type === undefined) continue;
		try {
			const id = readIdentifier(node, type, ctx.getNodeParameter('identityValue', itemIndex, ''), itemIndex);
			ids[itemIndex] = id;
			const values = distinct.get(type) ?? new Map<string, number>();
			if (!values.has(id.value)) values.set(id.value, itemIndex);
			distinct.set(type, values);
		} catch (error) {
			ids[itemIndex] = error as Error;
		}
	}
	if (ids.every((id) => id === undefined)) return undefined;

	/** `${type}:${value}` → the chunk that looks it up. */
	const chunkOf = new Map<string, Chunk>();
	for (const [type, values] of distinct) {
		const all = [...values.keys()];
		for (let i = 0; i < all.length; i += MA_LIMITS.identifiersPerRequest) {
			const part = all.slice(i, i + MA_LIMITS.identifiersPerRequest);
			const chunk: Chunk = { type, values: part, firstItem: Math.min(...part.map((v) => values.get(v)!)) };
			for (const value of part) chunkOf.set(`${type}:${value}`, chunk);
		}
	}

	const lookUp = async (chunk: Chunk): Promise<Map<string, string | Error>> => {
		const response = await scheduler.request({
			path: GET_EUID_PATH,
			body: getEuidBody(chunk.type, chunk.values),
			itemIndex: chunk.firstItem,
			idempotent: true,
		});
		return euidsFrom(node, response);
	};

	return (itemIndex) => {
		const id = ids[itemIndex];
		if (id === undefined) return undefined;
		if (id instanceof Error) throw id;
		const chunk = chunkOf.get(`${id.type}:${id.value}`)!;
		chunk.found ??= lookUp(chunk);
		return chunk.found.then((found) => {
			const euid = found.get(id.value);
			if (euid instanceof Error) throw euid;
			if (euid === undefined) throw unresolvedError(node, id, itemIndex);
			return { ...id, euid };
		});
	};
}

interface Chunk {
	type: IdentityType;
	values: string[];
	firstItem: number;
	/** The lookup's answer (identifier value → EUID or error), once asked for; rejects with the lookup's error. */
	found?: Promise<Map<string, string | Error>>;
}
