/**
 * User → Set Properties (`POST /v1/user/property`): set, increase, add to, remove from or delete
 * a user's properties. One request per item (the API takes one EUID per request).
 */
import type { IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { JsonLong } from '../../transport/longJson';
import type { Job, Work } from '../../execution/work';
import { checkEuid } from '../../validation/euid';
import { PROPERTY_OPERATIONS, type PropertyOperation } from '../../validation/propertyValues';
import { propertiesFields, propertiesOutput, readProperties } from '../shared/propertyFields';
import { EUID_HELP, euidField } from '../shared/userFields';
import { identifyByEverywhere, identifyByFields, resolveUsers, withIdentifyBy, type ResolvedUser } from '../shared/identifyUser';
import type { Operation, WorkContext } from '../types';

/** Property operations that change more each time they are applied: never sent twice after an ambiguous failure. */
export const NOT_IDEMPOTENT: readonly PropertyOperation[] = ['increase', 'add'];

/** What an Increase or Add that failed ambiguously says: why it was not sent again. */
const NOT_REPEATED_BECAUSE =
	'This change (Set Properties Increase or Add) is not safe to send twice, and EngageLab may have applied it before the answer was lost, so the node did not send it again. Check the user in EngageLab before running this item again.';

const showFor = { resource: ['user'], operation: ['setProperties'] };

const propertyFields: INodeProperties[] = [
	euidField(
		showFor,
		`The EUID of the user whose properties to change (digits, e.g. 10362473). ${EUID_HELP}`,
	),
	{
		displayName: 'Property Operation',
		name: 'propertyOperation',
		type: 'options',
		options: [
			{ name: 'Add', value: 'add', description: 'Add the given value or values to each list property' },
			{ name: 'Delete', value: 'delete', description: 'Delete each named property from the user; values are not needed' },
			{ name: 'Increase', value: 'increase', description: 'Add the given whole number to each integer property (negative to decrease)' },
			{ name: 'Remove', value: 'remove', description: 'Remove the given value or values from each list property' },
			{ name: 'Set', value: 'set', description: 'Overwrite each property with the given value' },
		],
		default: 'set',
		description: 'What to do with the properties: the same for every property of the item',
		displayOptions: { show: showFor },
	},
	...propertiesFields(
		showFor,
		'user property',
		' For Delete only names matter: a property without a value is sent with an empty value ("").',
	),
];

/** Identify User By (version 2 on), then the property fields. */
const description: INodeProperties[] = [...identifyByFields(showFor, 'whose properties to change'), ...withIdentifyBy(propertyFields)];

function work(ctx: IExecuteFunctions, run: WorkContext): Iterator<Work> {
	const identify = identifyByEverywhere(run.version) ? resolveUsers(ctx, run.scheduler, run.itemCount, run.version) : undefined;
	return setPropertiesWork(ctx, run.itemCount, identify);
}

/**
 * One request per item, in input order. `identify` gives an item's user (and EUID) when it is
 * identified by an ID (shared/identifyUser.ts): the item's job then waits for that lookup.
 */
function* setPropertiesWork(
	ctx: IExecuteFunctions,
	itemCount: number,
	identify?: (itemIndex: number) => Promise<ResolvedUser> | undefined,
): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const user = identify?.(itemIndex);
			yield user
				? { items: [itemIndex], ready: async () => setPropertiesJob(ctx, ctx.getNode(), itemIndex, await user) }
				: setPropertiesJob(ctx, ctx.getNode(), itemIndex);
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

function setPropertiesJob(ctx: IExecuteFunctions, node: INode, itemIndex: number, user?: ResolvedUser): Job {
	const euid = checkEuid(user ? user.euid : ctx.getNodeParameter('euid', itemIndex, ''));
	if (!euid.ok) {
		throw new NodeOperationError(node, euid.problem, {
			itemIndex,
			description: 'Set the EUID field to the EngageLab user ID (digits only, 1 to 9223372036854775807); User → Get EUID finds it from your own user ID.',
		});
	}
	const type = ctx.getNodeParameter('propertyOperation', itemIndex, 'set') as PropertyOperation;
	if (!PROPERTY_OPERATIONS.includes(type)) {
		throw new NodeOperationError(node, `Unsupported property operation "${String(type)}"`, {
			itemIndex,
			description: `The property operation is one of ${PROPERTY_OPERATIONS.join(', ')}.`,
		});
	}
	const properties = readProperties(ctx, itemIndex, type, 'user property');
	if (Object.keys(properties).length === 0) {
		throw new NodeOperationError(node, 'No property to change', {
			itemIndex,
			description: 'Add at least one property (a name and, except for Delete, a value).',
		});
	}
	return {
		items: [itemIndex],
		call: {
			path: '/v1/user/property',
			body: { euid: new JsonLong(euid.value), type, properties },
			itemIndex,
			// Set, Remove and Delete end the same however often they arrive; Increase and Add do not.
			idempotent: !NOT_IDEMPOTENT.includes(type),
			notRepeatedBecause: NOT_REPEATED_BECAUSE,
		},
		toResults: (response) => [
			{
				euid: euid.value,
				...(user && { identityType: user.type, identityValue: user.value }),
				type,
				properties: propertiesOutput(properties),
				code: response.code,
				message: response.message,
			},
		],
	};
}

/** user:setProperties as its resource lists it: the fields above and the work of a run. */
export const setProperties: Operation = { description, work };
