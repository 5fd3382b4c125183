/**
 * Looking up EUIDs (`POST /v1/user/register`): the request, how an item's identifier is read
 * and checked, and how the answer maps identifiers to EUIDs. Get EUID is this lookup as an
 * operation; Identify User By (identifyUser.ts) uses it before other operations' requests.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { EngageLabResponse } from '../../transport/request';
import { checkEuid } from '../../validation/euid';
import { checkIdentifier, IDENTITY_TYPES, type IdentityType } from '../../validation/identifiers';

export const GET_EUID_PATH = '/v1/user/register';

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
