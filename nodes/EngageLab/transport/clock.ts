import { sleep } from 'n8n-workflow';

/**
 * Where the node gets time and chance from: the clock, waiting, and jitter. The node uses the
 * real ones; tests hand the node a virtual clock and a seeded random source instead (see the
 * EngageLab node's constructor), so waits are observable and runs are reproducible.
 */
export interface Timing {
	/** Milliseconds, like Date.now(). */
	now(): number;
	/** Resolves after `ms` milliseconds, or early (without error) once `signal` is aborted. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
	/** Uniform in [0, 1), like Math.random(). */
	random(): number;
}

/** Longest single wait: a cancelled execution stops waiting within this time. */
const SLEEP_SLICE_MS = 1_000;

export const realTiming: Timing = {
	now: () => Date.now(),
	async sleep(ms, signal) {
		// n8n's sleepWithAbort would leave one listener on the execution's signal per wait.
		for (let left = ms; left > 0 && !signal?.aborted; left -= SLEEP_SLICE_MS) {
			await sleep(Math.min(left, SLEEP_SLICE_MS));
		}
	},
	random: () => Math.random(),
};
