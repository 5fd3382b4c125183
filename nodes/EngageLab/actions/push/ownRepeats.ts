/**
 * Repeats an operation makes itself, for failures the transport hands back without retrying (a
 * code that is transient for this operation only, a delete whose repeat must read "not found" as
 * done): up to the run's Max Attempts, with the transport's backoff between them, so they wait as
 * its own retries do and stop once the execution is cancelled.
 */
import type { RequestSettings } from '../../transport/request';
import { backoffDelay } from '../../transport/retry';
import { settle } from './pathCall';

/** `attempt(1)`, then `attempt(2)`… while `mayRepeat` says so for its failure: its answer, or the last failure. */
export async function withOwnRepeats<T>(
	settings: Pick<RequestSettings, 'maxAttempts' | 'retryDelay' | 'timing' | 'signal'>,
	attempt: (n: number) => Promise<T>,
	mayRepeat: (error: unknown) => boolean,
): Promise<T> {
	const { maxAttempts, retryDelay, timing, signal } = settings;
	for (let n = 1; ; n++) {
		const settled = await settle(attempt(n));
		if ('ok' in settled) return settled.ok;
		if (!mayRepeat(settled.error) || n >= maxAttempts || signal?.aborted) throw settled.error;
		await timing.sleep(backoffDelay(n, retryDelay, timing.random), signal);
		if (signal?.aborted) throw settled.error;
	}
}
