import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

/**
 * The output item for an input item that failed under "continue on fail". Everything is under the
 * single key `error`: n8n routes such an item to the error output and merges the input item's
 * fields into it there, so the failed row keeps its data. (An item with `error` set on the item
 * itself would be routed too, but n8n then cuts its JSON down to the message alone.)
 */
export function failedItem(ctx: IExecuteFunctions, error: unknown, itemIndex: number): INodeExecutionData {
	const nodeError = asNodeError(ctx, error, itemIndex);
	const response = (nodeError as NodeApiError).errorResponse as { code?: unknown; httpCode?: unknown } | undefined;
	const details: IDataObject = { message: nodeError.message };
	if (nodeError.description) details.description = nodeError.description;
	if (typeof response?.code === 'number') details.code = response.code;
	// The HTTP status (the panel's "Error code" is EngageLab's code, which is already under `code`).
	const httpCode = typeof response?.httpCode === 'string' ? response.httpCode : (nodeError as NodeApiError).httpCode;
	if (httpCode) details.httpCode = httpCode;
	return { json: { error: details }, pairedItem: { item: itemIndex } };
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
