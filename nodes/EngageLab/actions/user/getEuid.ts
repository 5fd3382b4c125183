/**
 * User → Get EUID (`POST /v1/user/register`): the EngageLab user ID (EUID) for a user identifier
 * a CRM knows (its user ID, an anonymous ID or a device registration ID). Items are grouped into
 * requests of at most 100 values per identity type, each value once per request.
 */
import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { EngageLabResponse } from '../../transport/request';
import type { Job, Work } from '../../execution/work';
import { checkEuid } from '../../validation/euid';
import {
	checkIdentifier,
	IDENTITY_TYPES,
	MAX_IDENTIFIERS_PER_REQUEST,
	type IdentityType,
} from '../../validation/identifiers';
import { batchWork } from '../batch';
import { identityValueField } from '../fields';

export const GET_EUID_PATH = '/v1/user/register';

const showFor = { resource: ['user'], operation: ['getEuid'] };

const IDENTITY_TYPE_OPTIONS = [
	{ name: 'User ID', value: 'user_id', description: "Your own system's ID for the user (e.g. the CRM's customer ID)" },
	{ name: 'Anonymous ID', value: 'anonymous_id', description: 'The ID of a visitor who has not signed in' },
	{ name: 'Registration ID', value: 'registration_id', description: 'A device registration ID (one per device; a user may have several)' },
];

export const getEuidFields: INodeProperties[] = [
	{
		displayName: 'Identity Type',
		name: 'identityType',
		type: 'options',
		options: IDENTITY_TYPE_OPTIONS,
		default: 'user_id',
		description: 'Which kind of identifier Identity Value holds. Use User ID for the ID your CRM or app gives the user.',
		displayOptions: { show: showFor },
	},
	identityValueField(
		showFor,
		'The identifier to look up, 1 to 256 characters. The output has its EUID as text (digits). An identifier EngageLab does not know is an error for that item; no user is created.',
	),
];

export interface Identifier {
	type: IdentityType;
	value: string;
}

/** One item's identifier, checked; throws a NodeOperationError naming the item. */
export function readIdentifier(node: INode, type: unknown, rawValue: unknown, itemIndex: number): Identifier {
	if (!IDENTITY_TYPES.includes(type as IdentityType)) {
		throw new NodeOperationError(node, `Unsupported identity type "${String(type)}"`, {
			itemIndex,
			description: `The identity type is one of ${IDENTITY_TYPES.join(', ')}.`,
		});
	}
	const checked = checkIdentifier(rawValue, type as IdentityType);
	if (!checked.ok) {
		throw new NodeOperationError(node, checked.problem, {
			itemIndex,
			description: 'Map the identifier (text, 1 to 256 characters) into the identity value field.',
		});
	}
	return { type: type as IdentityType, value: checked.value };
}

/** The Get EUID request for these values (duplicates sent once). */
export function getEuidBody(type: IdentityType, values: string[]): IDataObject {
	return { identity_name: type, identity_values: [...new Set(values)] };
}

/**
 * EngageLab's `data` as identifier value → EUID digits. EUIDs arrive as numbers, or as strings of
 * digits when above 2^53 (parseWithLongs); an EUID that is neither maps to an Error.
 */
export function euidsFrom(node: INode, response: EngageLabResponse): Map<string, string | Error> {
	const found = new Map<string, string | Error>();
	const data = Array.isArray(response.data) ? response.data : [];
	for (const entry of data as unknown[]) {
		if (entry === null || typeof entry !== 'object') continue;
		const { identity_value: value, euid } = entry as IDataObject;
		if (typeof value !== 'string') continue;
		const checked = typeof euid === 'number' || typeof euid === 'string' ? checkEuid(euid) : undefined;
		found.set(
			value,
			checked?.ok
				? checked.value
				: new NodeOperationError(node, `EngageLab answered an EUID for "${value.slice(0, 80)}" that is not valid: ${String(euid).slice(0, 40)}`),
		);
	}
	return found;
}

/** The error of an identifier that EngageLab did not resolve. */
export function unresolvedError(node: INode, { type, value }: Identifier, itemIndex: number): NodeOperationError {
	return new NodeOperationError(node, `No EngageLab user has the ${type} "${value.slice(0, 80)}"`, {
		itemIndex,
		description:
			`EngageLab returned no EUID for this ${type}: no user with it is known in this project (looking it up does not create a user). ` +
			'Check the identity type and value, and that the credential is for the right project.',
	});
}

export function getEuidWork(ctx: IExecuteFunctions, itemCount: number, continueOnFail: boolean): Generator<Work> {
	const node = ctx.getNode();
	return batchWork<Identifier>({
		itemCount,
		continueOnFail,
		read: (itemIndex) => {
			const id = readIdentifier(node, ctx.getNodeParameter('identityType', itemIndex, 'user_id'), ctx.getNodeParameter('identityValue', itemIndex, ''), itemIndex);
			return { group: id.type, entry: id };
		},
		fits: (entries, entry) =>
			new Set(entries.map((e) => e.value)).size < MAX_IDENTIFIERS_PER_REQUEST || entries.some((e) => e.value === entry.value),
		toJob: (type, items, entries): Job => ({
			items,
			call: { path: GET_EUID_PATH, body: getEuidBody(type as IdentityType, entries.map((e) => e.value)), itemIndex: items[0], idempotent: true },
			toResults: (response) => {
				const found = euidsFrom(node, response);
				return entries.map((id, k) => {
					const euid = found.get(id.value) ?? unresolvedError(node, id, items[k]);
					return euid instanceof Error ? euid : { identityType: id.type, identityValue: id.value, euid };
				});
			},
		}),
	});
}
