/**
 * User → Set Contact addressed by the user's own ID instead of the EUID: "Identify User By" and
 * the identifier field, and the lookup that turns identifiers into EUIDs through Get EUID before
 * any contact is set (at most 100 values per request, each distinct identifier once per run).
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Scheduler } from '../../execution/scheduler';
import { MAX_IDENTIFIERS_PER_REQUEST, type IdentityType } from '../../validation/identifiers';
import { euidsFrom, getEuidBody, GET_EUID_PATH, readIdentifier, unresolvedError, type Identifier } from './getEuid';
import { identityValueField } from '../fields';

const showFor = { resource: ['user'], operation: ['setContact'] };

/** Parameter value → identity type sent to Get EUID. */
const IDENTIFY_BY: Record<string, IdentityType> = { userId: 'user_id', anonymousId: 'anonymous_id' };

export const identifyByFields: INodeProperties[] = [
	{
		displayName: 'Identify User By',
		name: 'identifyBy',
		type: 'options',
		options: [
			{ name: 'EUID', value: 'euid', description: "EngageLab's own user ID" },
			{ name: 'User ID', value: 'userId', description: "Your system's user ID (EngageLab user_id); the node looks up the EUID first" },
			{ name: 'Anonymous ID', value: 'anonymousId', description: 'The anonymous_id of a visitor; the node looks up the EUID first' },
		],
		default: 'euid',
		description:
			'How the user is given: by EUID, or by your own User ID or an Anonymous ID, which the node turns into the EUID (Get EUID) before setting the contacts',
		displayOptions: { show: showFor },
	},
	identityValueField(
		{ ...showFor, identifyBy: ['userId', 'anonymousId'] },
		'The user ID or anonymous ID of the user whose contacts to set (1 to 256 characters). If EngageLab knows no user with it, the item fails; no user is created.',
	),
];

/** Set Contact's fields, with the EUID field shown only when the user is identified by EUID. */
export function withIdentifyBy(setContactFields: INodeProperties[]): INodeProperties[] {
	return setContactFields.map((field) =>
		field.name === 'euid'
			? { ...field, displayOptions: { ...field.displayOptions, show: { ...field.displayOptions?.show, identifyBy: ['euid'] } } }
			: field,
	);
}

export interface ResolvedUser extends Identifier {
	euid: string;
}

/** Which identity type Set Contact uses for this item; undefined when it is addressed by EUID. */
function identityTypeOf(ctx: IExecuteFunctions, itemIndex: number): IdentityType | undefined {
	const by = ctx.getNodeParameter('identifyBy', itemIndex, 'euid') as string;
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
): ((itemIndex: number) => Promise<ResolvedUser> | undefined) | undefined {
	const node = ctx.getNode();
	const ids = new Array<Identifier | Error | undefined>(itemCount);
	/** Distinct identifiers, per type, with the first item that has each. */
	const distinct = new Map<IdentityType, Map<string, number>>();
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		const type = identityTypeOf(ctx, itemIndex);
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
		for (let i = 0; i < all.length; i += MAX_IDENTIFIERS_PER_REQUEST) {
			const part = all.slice(i, i + MAX_IDENTIFIERS_PER_REQUEST);
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
