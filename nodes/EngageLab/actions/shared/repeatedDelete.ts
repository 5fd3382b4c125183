/**
 * A DELETE that is safe to repeat but whose repeat may find the thing gone: sent as not
 * idempotent, so that the transport hands an ambiguous failure (a reset after sending, a lost
 * answer) back here, where it is repeated with the run's backoff. A repeat answered "not found"
 * means the first attempt deleted it: done, with `repeatFoundGone`. A "not found" on the first
 * attempt stays the item's error (the ID is unknown).
 */
import type { RequestCall, EngageLabResponse, RequestSettings } from '../../transport/request';
import { backoffDelay } from '../../transport/retry';
import { mayHaveBeenApplied } from '../../transport/unsure';

export async function repeatedDelete(
	send: (call: RequestCall) => Promise<EngageLabResponse>,
	call: RequestCall,
	settings: RequestSettings,
	gone: (error: unknown) => boolean,
): Promise<{ repeatFoundGone: boolean }> {
	for (let attempt = 1; ; attempt++) {
		const settled = await send(call).then(
			() => ({ done: true as const }),
			(error: unknown) => ({ error }),
		);
		if ('done' in settled) return { repeatFoundGone: false };
		const { error } = settled;
		if (attempt > 1 && gone(error)) return { repeatFoundGone: true };
		const ambiguous = error instanceof Error && mayHaveBeenApplied.has(error);
		if (!ambiguous || attempt >= settings.maxAttempts || settings.signal?.aborted) throw error;
		await settings.timing.sleep(backoffDelay(attempt, settings.retryDelay, settings.timing.random), settings.signal);
	}
}
