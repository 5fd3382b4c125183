/**
 * When to send the next request: the backoff between attempts, EngageLab's Retry-After, and the
 * gate every request passes (pacing to a rate, and a pause for the whole node after a 429).
 * Used by engageLabRequest (request.ts), which decides what is retried.
 */
import type { Timing } from './clock';

/** The longest backoff between two attempts (before jitter), in milliseconds. */
export const MAX_BACKOFF_MS = 30_000;

/** The longest Retry-After the node honours; asked to wait longer, it gives up on the item instead. */
export const MAX_RETRY_AFTER_MS = 60_000;

/**
 * How long a run goes on meeting nothing but 429s (no other answer in between, across all its
 * requests) before it stops sending: EngageLab's rate limit is then far below what the run asks,
 * or the account's quota is used up, and waiting longer only makes the run last for days.
 */
export const RATE_LIMIT_BUDGET_MS = 5 * 60_000;

/**
 * The wait after the n-th failed attempt: exponential (baseDelay, 2×, 4×… up to MAX_BACKOFF_MS)
 * with "equal jitter": half of it for sure, the other half at random, so parallel requests that
 * failed together do not come back together.
 */
export function backoffDelay(failedAttempts: number, baseDelay: number, random: () => number): number {
	const delay = Math.min(baseDelay * 2 ** (failedAttempts - 1), MAX_BACKOFF_MS);
	return delay / 2 + random() * (delay / 2);
}

/**
 * A Retry-After header in milliseconds from `now`: either seconds ("120") or an HTTP date
 * ("Wed, 21 Oct 2015 07:28:00 GMT"). Undefined when absent or unreadable; 0 for a date past.
 */
export function parseRetryAfter(header: unknown, now: number): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
	if (!/[a-z]/i.test(text)) return undefined;
	const date = Date.parse(text);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * The gate every request of one node run passes just before it is sent. It spaces requests at
 * least `interval` ms apart (pacing: `interval` = 1000 / max requests per second; 0 = no pacing)
 * and holds everything back while the node is asked to pause (after a 429). Waiting requests
 * pass in the order they arrived. The spacing is measured between the moments requests are let
 * through, so a late timer never lets a burst through. Once the run's signal fires every wait
 * ends and nothing passes: the caller sees the signal and sends nothing (cancelled.ts).
 */
export class RequestGate {
	private nextStart = -Infinity;
	private holdUntil = -Infinity;
	private waiting = 0;
	private queue: Promise<void> = Promise.resolve();
	/** The 429s in a row across the run (no other answer in between): since when, and how many. */
	private streak?: { since: number; count: number };
	/** Told of every pause (Concurrency Mode Auto shrinks on it). */
	onHold?: (until: number) => void;
	/** Told of every answer (Auto's runs of one credential measure the rate EngageLab took). */
	onAnswer?: (rateLimited: boolean) => void;

	constructor(
		private readonly interval: number,
		private readonly timing: Timing,
		private readonly signal?: AbortSignal,
	) {}

	/** The pace in requests per second, when there is one. */
	get perSecond(): number | undefined {
		return this.interval > 0 ? 1000 / this.interval : undefined;
	}

	/**
	 * Resolves when a request may be sent (at once when nothing holds it back), or once the run is
	 * cancelled. `cost`: the requests of the account's quota it uses (a request for n recipients may count n),
	 * so the next one waits `cost` intervals.
	 */
	enter(cost = 1): Promise<void> | undefined {
		if (this.signal?.aborted) return undefined;
		if (this.waiting === 0 && this.readyAt() <= this.timing.now()) {
			this.pass(cost);
			return undefined;
		}
		this.waiting++;
		const turn = this.queue.then(async () => await this.waitForTurn(cost));
		this.queue = turn;
		return turn;
	}

	/** Holds every request back until `until` (ms, the timing's clock). */
	holdUntilTime(until: number): void {
		this.holdUntil = Math.max(this.holdUntil, until);
		this.onHold?.(until);
	}

	/** Notes an answer from EngageLab: a 429, or anything else (which ends a run of 429s). */
	noteAnswer(rateLimited: boolean): void {
		this.onAnswer?.(rateLimited);
		if (!rateLimited) this.streak = undefined;
		else if (this.streak) this.streak.count++;
		else this.streak = { since: this.timing.now(), count: 1 };
	}

	/** The run has met only 429s for RATE_LIMIT_BUDGET_MS: how many, else undefined. It sends no more. */
	rateLimitExhausted(): number | undefined {
		const streak = this.streak;
		return streak && this.timing.now() - streak.since >= RATE_LIMIT_BUDGET_MS ? streak.count : undefined;
	}

	private async waitForTurn(cost: number): Promise<void> {
		try {
			for (let now = this.timing.now(); this.readyAt() > now && !this.signal?.aborted; now = this.timing.now()) {
				await this.timing.sleep(this.readyAt() - now, this.signal);
			}
		} finally {
			this.waiting--;
			// A cancelled wait lets nothing through, so it takes no turn either.
			if (!this.signal?.aborted) this.pass(cost);
		}
	}

	private readyAt(): number {
		return Math.max(this.nextStart, this.holdUntil);
	}

	private pass(cost: number): void {
		if (this.interval > 0) this.nextStart = this.timing.now() + this.interval * Math.max(1, cost);
	}
}
