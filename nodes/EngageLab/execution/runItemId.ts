/**
 * An ID for one item of one node run that is the same on every try of that run (n8n's Retry On
 * Fail re-runs the node with the same execution id and run index) and differs for any other item,
 * run, node, workflow, execution or n8n instance: Email's request_id and Report's random_id, which
 * EngageLab uses to send or count once, stay the same when n8n re-runs the node. Shaped as a UUID
 * (as the random ID it replaces); random when the execution has no ID.
 */
import { createHash, randomUUID } from 'node:crypto';

import type { IExecuteFunctions } from 'n8n-workflow';

/** Per node run (one execution context): what every item's ID is derived from. */
const runSeeds = new WeakMap<IExecuteFunctions, string | undefined>();

function runSeed(ctx: IExecuteFunctions): string | undefined {
	if (runSeeds.has(ctx)) return runSeeds.get(ctx);
	const executionId = ctx.getExecutionId();
	let seed: string | undefined;
	if (executionId) {
		let instance = '';
		try {
			instance = ctx.getInstanceId();
		} catch {
			// Outside a full n8n (tests) there may be no instance settings; the execution still tells runs apart.
		}
		const node = ctx.getNode();
		const runIndex = String(ctx.getWorkflowDataProxy(0).$runIndex);
		seed = [instance, ctx.getWorkflow().id ?? '', executionId, node.id ?? node.name, runIndex].join('\u0000');
	}
	runSeeds.set(ctx, seed);
	return seed;
}

export function runItemId(ctx: IExecuteFunctions, itemIndex: number, purpose: string): string {
	const seed = runSeed(ctx);
	if (seed === undefined) return randomUUID();
	const hex = createHash('sha256').update(`${seed}\u0000${purpose}\u0000${itemIndex}`).digest('hex');
	// The layout of the version-4 UUID it replaces (saved workflows and their users see the same
	// shape): version and variant bits set, the other 122 bits from the hash, as unpredictable.
	const variant = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
	return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
