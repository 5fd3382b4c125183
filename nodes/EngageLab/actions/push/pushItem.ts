/**
 * What the App Push and Web Push operations share with n8n: a builder's refusal as the item's
 * NodeOperationError (nothing is sent), the default cid's seed for one item of this node run, and
 * the refusal of a cid an earlier item of the run already used.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Built } from './shared/built';
import type { CidOwners, CidSeed } from './shared/cid';

/** The built value, or the item fails before anything is sent. */
export function builtOrRefuse<T>(ctx: IExecuteFunctions, built: Built<T>, itemIndex: number): T {
	if ('problem' in built) throw new NodeOperationError(ctx.getNode(), built.problem, { itemIndex, description: built.description });
	return built.ok;
}

/**
 * D8: the same for the node's own retries and n8n's Retry On Fail (same execution, node and run
 * index), different for any other execution, run, item or n8n instance.
 */
export function cidSeed(ctx: IExecuteFunctions, itemIndex: number, target?: string): CidSeed {
	let instanceId = '';
	try {
		instanceId = ctx.getInstanceId();
	} catch {
		// Outside a full n8n (tests) there may be no instance settings; the execution still tells runs apart.
	}
	const node = ctx.getNode();
	return {
		instanceId,
		workflowId: ctx.getWorkflow().id ?? '',
		executionId: ctx.getExecutionId() || undefined,
		nodeId: node.id ?? node.name,
		runIndex: Number(ctx.getWorkflowDataProxy(0).$runIndex),
		itemIndex,
		...(target !== undefined && { target }),
	};
}

/**
 * D8: an item whose cid an earlier item of this run already used fails before anything is sent;
 * `why` says what EngageLab would do with it.
 */
export function refuseRepeatedCid(ctx: IExecuteFunctions, owners: CidOwners, cid: string, itemIndex: number, why: (earlier: number) => string): void {
	const earlier = owners.claim(cid, itemIndex);
	if (earlier === undefined) return;
	throw new NodeOperationError(ctx.getNode(), `Duplicate Protection ID ${cid} is already used by item ${earlier} of this run`, {
		itemIndex,
		description: `${why(earlier)} Give each item its own ID.`,
	});
}
