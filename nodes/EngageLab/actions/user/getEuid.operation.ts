/**
 * User → Get EUID (`POST /v1/user/register`): the EngageLab user ID (EUID) for a user identifier
 * a CRM knows (its user ID, an anonymous ID or a device registration ID). Items are grouped into
 * requests of at most 100 values per identity type, each value once per request.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Job, Work } from '../../execution/work';
import { MA_LIMITS } from '../../products/ma/ma.product';
import type { IdentityType } from '../../validation/identifiers';
import { batchWork } from '../shared/batch';
import { euidsFrom, getEuidBody, GET_EUID_PATH, readIdentifier, unresolvedError, type Identifier } from '../shared/euidLookup';
import { identityValueField } from '../shared/userFields';
import type { Operation, WorkContext } from '../types';

const showFor = { resource: ['user'], operation: ['getEuid'] };

const IDENTITY_TYPE_OPTIONS = [
	{ name: 'User ID', value: 'user_id', description: "Your own system's ID for the user (e.g. the CRM's customer ID)" },
	{ name: 'Anonymous ID', value: 'anonymous_id', description: 'The ID of a visitor who has not signed in' },
	{ name: 'Registration ID', value: 'registration_id', description: 'A device registration ID (one per device; a user may have several)' },
];

const description: INodeProperties[] = [
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

function work(ctx: IExecuteFunctions, { itemCount, continueOnFail }: WorkContext): Generator<Work> {
	const node = ctx.getNode();
	return batchWork<Identifier>({
		itemCount,
		continueOnFail,
		read: (itemIndex) => {
			const id = readIdentifier(node, ctx.getNodeParameter('identityType', itemIndex, 'user_id'), ctx.getNodeParameter('identityValue', itemIndex, ''), itemIndex);
			return { group: id.type, entry: id };
		},
		fits: (entries, entry) =>
			new Set(entries.map((e) => e.value)).size < MA_LIMITS.identifiersPerRequest || entries.some((e) => e.value === entry.value),
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

/** user:getEuid as its resource lists it: the fields above and the work of a run. */
export const getEuid: Operation = { description, work };
