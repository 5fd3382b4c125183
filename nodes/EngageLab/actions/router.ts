/**
 * The resources the node offers, assembled from their folders, and the generic lookup from the
 * node's resource and operation parameters to the operation's fields and work. Nothing here
 * names a single operation: adding one touches only its resource folder (docs/DEVELOPMENT.md).
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Work } from '../execution/work';
import type { Product } from '../products/product';
import { email } from './email';
import { event } from './event';
import type { Resource, WorkContext } from './operation';
import { otp } from './otp';
import { sms } from './sms';
import { user } from './user';
import { whatsapp } from './whatsapp';

export type { WorkContext } from './operation';

/** In the Resource picker's (alphabetical) order. */
const RESOURCES: readonly Resource[] = [email, event, otp, sms, user, whatsapp];

/** The Resource picker, one Operation picker per resource, and every operation's fields. */
export function resourceProperties(defaultResource: string): INodeProperties[] {
	return [
		{
			displayName: 'Resource',
			name: 'resource',
			type: 'options',
			noDataExpression: true,
			options: RESOURCES.map((r) => r.resource),
			default: defaultResource,
			description: 'What to work with in EngageLab',
		},
		...RESOURCES.map(
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
		...RESOURCES.flatMap((r) => Object.values(r.operations).flatMap((o) => o.description)),
	];
}

/** "resource:operation" → the operation's display name, for the subtitle (flat: `}}` would end the expression). */
export function operationNames(): Record<string, string> {
	return Object.fromEntries(RESOURCES.flatMap((r) => r.options.map((o) => [`${r.resource.value}:${o.value}`, o.name])));
}

export function workFor(ctx: IExecuteFunctions, resource: string, operation: string, run: WorkContext): Iterator<Work> {
	const operations = RESOURCES.find((r) => r.resource.value === resource)?.operations;
	const found = operations && Object.prototype.hasOwnProperty.call(operations, operation) ? operations[operation] : undefined;
	if (!found) {
		throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return found.work(ctx, run);
}

/** The messaging product a resource sends with (its credential), or undefined for MA resources. */
export function productOf(resource: string): Product | undefined {
	return RESOURCES.find((r) => r.resource.value === resource)?.product;
}
