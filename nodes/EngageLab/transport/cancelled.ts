/**
 * The one rule for a cancelled execution (the editor's Stop, a timeout, a worker shutting down):
 * once its signal has fired, no new request leaves the node. Every path that is about to send
 * checks the signal right before handing the request to n8n, and every wait (pacing, a 429
 * pause, a backoff, a slot) ends when it fires; the request then fails with this error and is not
 * sent. Requests already on the wire are aborted by the same signal (see attemptRequest).
 */
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

const NOT_SENT_CANCELLED = 'Not sent: the execution was canceled';

/** The error of an item whose request never left the node because the execution was cancelled first. */
export function notSentCancelled(node: INode, itemIndex: number): NodeOperationError {
	return new NodeOperationError(node, NOT_SENT_CANCELLED, {
		itemIndex,
		description: 'The execution was stopped before this item\'s request was sent: EngageLab did not receive it. Run the item again to send it.',
	});
}
