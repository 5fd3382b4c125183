/**
 * How late this process runs its callbacks: the time an answer that has arrived waits here for
 * the main thread (n8n busy with other items, executions or processes on a small server) before
 * the node sees it. Concurrency Mode Auto takes it off each latency it measures: an answer that
 * is slow because this process is busy says nothing about EngageLab or the network, and sending
 * less would only lower throughput.
 *
 * One probe for the whole process (the delay is the process's, whichever run asks): a timer of
 * PROBE_MS, its lateness recorded, again and again while some run asked within IDLE_STOP_MS, so
 * nothing keeps running once the runs are done. It reads real time, whatever clock a run uses: a
 * virtual clock moves with real time too (test/support/inProcess/virtualTiming.ts).
 */
import { realTiming } from '../transport/clock';

const PROBE_MS = 20;
const IDLE_STOP_MS = 250;
/** Probes remembered: about 2 s at PROBE_MS on an idle machine (longer when busy), bounded memory. */
const SAMPLES = 100;

class EventLoopLag {
	/** When each of the latest probes fired and how late (ms), oldest first. */
	private readonly samples: Array<{ at: number; late: number }> = [];
	/** When the probe now waiting should fire. */
	private dueAt: number | undefined;
	private askedAt = -Infinity;

	/**
	 * The longest a callback waited for the main thread within the last `withinMs` ms (the life of
	 * a request that just ended), the probe now pending included; 0 until measured. Keeps the probe going.
	 */
	readonly within = (withinMs: number): number => {
		const now = realTiming.now();
		this.askedAt = now;
		if (this.dueAt === undefined) void this.probe();
		let late = this.dueAt === undefined ? 0 : Math.max(0, now - this.dueAt);
		for (let i = this.samples.length - 1; i >= 0 && this.samples[i].at >= now - withinMs - PROBE_MS; i--) {
			late = Math.max(late, this.samples[i].late);
		}
		return late;
	};

	private async probe(): Promise<void> {
		try {
			while (realTiming.now() - this.askedAt < IDLE_STOP_MS) {
				this.dueAt = realTiming.now() + PROBE_MS;
				await realTiming.sleep(PROBE_MS);
				const at = realTiming.now();
				this.samples.push({ at, late: Math.max(0, at - this.dueAt) });
				if (this.samples.length > SAMPLES) this.samples.shift();
			}
		} finally {
			this.dueAt = undefined;
			this.samples.length = 0;
		}
	}
}

/** The process's one probe. */
export const processLag = new EventLoopLag();
