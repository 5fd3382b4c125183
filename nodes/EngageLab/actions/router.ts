/**
 * From the resources the node offers (catalog.ts) to the Resource and Operation pickers, and the
 * generic lookup from the node's resource and operation parameters to the operation's fields and
 * work. Nothing here names a resource or an operation: adding one touches only its resource
 * folder and, for a new resource, the catalog (docs/DEVELOPMENT.md).
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Work } from '../execution/work';
import type { Resource, WorkContext } from './types';

export type { WorkContext } from './types';

/** The Resource picker, one Operation picker per resource, and every operation's fields; `resources` in the picker's order. */
export function resourceProperties(resources: readonly Resource[], defaultResource: string): INodeProperties[] {
	return [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: resources.map((r) => r.resource),
			default: defaultResource,
			description: 'What to work with in EngageLab',
		},
		...resources.map(
			({ resource, options, defaultOperation, operationHelp }): INodeProperties => ({
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: [resource.value] } },
				options,
				default: defaultOperation,
				description: operationHelp,
			}),
		),
		...resources.flatMap((r) => Object.values(r.operations).flatMap((o) => o.description)),
	];
}

/** "resource:operation" → the operation's display name, for the subtitle (flat: `}}` would end the expression). */
export function operationNames(resources: readonly Resource[]): Record<string, string> {
	return Object.fromEntries(resources.flatMap((r) => r.options.map((o) => [`${r.resource.value}:${o.value}`, o.name])));
}

export function workFor(
	ctx: IExecuteFunctions,
	resources: readonly Resource[],
	resource: string,
	operation: string,
	run: WorkContext,
): Iterator<Work> {
	const operations = resources.find((r) => r.resource.value === resource)?.operations;
	const found = operations && Object.prototype.hasOwnProperty.call(operations, operation) ? operations[operation] : undefined;
	if (!found) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return found.work(ctx, run);
}

/** Where the notices about sends show: per resource, its operations that send, by how a repeat is made safe. */
export function sendingOperations(resources: readonly Resource[]): Array<{ resource: string; operation: string[]; sends: true | 'cid' }> {
	return resources.flatMap((r) =>
		([true, 'cid'] as const).flatMap((sends) => {
			const operation = Object.entries(r.operations).filter(([, op]) => op.sends === sends).map(([name]) => name).sort();
			return operation.length > 0 ? [{ resource: r.resource.value, operation, sends }] : [];
		}),
	);
}
