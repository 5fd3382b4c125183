/**
 * `options.cid`, EngageLab's one-hour dedup key (docs/push/decisions.md D8). The default is
 * derived from what stays the same on the node's own retries and n8n's Retry On Fail
 * (instance, workflow, execution, node, run index, item, target), never from the body: Retry On
 * Fail re-evaluates expressions such as {{ $now }}, and a body hash would make a retry a new push.
 */
import { createHash, randomUUID } from 'node:crypto';

import { CID_PATTERN, PUSH_LIMITS } from '../../../products/push/limits';
import { type Built, problem, text } from './built';

export interface CidSeed {
	instanceId: string;
	workflowId: string;
	/** Undefined outside an execution: the cid is then random (node retries only, D8). */
	executionId: string | undefined;
	nodeId: string;
	runIndex: number;
	itemIndex: number;
	/** Send Batch: the registration ID or alias, so each target has its own cid. */
	target?: string;
}

const PREFIX = 'n8n-';

/** "n8n-" + 43 base64url characters of SHA-256: 47 characters of [A-Za-z0-9_-]. */
export function stableCid(seed: CidSeed): string {
	const source =
		seed.executionId === undefined
			? randomUUID()
			: [seed.instanceId, seed.workflowId, seed.executionId, seed.nodeId, seed.runIndex, seed.itemIndex, seed.target ?? '']
					.map(String)
					.join('\u0000');
	const base64 = createHash('sha256').update(source).digest('base64');
	return PREFIX + base64.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '').slice(0, 43);
}

/** The user's own Duplicate Protection ID, checked before sending (no 23003 round trip). */
export function userCid(value: unknown): Built<string> {
	const cid = text(value);
	if (!CID_PATTERN.test(cid)) {
		return problem(
			`Duplicate Protection ID must be 1 to ${PUSH_LIMITS.cidChars} letters, digits, "_" or "-"`,
			cid === '' ? 'It is empty.' : `Got "${cid.length > 80 ? `${cid.slice(0, 80)}…` : cid}" (${cid.length} characters).`,
		);
	}
	return { ok: cid };
}

/**
 * The first item of a run to use each cid (D8): EngageLab answers a later push with the same cid
 * with the first one's msg_id and sends nothing, so a later item with it is refused.
 */
export class CidOwners {
	private readonly first = new Map<string, number>();

	/** The earlier item that used `cid`; undefined when none did (then `itemIndex` owns it). */
	claim(cid: string, itemIndex: number): number | undefined {
		const earlier = this.first.get(cid);
		if (earlier === undefined) this.first.set(cid, itemIndex);
		return earlier;
	}
}

/** D8: an ambiguous failure may be repeated only with a cid and within 55 minutes of the first try. */
export function mayRepeatAmbiguous(cid: string | undefined, firstAttemptMs: number, nowMs: number): boolean {
	return cid !== undefined && nowMs - firstAttemptMs < PUSH_LIMITS.cidRetryWindowMs;
}
