/**
 * The one scheduler of a node run: every request of the run (the operation's own and any lookup
 * it needs first, such as Identify User By's) goes through `request`, which holds one slot while
 * it is in flight. How many slots: `concurrency` (Concurrency Mode Fixed), or what the run's
 * AdaptiveConcurrency allows at that moment, never above `concurrency` (Auto: it is the cap).
 * Pacing and the pause after a 429 are in the gate that engageLabRequest passes per attempt
 * (settings.gate), which the same settings share; in Auto the gate tells the controller of every
 * pause, so the whole run shrinks at once, and with a SharedRun (sharedRateLimit.ts) every attempt
 * also waits its turn at the rate the credential's runs learned together.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { engageLabRequest, type EngageLabResponse, type RequestCall, type RequestSettings } from '../transport/request';
import { notSentCancelled } from '../transport/cancelled';
import type { AdaptiveConcurrency, Ticket } from './adaptiveConcurrency';
import type { SharedRun } from './sharedRateLimit';

/** Concurrency Mode Auto: 429s per request retried on top of Max Attempts (see RequestSettings.rateLimitRetries). */
export const AUTO_RATE_LIMIT_RETRIES = 10;

export class Scheduler {
	private inFlight = 0;
	private readonly waiting: Array<(slot: boolean) => void> = [];

	constructor(
		private readonly ctx: IExecuteFunctions,
		readonly settings: RequestSettings,
		/** Slots at most (Fixed: always this many; Auto: the cap). */
		readonly concurrency: number,
		private readonly adaptive?: AdaptiveConcurrency,
		/** Auto: what the credential's runs share (it tells the controller of every pause itself). */
		private readonly shared?: SharedRun,
	) {
		if (adaptive && !shared) settings.gate.onHold = (until) => adaptive.holdUntil(until);
	}

	/** Requests that may be in flight now. */
	get limit(): number {
		return this.adaptive ? Math.min(this.adaptive.limit, this.concurrency) : this.concurrency;
	}

	/**
	 * Sends the call once a slot is free (slots are given in the order they were asked for). A call
	 * whose answer is no longer wanted by the time it gets its slot (the run stopped at an earlier
	 * item's error) is not sent.
	 */
	async request(call: RequestCall): Promise<EngageLabResponse> {
		if (!(await this.acquire())) throw notSentCancelled(this.ctx.getNode(), call.itemIndex);
		if (call.stillWanted?.() === false) {
			this.release();
			throw new NodeOperationError(this.ctx.getNode(), 'Not sent: the run stopped at an earlier item\'s error', { itemIndex: call.itemIndex });
		}
		const adaptive = this.adaptive;
		if (!adaptive) {
			try {
				return await engageLabRequest(this.ctx, this.settings, call);
			} finally {
				this.release();
			}
		}
		// Auto: a slot per attempt. While it waits to retry (after a 429 above all) the request holds
		// none, so the attempts after a pause are no more than the limit, which the 429 shrank.
		let ticket: Ticket | undefined = adaptive.start();
		let turnDone: (() => void) | undefined;
		const leave = () => {
			if (!ticket) return;
			turnDone?.();
			turnDone = undefined;
			adaptive.finish(ticket);
			ticket = undefined;
			this.release();
		};
		// The credential's shared window or ceiling; the wait for it is not latency.
		const turn = async () => {
			if (!this.shared) return;
			turnDone = await this.shared.turn();
			if (ticket) adaptive.waited(ticket);
		};
		// Without a slot (the run was cancelled while it waited) engageLabRequest sees the signal and sends nothing.
		const enter = async () => {
			if (!(await this.acquire())) return;
			ticket = adaptive.start();
			await turn();
		};
		try {
			await turn();
			return await engageLabRequest(this.ctx, { ...this.settings, betweenAttempts: { leave, enter }, rateLimitRetries: AUTO_RATE_LIMIT_RETRIES }, call);
		} finally {
			leave();
		}
	}

	/**
	 * Takes a slot, waiting for one when none is free (in the order asked): true. False, without a
	 * slot, once the run is cancelled (at once, or while it waits).
	 */
	private async acquire(): Promise<boolean> {
		const signal = this.settings.signal;
		if (signal?.aborted) return false;
		if (this.inFlight < this.limit && this.waiting.length === 0) {
			this.inFlight++;
			return true;
		}
		// One listener on the run's signal while anything waits, removed when the queue empties.
		if (this.waiting.length === 0) signal?.addEventListener('abort', this.cancelWaiting, { once: true });
		return await new Promise<boolean>((resolve) => this.waiting.push(resolve));
	}

	/** Frees a slot and hands free slots to waiting requests, in order (Auto's limit may have grown or shrunk). */
	private release(): void {
		this.inFlight--;
		while (this.waiting.length > 0 && this.inFlight < this.limit && !this.settings.signal?.aborted) {
			this.inFlight++;
			this.waiting.shift()!(true);
			if (this.waiting.length === 0) this.settings.signal?.removeEventListener('abort', this.cancelWaiting);
		}
	}

	/** The run was cancelled: every waiting request ends without a slot. */
	private readonly cancelWaiting = () => {
		for (const resolve of this.waiting.splice(0)) resolve(false);
	};
}
