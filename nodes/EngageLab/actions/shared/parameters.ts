/** Reading an item's parameters: trimmed text, and a checked value or the item's refusal. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Checked } from '../../validation/checked';

/** The checked value, or a NodeOperationError for the item that says what to fix (nothing is sent). */
export function valueOrRefuse<T>(ctx: IExecuteFunctions, checked: Checked<T>, itemIndex: number, fix: string): T {
	if (checked.ok) return checked.value;
	throw new NodeOperationError(ctx.getNode(), checked.problem, { itemIndex, description: `${fix} Nothing was sent for this item.` });
}

/** A string parameter, trimmed. */
export function trimmedParameter(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback = ''): string {
	const value = ctx.getNodeParameter(name, itemIndex, fallback) as unknown;
	return value === undefined || value === null ? '' : String(value).trim();
}
