import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { JsonLong } from '../../transport/longJson';
import type { Job, Work } from '../../execution/work';
import { checkContact } from '../../validation/contacts';
import { checkEuid } from '../../validation/euid';
import { identifyByFields, resolveUsers, withIdentifyBy, type ResolvedUser } from '../shared/identifyUser';
import type { Operation, WorkContext } from '../types';
import { EUID_HELP, euidField } from '../shared/userFields';

const showFor = { resource: ['user'], operation: ['setContact'] };

/** The contact channels EngageLab supports: node parameter name → API contact name. */
const CHANNELS = [
	{ name: 'email', key: 'email', kind: 'email', displayName: 'Email', placeholder: 'name@email.com', what: 'email address, e.g. ada@example.com (one @, a domain with a dot, at most 254 characters)' },
	{ name: 'mobilePhone', key: 'mobile_phone', kind: 'phone', displayName: 'Mobile Phone', placeholder: '18023456879', what: 'mobile phone number for SMS: digits only, optionally after + and the country code, 5 to 15 digits (e.g. +8618023456879 or EngageLab\'s example 18023456879)' },
	{ name: 'landlinePhone', key: 'landline_phone', kind: 'phone', displayName: 'Landline Phone', placeholder: '02012345678', what: 'landline phone number: digits only, optionally after + and the country code, 5 to 15 digits (e.g. 02012345678)' },
	{ name: 'whatsappPhone', key: 'whatsapp_phone', kind: 'phone', displayName: 'WhatsApp Phone', placeholder: '8618023456879', what: 'WhatsApp phone number: digits only, optionally after + and the country code, 5 to 15 digits (e.g. 8618023456879)' },
] as const;

const contactFields: INodeProperties[] = [
	euidField(
		showFor,
		`The EUID of the user whose contacts to set (digits, e.g. 10362473). ${EUID_HELP}`,
	),
	...CHANNELS.map(
		(c): INodeProperties => ({
			displayName: c.displayName,
			name: c.name,
			type: 'string',
			default: '',
			placeholder: c.placeholder,
			description: `The user's ${c.what}. Leave empty to keep the current value in EngageLab. At least one of the four contacts must be set.`,
			displayOptions: { show: showFor },
		}),
	),
];

/** Identify User By (version 2 on), then the contact fields. */
const description: INodeProperties[] = [...identifyByFields(showFor, 'whose contacts to set', true), ...withIdentifyBy(contactFields)];

function work(ctx: IExecuteFunctions, run: WorkContext): Iterator<Work> {
	return setContactWork(ctx, run.itemCount, resolveUsers(ctx, run.scheduler, run.itemCount, run.version));
}

/**
 * One request per item, in input order; an item whose fields are wrong fails without a request.
 * `identify` gives an item's user (and EUID) when it is identified by ID (see shared/identifyUser.ts): the
 * item's job then waits for that lookup.
 */
function* setContactWork(
	ctx: IExecuteFunctions,
	itemCount: number,
	identify?: (itemIndex: number) => Promise<ResolvedUser> | undefined,
): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		let work: Work;
		try {
			const user = identify?.(itemIndex);
			work = user
				? { items: [itemIndex], ready: async () => setContactJob(ctx, itemIndex, await user) }
				: setContactJob(ctx, itemIndex);
		} catch (error) {
			work = { item: itemIndex, error };
		}
		yield work;
	}
}

/** Reads and checks one item's contacts: the request, and the output item's JSON once it succeeded. */
function setContactJob(ctx: IExecuteFunctions, itemIndex: number, user?: ResolvedUser): Job {
	const node = ctx.getNode();
	const euid = user ? checkEuid(user.euid) : checkEuid(ctx.getNodeParameter('euid', itemIndex, ''));
	if (!euid.ok) {
		throw new NodeOperationError(node, euid.problem, {
			itemIndex,
			description: 'Set the EUID field to the EngageLab user ID (digits only, 1 to 9223372036854775807).',
		});
	}
	const contacts: Record<string, string> = {};
	for (const channel of CHANNELS) {
		const value = checkContact(ctx.getNodeParameter(channel.name, itemIndex, ''), channel.kind, channel.displayName);
		if (!value.ok) {
			throw new NodeOperationError(node, value.problem, {
				itemIndex,
				description: `Set ${channel.displayName} to the user's ${channel.what}, or leave it empty to keep the current value.`,
			});
		}
		if (value.value !== '') contacts[channel.key] = value.value;
	}
	if (Object.keys(contacts).length === 0) {
		throw new NodeOperationError(node, 'No contact to set: all contact fields are empty', {
			itemIndex,
			description: `Fill in at least one of ${CHANNELS.map((c) => c.displayName).join(', ')}.`,
		});
	}
	return {
		items: [itemIndex],
		call: { path: '/v1/user/contact', body: { euid: new JsonLong(euid.value), contacts }, itemIndex, idempotent: true },
		toResults: (response): IDataObject[] => [
			{
				euid: euid.value,
				...(user && { identityType: user.type, identityValue: user.value }),
				contacts,
				code: response.code,
				message: response.message,
			},
		],
	};
}

/** user:setContact as its resource lists it: the fields above and the work of a run. */
export const setContact: Operation = { description, work };
