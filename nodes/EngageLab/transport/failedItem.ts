import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * The output item for an input item that failed under "continue on fail": its error in the JSON
 * (for the regular output) and as `error` (which n8n uses to route it to the error output).
 */
export function failedItem(ctx: IExecuteFunctions, error: unknown, itemIndex: number): INodeExecutionData {
	const nodeError = asNodeError(ctx, error, itemIndex);
	const response = (nodeError as NodeApiError).errorResponse as { code?: unknown } | undefined;
	const code = typeof response?.code === 'number' ? response.code : undefined;
	return {
		json: {
			error: nodeError.message,
			...(nodeError.description ? { description: nodeError.description } : {}),
			...(code !== undefined ? { code } : {}),
			...((nodeError as NodeApiError).httpCode ? { httpCode: (nodeError as NodeApiError).httpCode } : {}),
		},
		error: nodeError,
		pairedItem: { item: itemIndex },
	};
}

/** The error as n8n's own error type, keeping ours as they are and wrapping anything unexpected. */
export function asNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	return new NodeOperationError(ctx.getNode(), error instanceof Error ? error : String(error), { itemIndex });
}
