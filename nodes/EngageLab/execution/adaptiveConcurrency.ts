/**
 * Concurrency mode Auto: how many requests one node run keeps in flight, found at run time
 * (AIMD, as TCP's congestion control and adaptive-concurrency limiters do).
 *
 * - Slow start: the limit starts low and grows by one per request answered, so it doubles every
 *   round trip, until the first sign of congestion.
 * - Then additive increase: one more per round (a round = as many answers as the limit).
 * - Latency is measured without the time an answer waited for this process's main thread
 *   (`ownDelay`, eventLoopLag.ts): a busy n8n is not a congested EngageLab, and backing off for
 *   it only lowers throughput; a server or network that got slower still counts.
 * - Multiplicative decrease on congestion: a 429 from EngageLab, a round whose median latency
 *   exceeds the run's baseline (the lowest round median lately) by `latencyTolerance`, or any
 *   answer slower than `latencyCeiling` (at once: with many in flight a round can last longer
 *   than the Timeout, and a timed-out request is sent again).
 *   At most one decrease per round trip: the answers to requests sent before a decrease say
 *   nothing about the new limit.
 * - Never below `min` nor above `max` (the cap); growth only while at least half the limit is
 *   actually used (a run with few items, or held back by pacing, does not inflate it).
 *
 * One instance serves every request of one node run, next to the run's RequestGate (which holds
 * all requests back after a 429 and tells this controller through `holdUntil`). It has no timers:
 * it reads the clock of the run's Timing when a request starts and ends.
 */
import type { Timing } from '../transport/clock';

export interface AdaptiveConcurrencyOptions {
	/** The limit at the start. */
	initial?: number;
	min?: number;
	/** The cap: never more in flight. */
	max: number;
	/** The limit is multiplied by this on congestion (0 < decrease < 1). */
	decrease?: number;
	/** A round's median latency above baseline × this counts as congestion. */
	latencyTolerance?: number;
	/** Additive increase per round after slow start. */
	step?: number;
	/** An answer slower than this (ms) is congestion on its own (the node: a quarter of the Timeout). */
	latencyCeiling?: number;
	/** The longest this process's main thread kept a callback waiting in the last `withinMs` ms (eventLoopLag.ts); none if absent. */
	ownDelay?: (withinMs: number) => number;
}

/** Defaults: start at 4, halve on leaving slow start, then take 20 % off per congestion and add 1 per round; latency 3× the baseline is congestion. */
export const AUTO_INITIAL_CONCURRENCY = 4;
export const AUTO_DECREASE = 0.8;
/**
 * 3, not 2: on a busy machine n8n's own CPU queue doubles the latency before more in flight stops
 * paying (bench:network, 2026-11-30, at 2: Auto held 19 in flight, 29 items/s in one scenario where
 * the HTTP Request node got 67 with 40; 75 in the next; the shared machine's noise is large).
 */
const AUTO_LATENCY_TOLERANCE = 3;
const AUTO_STEP = 1;
/** The decrease that ends slow start (which may have overshot by up to twice). */
const SLOW_START_DECREASE = 0.5;
/** How long the latency baseline remembers a round (so it follows a network that got slower for good). */
const BASELINE_WINDOW_MS = 30_000;

/** One request's slot, from `start()` to `finish()`. */
export interface Ticket {
	startedAt: number;
	/** The limit when it started. */
	limit: number;
	/** At least half the limit was in use when it started (only answers to requests that started or ended so make the limit grow, as in TCP). */
	saturated: boolean;
}

export class AdaptiveConcurrency {
	private current: number;
	/** The highest limit reached. */
	private peak: number;
	private slowStart = true;
	private inFlight = 0;
	private roundLatencies: number[] = [];
	private roundSize = 1;
	private roundMedians: Array<{ at: number; median: number }> = [];
	private lastDecreaseAt = -Infinity;
	/** The shortest latency seen, the round trip used before a baseline exists. */
	private fastest = Infinity;
	/** Requests started before this moment waited behind a 429 pause: their latency is not the network's. */
	private quietFrom = -Infinity;
	private readonly min: number;
	private readonly max: number;
	private readonly decreaseFactor: number;
	private readonly tolerance: number;
	private readonly step: number;
	private readonly ceiling: number;
	private readonly ownDelay: (withinMs: number) => number;
	/** The largest own delay taken off a latency, for the summary. */
	private maxOwnDelay = 0;
	/** What happened, for tests and diagnostics. */
	readonly history: Array<{ at: number; limit: number; reason: 'rateLimited' | 'latency' }> = [];

	constructor(
		private readonly timing: Timing,
		options: AdaptiveConcurrencyOptions,
	) {
		this.max = Math.max(1, Math.floor(options.max));
		this.min = Math.min(this.max, Math.max(1, Math.floor(options.min ?? 1)));
		this.current = clamp(options.initial ?? AUTO_INITIAL_CONCURRENCY, this.min, this.max);
		this.decreaseFactor = options.decrease ?? AUTO_DECREASE;
		this.tolerance = options.latencyTolerance ?? AUTO_LATENCY_TOLERANCE;
		this.step = options.step ?? AUTO_STEP;
		this.ceiling = options.latencyCeiling ?? Infinity;
		this.ownDelay = options.ownDelay ?? (() => 0);
		this.peak = this.limit;
	}

	/** How many requests may be in flight now. */
	get limit(): number {
		return clamp(Math.floor(this.current + 1e-9), this.min, this.max);
	}

	get active(): number {
		return this.inFlight;
	}

	/** What Auto did in this run, for n8n's debug log: the highest and the last limit, and the decreases by reason. */
	summary(): { peakLimit: number; finalLimit: number; decreasedOn429: number; decreasedOnLatency: number; maxOwnDelayMs: number } {
		const count = (reason: 'rateLimited' | 'latency') => this.history.filter((h) => h.reason === reason).length;
		return {
			peakLimit: this.peak,
			finalLimit: this.limit,
			decreasedOn429: count('rateLimited'),
			decreasedOnLatency: count('latency'),
			maxOwnDelayMs: this.maxOwnDelay,
		};
	}

	/** The latency baseline (ms), once a round has been measured. */
	get baseline(): number | undefined {
		return this.roundMedians.length ? Math.min(...this.roundMedians.map((r) => r.median)) : undefined;
	}

	/** A request (job) takes a slot; call when it is sent on its way. */
	start(): Ticket {
		this.inFlight++;
		return { startedAt: this.timing.now(), limit: this.limit, saturated: this.inFlight * 2 >= this.limit };
	}

	/**
	 * A request left its slot, answered or failed (a 429 is reported through `rateLimited`, from
	 * the gate, as it happens). Its latency is a sample unless it waited behind a 429 pause.
	 */
	finish(ticket: Ticket): void {
		const saturated = ticket.saturated || this.inFlight * 2 >= ticket.limit;
		this.inFlight--;
		const now = this.timing.now();
		// The longest wait for the main thread during this request: its answer may have had it.
		const own = this.ownDelay(now - ticket.startedAt);
		this.maxOwnDelay = Math.max(this.maxOwnDelay, own);
		const latency = Math.max(0, now - ticket.startedAt - own);
		this.fastest = Math.min(this.fastest, latency);
		if (ticket.startedAt < this.quietFrom || ticket.startedAt <= this.lastDecreaseAt) return;
		// The ceiling is about the Timeout, which counts the wait here too: the raw latency.
		if (now - ticket.startedAt > this.ceiling) return void this.decrease('latency', now);
		// A round is as many answers as the limit was when its first answer came.
		if (this.roundLatencies.length === 0) this.roundSize = this.limit;
		this.roundLatencies.push(latency);
		if (saturated) {
			this.current = Math.min(this.max, this.current + this.increase() / this.roundSize);
			this.peak = Math.max(this.peak, this.limit);
		}
		if (this.roundLatencies.length >= this.roundSize) this.endRound(now);
	}

	/** EngageLab answered 429: shrink, once per round trip. */
	rateLimited(): void {
		this.decrease('rateLimited');
	}

	/** The run's gate holds every request back until `until` (after a 429). */
	holdUntil(until: number): void {
		this.quietFrom = Math.max(this.quietFrom, until);
		this.rateLimited();
	}

	/** The request waited for its turn at its credential's shared ceiling (sharedRateLimit.ts): its latency counts from now, the wait is no sign of congestion. */
	waited(ticket: Ticket): void {
		ticket.startedAt = this.timing.now();
	}

	/** Requests started before `until` wait behind a pause another run of the credential began: no latency sample, no decrease. */
	quietUntil(until: number): void {
		this.quietFrom = Math.max(this.quietFrom, until);
	}

	/**
	 * Before its first answer and decrease: start at `limit` instead (a run whose credential's shared
	 * window, sharedRateLimit.ts, holds the start of all its runs back).
	 */
	startAt(limit: number): void {
		if (!this.slowStart || this.fastest !== Infinity || this.history.length > 0) return;
		this.current = clamp(Math.max(this.current, limit), this.min, this.max);
		this.peak = Math.max(this.peak, this.limit);
	}

	/** Growth per round: doubling in slow start, then `step`. */
	private increase(): number {
		return this.slowStart ? this.roundSize : this.step;
	}

	private endRound(now: number): void {
		const sorted = this.roundLatencies.sort((a, b) => a - b);
		const median = sorted[sorted.length >> 1];
		this.roundLatencies = [];
		const baseline = this.baseline;
		this.roundMedians = this.roundMedians.filter((r) => now - r.at < BASELINE_WINDOW_MS);
		this.roundMedians.push({ at: now, median });
		if (baseline !== undefined && median > baseline * this.tolerance) this.decrease('latency', now);
	}

	/** Multiplicative decrease: by half when leaving slow start, by `decrease` afterwards. */
	private decrease(reason: 'rateLimited' | 'latency', now = this.timing.now()): void {
		// Within a round trip (and some) of the last decrease, answers still reflect the old limit.
		// Before any answer, a round trip is as long as it takes to get one. The run's first
		// decrease always counts (a 429 can be its first answer: -Infinity against Infinity).
		const roundTrip = this.baseline ?? this.fastest;
		if (this.history.length > 0 && now - this.lastDecreaseAt <= roundTrip * 1.5) return;
		// From what was really in flight when a 429 came (as TCP's flight size), else the limit.
		const from = reason === 'rateLimited' ? Math.min(this.current, Math.max(this.inFlight, 1)) : this.current;
		this.current = clamp(from * (this.slowStart ? SLOW_START_DECREASE : this.decreaseFactor), this.min, this.max);
		this.slowStart = false;
		this.lastDecreaseAt = now;
		this.roundLatencies = [];
		this.history.push({ at: now, limit: this.limit, reason });
	}
}

function clamp(n: number, min: number, max: number): number {
	return Math.min(max, Math.max(min, n));
}
