/**
 * A discrete-event clock (a `Timing`): sleeping schedules a wake-up, and `run` moves time from
 * event to event, in order, once everything not waiting on the clock has settled. Any number of
 * concurrent runs share it exactly (VirtualTiming, which adds each wait to the clock, suits one
 * run at a time). Only for code whose every wait is on this clock: no real I/O.
 */
import type { Timing } from '../../nodes/EngageLab/transport/clock';
import { mulberry32 } from './emulator/random';

interface Wake {
	at: number;
	seq: number;
	wake: () => void;
}

export class SimClock implements Timing {
	private t = 0;
	private seq = 0;
	/** A binary heap by (at, seq). */
	private readonly events: Wake[] = [];
	readonly random: () => number;

	constructor(seed = 7) {
		this.random = mulberry32(seed);
	}

	readonly now = (): number => this.t;

	readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
		new Promise<void>((wake) => {
			if (signal?.aborted) return wake();
			this.push({ at: this.t + Math.max(0, ms), seq: this.seq++, wake });
		});

	/** Moves time from event to event until `done` settles. */
	async run(done: Promise<unknown>): Promise<void> {
		let finished = false;
		void done.finally(() => (finished = true));
		while (!finished) {
			await new Promise((resolve) => setImmediate(resolve));
			const event = this.pop();
			if (!event) continue;
			this.t = event.at;
			event.wake();
		}
	}

	private push(event: Wake): void {
		const heap = this.events;
		heap.push(event);
		for (let i = heap.length - 1; i > 0; ) {
			const parent = (i - 1) >> 1;
			if (!before(heap[i], heap[parent])) break;
			[heap[i], heap[parent]] = [heap[parent], heap[i]];
			i = parent;
		}
	}

	private pop(): Wake | undefined {
		const heap = this.events;
		if (heap.length === 0) return undefined;
		const top = heap[0];
		const last = heap.pop()!;
		if (heap.length > 0) {
			heap[0] = last;
			for (let i = 0; ; ) {
				const [l, r] = [2 * i + 1, 2 * i + 2];
				let least = i;
				if (l < heap.length && before(heap[l], heap[least])) least = l;
				if (r < heap.length && before(heap[r], heap[least])) least = r;
				if (least === i) break;
				[heap[i], heap[least]] = [heap[least], heap[i]];
				i = least;
			}
		}
		return top;
	}
}

function before(a: Wake, b: Wake): boolean {
	return a.at < b.at || (a.at === b.at && a.seq < b.seq);
}
