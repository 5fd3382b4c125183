/** n8n's Return All / Limit convention for the read operations: the two fields, and the limit they set. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { valueOrRefuse } from './parameters';

export function returnAllFields(show: NonNullable<NonNullable<INodeProperties['displayOptions']>['show']>): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

/** Limit: a whole number ≥ 1 (ignored with Return All). */
export function readLimit(ctx: IExecuteFunctions, itemIndex: number, returnAll: boolean): number {
	if (returnAll) return Infinity;
	const limit = Number(ctx.getNodeParameter('limit', itemIndex, 50));
	return valueOrRefuse(
		ctx,
		Number.isInteger(limit) && limit >= 1 ? { ok: true, value: limit } : { ok: false, problem: `Limit ${String(limit)} is not a whole number of at least 1` },
		itemIndex,
		'Set Limit to 1 or more, or turn on Return All.',
	);
}

