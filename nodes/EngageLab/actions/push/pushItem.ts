/**
 * What the App Push and Web Push operations share with n8n: a builder's refusal as the item's
 * NodeOperationError (nothing is sent), and the default cid's seed for one item of this node run.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Built } from './shared/built';
import type { CidSeed } from './shared/cid';

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
