/**
 * The one scheduler of a node run: every request of the run (the operation's own and any lookup
 * it needs first, such as Identify User By's) goes through `request`, which holds one of
 * `concurrency` slots while it is in flight. Pacing and the pause after a 429 are in the gate
 * that engageLabRequest passes per attempt (settings.gate), which the same settings share.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { engageLabRequest, type EngageLabCall, type EngageLabResponse, type RequestSettings } from '../transport/request';

export class Scheduler {
	private inFlight = 0;
	private readonly waiting: Array<() => void> = [];

	constructor(
		private readonly ctx: IExecuteFunctions,
		readonly settings: RequestSettings,
		readonly concurrency: number,
	) {}

	/** Sends the call once a slot is free (slots are given in the order they were asked for). */
	async request(call: EngageLabCall): Promise<EngageLabResponse> {
		if (this.inFlight >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve));
		else this.inFlight++;
		try {
			return await engageLabRequest(this.ctx, this.settings, call);
		} finally {
			const next = this.waiting.shift();
			// The slot passes straight to the next waiting request, or is freed.
			if (next) next();
			else this.inFlight--;
		}
	}
}
