/**
 * The send ledger: what a node run's non-idempotent requests (SMS, OTP and WhatsApp sends, Set
 * Properties Increase/Add) came to, so that n8n's Retry On Fail does not send them again.
 *
 * n8n's Retry On Fail re-runs the whole node, every item, in the same process and the same
 * execution, with the same run index (n8n-core's WorkflowExecute: the try loop around runNode,
 * also in queue mode, where one worker runs the whole execution). It re-runs when the node threw,
 * or when its first output item has `json.error` (continue on fail). The ledger of that node run
 * (execution id + node + run index) remembers, per item and request digest (method, path, body):
 * - answered: EngageLab's answer, so the re-run gives the item the same output without sending;
 * - may have been applied (an ambiguous failure): the re-run fails the item with the same error,
 *   without sending.
 * Items with neither (never sent, refused, or failed in a way that provably applied nothing) are
 * sent on the re-run as usual.
 *
 * Bounded: only runs of nodes with Retry On Fail on are recorded; a run's entries are dropped as
 * soon as it ends in a way n8n does not retry, and otherwise expire LEDGER_TTL_MS after its last
 * use (n8n retries within 5 s); at most MAX_ENTRIES per process and MAX_ENTRIES_PER_RUN per run,
 * so one large run evicts its own oldest entries before anybody else's. Keys hold a digest, never
 * a body; an answer is kept only until the run cannot be retried any more.
 */
import { createHash } from 'node:crypto';

import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { stringifyWithLongs } from '../transport/longJson';
import type { EngageLabCall, EngageLabResponse } from '../transport/request';
import { mayHaveBeenApplied } from '../transport/unsure';

/** A run's entries are forgotten this long after its last send or replay. */
const LEDGER_TTL_MS = 15 * 60_000;
const MAX_ENTRIES = 100_000;
const MAX_ENTRIES_PER_RUN = 50_000;

type Outcome = { answer: EngageLabResponse } | { error: Error };

interface Entry {
	digest: string;
	outcome: Outcome;
}

class RunRecord {
	/** By item index, oldest first. */
	readonly entries = new Map<number, Entry>();
	lastUsed = 0;
	constructor(readonly key: string) {}
}

/** The process's ledger: runs by key, least recently used first (a Map keeps insertion order). */
export class LedgerStore {
	private readonly runs = new Map<string, RunRecord>();
	private total = 0;

	constructor(
		private readonly clock: () => number = Date.now,
		readonly limits = { ttlMs: LEDGER_TTL_MS, maxEntries: MAX_ENTRIES, maxPerRun: MAX_ENTRIES_PER_RUN },
	) {}

	/** Entries held, all runs together. */
	get size(): number {
		return this.total;
	}

	/** The outcome recorded for this run, item and digest, if any (refreshes the run). */
	lookup(runKey: string, item: number, digest: string): Outcome | undefined {
		this.expire();
		const run = this.runs.get(runKey);
		if (!run) return undefined;
		this.touch(run);
		const entry = run.entries.get(item);
		return entry?.digest === digest ? entry.outcome : undefined;
	}

	record(runKey: string, item: number, digest: string, outcome: Outcome): void {
		this.expire();
		let run = this.runs.get(runKey);
		if (!run) {
			run = new RunRecord(runKey);
			this.runs.set(runKey, run);
		}
		this.touch(run);
		if (run.entries.delete(item)) this.total--;
		// A run over its own share gives up its oldest entry; only a full process takes another run's.
		if (run.entries.size >= this.limits.maxPerRun) this.dropOldestOf(run);
		while (this.total >= this.limits.maxEntries && this.dropLeastRecentOther(run));
		run.entries.set(item, { digest, outcome });
		this.total++;
	}

	/** Forgets a run (it ended in a way n8n does not retry). */
	forget(runKey: string): void {
		const run = this.runs.get(runKey);
		if (!run) return;
		this.total -= run.entries.size;
		this.runs.delete(runKey);
	}

	private touch(run: RunRecord): void {
		run.lastUsed = this.clock();
		this.runs.delete(run.key);
		this.runs.set(run.key, run);
	}

	/** Drops runs unused for the TTL: they are at the front, so this stops at the first live one. */
	private expire(): void {
		const oldest = this.clock() - this.limits.ttlMs;
		for (const run of this.runs.values()) {
			if (run.lastUsed > oldest) return;
			this.forget(run.key);
		}
	}

	private dropOldestOf(run: RunRecord): void {
		const first = run.entries.keys().next();
		if (first.done) return;
		run.entries.delete(first.value);
		this.total--;
	}

	/** Drops the least recently used run other than `keep`; false when there is none. */
	private dropLeastRecentOther(keep: RunRecord): boolean {
		for (const run of this.runs.values()) {
			if (run === keep) continue;
			this.forget(run.key);
			return true;
		}
		return false;
	}
}

const PROCESS_LEDGER = new LedgerStore();

/** The request as a short digest (method, path, body): the same request gives the same digest. */
function digestOf(call: EngageLabCall): string {
	return createHash('sha256')
		.update(`${call.method ?? 'POST'} ${call.path}\n${stringifyWithLongs(call.body)}`)
		.digest('base64');
}

/** One node run's view of the ledger. */
export class RunLedger {
	constructor(
		private readonly runKey: string,
		private readonly store: LedgerStore = PROCESS_LEDGER,
	) {}

	/**
	 * Sends a call unless an earlier try of this run already did: then its answer again, or its
	 * "may or may not have been applied" error again. Idempotent calls are simply sent. `slot`:
	 * where the outcome is kept, the item by default (a push batch sends several requests for one
	 * item: each gets a slot of its own).
	 */
	async send(call: EngageLabCall, send: () => Promise<EngageLabResponse>, slot = call.itemIndex): Promise<EngageLabResponse> {
		if (call.idempotent) return await send();
		const digest = digestOf(call);
		const earlier = this.store.lookup(this.runKey, slot, digest);
		if (earlier && 'answer' in earlier) return earlier.answer;
		if (earlier) throw earlier.error;
		// Settled, not caught: the error goes on to the runner as it came (n8n's lint forbids re-throwing in a catch).
		const settled = await send().then(
			(answer) => ({ answer }),
			(error: unknown) => ({ error }),
		);
		if ('answer' in settled) {
			this.store.record(this.runKey, slot, digest, settled);
			return settled.answer;
		}
		const { error } = settled;
		if (error instanceof Error && mayHaveBeenApplied.has(error)) this.store.record(this.runKey, slot, digest, { error });
		throw error;
	}

	/** The run returned its output: n8n retries it only when the first item is an error. */
	finished(output: INodeExecutionData[]): void {
		if (output[0]?.json.error === undefined) this.store.forget(this.runKey);
	}
}

/**
 * The ledger of this node run, or undefined when n8n will not re-run it (Retry On Fail off) or
 * the run cannot be told apart from another (no execution id).
 */
export function sendLedgerFor(ctx: IExecuteFunctions, store?: LedgerStore): RunLedger | undefined {
	const node = ctx.getNode();
	if (node.retryOnFail !== true) return undefined;
	const executionId = ctx.getExecutionId();
	if (!executionId) return undefined;
	const runIndex = ctx.getWorkflowDataProxy(0).$runIndex as number;
	return new RunLedger(`${executionId}\u0000${node.id ?? node.name}\u0000${runIndex}`, store);
}
