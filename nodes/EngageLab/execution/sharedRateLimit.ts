/**
 * What the Concurrency Mode Auto runs of one credential in this n8n process learn together about
 * the account's rate limit. Each execution has its own controller (adaptiveConcurrency.ts) and
 * sees only its own 429s: twenty executions of one account, each backing off alone, had 14-23 %
 * of their requests answered 429 (docs/SCALING.md). EngageLab counts them together, so:
 *
 * - **The pause after a 429**: when one run pauses for a Retry-After, every run of the credential
 *   pauses until then (and its controller shrinks, as on a 429 of its own); a run that starts
 *   during the pause waits for its end too.
 * - **The rate at which 429s began**: at a 429 after a time without one, the rate of the other
 *   answers the credential's runs got before it (what EngageLab took) × CEILING_MARGIN is the
 *   credential's ceiling: from then on every attempt of its runs waits its turn at that rate,
 *   shared by all (a new run starts below it). A ceiling only comes down at a 429; it rises by its
 *   own value every GROWTH_MS without one (a later, larger allowance is found again) and is
 *   forgotten after CEILING_TTL_MS.
 * - **One slow start**: until the first 429 the runs' requests in flight together are one window
 *   (WINDOW_START, growing per answer), not one per run, so many runs starting at once do not
 *   all overshoot a limit none of them knows yet. Its first round trip grows it eightfold (to
 *   FAST_UNTIL), then it doubles, then grows by half of where it slowed per round trip: over the
 *   internet a request on a new connection takes 3 round trips, so a short run spent most of its
 *   time ramping up from 4.
 *
 * Keyed by credential identity: product (credential type), base URL and a hash of the key ID;
 * never the secret. Nothing of one key reaches another. Bounded: credentials with no run in
 * progress are remembered while their ceiling or pause holds (CEILING_TTL_MS at most),
 * MAX_REMEMBERED of them (least recently used first out); answers are counted per SLICE_MS over
 * WINDOW_MS. No timers: every time is read from the runs' Timing when they ask, and every wait
 * ends when the run is cancelled.
 */
import type { Timing } from '../transport/clock';
import type { RequestGate } from '../transport/retry';

/** The ceiling: this share of the rate EngageLab took before a 429 (below where 429s began). */
export const CEILING_MARGIN = 0.95;
/** Without a 429, the ceiling grows by its own value in this time (linearly). */
export const GROWTH_MS = 120_000;
/** A ceiling is forgotten this long after its last 429. */
export const CEILING_TTL_MS = 10 * 60_000;
/**
 * The answers of this long before a 429 give the rate EngageLab took: pauses included (its bucket
 * refills during them), and long enough that the burst a full bucket lets through after a pause
 * (a second's worth, as EngageLab's limits read) weighs little.
 */
const WINDOW_MS = 10_000;
const FIRST_WINDOW_MS = 1_000;
/** Counted in slices of this long (bounded memory, whatever the rate). */
const SLICE_MS = 100;
/** A rate is never measured over less than this (the first 429 may come within a few round trips of the first answer). */
const MIN_SPAN_MS = 1_000;
/** Fewer answers than this say nothing about the rate. */
const MIN_ANSWERS = 20;
/**
 * Before a ceiling: the window of all runs together starts here, as one run's Auto does (not 4 per
 * run: twenty runs starting at once would send 80 before any answer, into a limit they know
 * nothing of)...
 */
const WINDOW_START = 4;
/**
 * ...grows by FAST_GROWTH per answer (eightfold in a round trip) up to FAST_UNTIL: still 4 for the
 * first burst, so an account whose allowance another sender used up (every first answer a 429)
 * gets no more than before, while an account with room for it is at 16 after one round trip...
 */
const FAST_GROWTH = 7;
const FAST_UNTIL = 16;
/**
 * ...then by one per answer (doubling per round trip) up to the larger of this and
 * LIMITED_RATE's worth of round trips, then by half that per round trip (limited slow start, RFC
 * 3742): a burst of many runs overshoots the limit less. In requests per second as well as in
 * requests, because EngageLab's limits are rates: 32 in flight are 3,200 requests/s 10 ms away
 * but only 71 at 450 ms (a request over a new connection), where a limit of 200/s needs 90.
 */
const WINDOW_LIMITED_FROM = 32;
const LIMITED_RATE = 150;
/** The lowest ceiling, requests per second. */
const MIN_RATE = 1;
/** Credentials remembered at most (those with runs in progress always are). */
export const MAX_REMEMBERED = 100;

export interface SharedRunOptions {
	/** The run's gate: its pauses go to the credential's other runs, theirs to it. */
	gate: RequestGate;
	timing: Timing;
	signal?: AbortSignal;
	/** The run's controller, told of every pause of the credential. */
	controller?: { holdUntil(until: number): void; quietUntil(until: number): void; startAt?(limit: number): void };
}

/** One run's part in what its credential's runs share; `leave()` once the run ends. */
export interface SharedRun {
	/**
	 * Waits for this attempt's turn: a slot in the window of all the credential's runs while no
	 * ceiling is known, else its turn at the ceiling; ends early once the run is cancelled.
	 * Call what it returns when the attempt ends.
	 */
	turn(): Promise<() => void>;
	leave(): void;
	/** For the debug summary: the runs of this credential now, and the ceiling (requests/s; 0: none). */
	summary(): { sharedWithRuns: number; sharedCeilingPerSecond: number };
}

interface Member {
	gate: RequestGate;
	timing: Timing;
	signal?: AbortSignal;
	controller?: SharedRunOptions['controller'];
}

const nothing = () => undefined;

class Account {
	readonly members = new Set<Member>();
	pausedUntil = -Infinity;
	ceiling?: { rate: number; at: number };
	/** The other answers per slice of SLICE_MS, the last WINDOW_MS of them (slice index → count). */
	private readonly slices = new Map<number, number>();
	private firstAnswerAt?: number;
	/** The next free turn at the ceiling. */
	private nextTurn = -Infinity;
	/** Set while a pause is handed to the members' gates (their onHold comes back here). */
	private handing = false;
	/** Before a ceiling: the requests of all runs in flight at most (one slow start); how many are (always counted); who waits. */
	private window = WINDOW_START;
	/** The window was halved at a 429 (too early to tell a rate): it grows by one per round trip, no longer per answer. */
	private avoiding = false;
	/** The shortest attempt of the credential's runs (ms): a round trip, for LIMITED_RATE. */
	private roundTrip = Infinity;
	private inFlight = 0;
	private readonly waiting: Array<{ member: Member; go: (slot: boolean) => void }> = [];

	/** The ceiling now (requests per second), grown since its 429; undefined when none or forgotten. */
	rate(now: number): number | undefined {
		if (!this.ceiling) return undefined;
		const age = Math.max(0, now - this.ceiling.at);
		if (age >= CEILING_TTL_MS) {
			// Forgotten: the window takes over from what is in flight (a run in full swing goes on as it was).
			this.ceiling = undefined;
			this.window = Math.max(WINDOW_START, this.inFlight);
			return undefined;
		}
		return this.ceiling.rate * (1 + age / GROWTH_MS);
	}

	answered(now: number): void {
		if (this.rate(now) === undefined) this.window += this.growth();
		this.firstAnswerAt ??= now;
		const slice = Math.floor(now / SLICE_MS);
		const count = this.slices.get(slice);
		if (count !== undefined) return void this.slices.set(slice, count + 1);
		this.slices.set(slice, 1);
		for (const old of this.slices.keys()) if (old <= slice - WINDOW_MS / SLICE_MS) this.slices.delete(old);
	}

	/** Before a ceiling: the window's growth per answer. */
	private growth(): number {
		if (this.avoiding) return 1 / this.window;
		if (this.window < FAST_UNTIL) return FAST_GROWTH;
		const limitedFrom = Math.max(WINDOW_LIMITED_FROM, Number.isFinite(this.roundTrip) ? (LIMITED_RATE * this.roundTrip) / 1000 : 0);
		return this.window < limitedFrom ? 1 : limitedFrom / 2 / this.window;
	}

	/** Whether the credential's runs are still in their first slow start (no ceiling, no early 429): a joining run's controller may start at the window's fast size. */
	freshStart(now: number): boolean {
		return this.rate(now) === undefined && !this.avoiding;
	}

	/** A member's gate pauses until `until` (a 429). */
	paused(until: number, from: Member, now: number): void {
		// A 429 during a pause answers a request sent before it: the same sign, already shared (the
		// run's own gate still holds its own retries back as long as they ask).
		if (this.handing || now < this.pausedUntil) return;
		this.learn(now);
		this.pausedUntil = until;
		this.handing = true;
		try {
			for (const member of this.members) if (member !== from) member.gate.holdUntilTime(until);
		} finally {
			this.handing = false;
		}
	}

	/** A run joins while a pause holds: it waits too, and its controller takes the wait as no latency. */
	joinPause(member: Member, now: number): void {
		if (this.pausedUntil <= now) return;
		member.controller?.quietUntil(this.pausedUntil);
		this.handing = true;
		try {
			member.gate.holdUntilTime(this.pausedUntil);
		} finally {
			this.handing = false;
		}
	}

	async turn(member: Member): Promise<() => void> {
		const { timing, signal } = member;
		if (!(await this.slot(member))) return nothing;
		let held = true;
		const done = () => {
			if (!held) return;
			held = false;
			this.inFlight--;
			this.drain(timing.now());
		};
		await this.paced(timing, signal);
		const sentAt = timing.now();
		return () => {
			if (held) this.roundTrip = Math.min(this.roundTrip, timing.now() - sentAt);
			done();
		};
	}

	/** A member's run was cancelled: its requests stop waiting for the window. */
	cancelled(member: Member): void {
		for (let i = this.waiting.length - 1; i >= 0; i--) if (this.waiting[i].member === member) this.waiting.splice(i, 1)[0].go(false);
	}

	/** A place in flight: at once while a ceiling paces the runs, else within the window. */
	private async slot(member: Member): Promise<boolean> {
		if (member.signal?.aborted) return false;
		if (this.waiting.length === 0 && (this.rate(member.timing.now()) !== undefined || this.inFlight < this.window)) {
			this.inFlight++;
			return true;
		}
		return await new Promise<boolean>((go) => this.waiting.push({ member, go }));
	}

	/** Hands free window slots out in order; once a ceiling is known, every waiting request goes (to its turn at the ceiling). */
	private drain(now: number): void {
		const open = this.rate(now) !== undefined;
		while (this.waiting.length > 0 && (open || this.inFlight < this.window)) {
			this.inFlight++;
			this.waiting.shift()!.go(true);
		}
	}

	private async paced(timing: Timing, signal?: AbortSignal): Promise<void> {
		for (;;) {
			const now = timing.now();
			const rate = this.rate(now);
			if (rate === undefined) return;
			const at = Math.max(now, this.nextTurn, this.pausedUntil);
			this.nextTurn = at + 1000 / rate;
			if (at <= now) return;
			await timing.sleep(at - now, signal);
			// A pause that began during the wait: a new turn after it, not a burst at its end.
			if (signal?.aborted || this.pausedUntil <= timing.now()) return;
		}
	}

	/** The rate EngageLab took lately sets the ceiling, never above the one there is. */
	private learn(now: number): void {
		const current = this.rate(now);
		// The first 429 ends a ramp (one slow start): the last second says more than the ramp's start.
		// Not before the last 429 either: what came before it was sent at another rate.
		const since = Math.max(now - (current === undefined ? FIRST_WINDOW_MS : WINDOW_MS), this.firstAnswerAt ?? now, this.ceiling?.at ?? -Infinity);
		// Whole slices only, unless the window reaches back to the first answer (then every one counts).
		const whole = since > (this.firstAnswerAt ?? now);
		const first = whole ? Math.ceil(since / SLICE_MS) : -Infinity;
		let taken = 0;
		for (const [slice, count] of this.slices) if (slice >= first) taken += count;
		const measured = taken >= MIN_ANSWERS ? (taken * 1000) / Math.max(MIN_SPAN_MS, now - (whole ? first * SLICE_MS : since)) : undefined;
		// Too few answers to tell a rate: before any ceiling, the shared slow start ends as TCP's does, halved.
		if (measured === undefined && current === undefined) {
			this.window = Math.max(WINDOW_START, Math.min(this.window, this.inFlight) / 2);
			this.avoiding = true; // then one more per round trip, as TCP after a loss
		}
		const base = measured === undefined ? current : Math.min(measured, current ?? Infinity);
		if (base === undefined) return;
		this.ceiling = { rate: Math.max(MIN_RATE, base * CEILING_MARGIN), at: now };
		if (current === undefined) this.drain(now); // the window gives way to the ceiling
	}
}

/** The shared learning of this process, by credential. */
export class SharedRateLimits {
	/** Insertion order is use order: the first idle entry is the least recently used. */
	private readonly accounts = new Map<string, Account>();

	join(key: string, { gate, timing, signal, controller }: SharedRunOptions): SharedRun {
		const now = timing.now();
		let account = this.accounts.get(key);
		this.accounts.delete(key);
		if (!account || (account.members.size === 0 && account.rate(now) === undefined && account.pausedUntil <= now)) account = new Account();
		this.accounts.set(key, account);
		const member: Member = { gate, timing, signal, controller };
		// A pause under way holds this run too, before its hooks are set: its controller only takes the wait as no latency.
		gate.onHold = undefined;
		account.joinPause(member, now);
		const cancelled = () => account.cancelled(member);
		signal?.addEventListener('abort', cancelled, { once: true });
		gate.onHold = (until) => {
			controller?.holdUntil(until);
			account.paused(until, member, timing.now());
		};
		gate.onAnswer = (rateLimited) => {
			if (!rateLimited) account.answered(timing.now());
		};
		account.members.add(member);
		// The shared window holds the start back now; the run's own slow start from 4 would only hold it back more.
		if (account.freshStart(now)) controller?.startAt?.(FAST_UNTIL);
		this.evict(now);
		return {
			turn: async () => await account.turn(member),
			leave: () => {
				account.members.delete(member);
				signal?.removeEventListener('abort', cancelled);
				gate.onHold = undefined;
				gate.onAnswer = undefined;
			},
			summary: () => {
				const rate = account.rate(timing.now());
				return { sharedWithRuns: account.members.size, sharedCeilingPerSecond: rate === undefined ? 0 : Math.round(rate * 10) / 10 };
			},
		};
	}

	/** Credentials remembered now (runs in progress or a ceiling or pause not yet expired). */
	size(): number {
		return this.accounts.size;
	}

	/** Forget everything (tests). */
	reset(): void {
		this.accounts.clear();
	}

	/** Idle entries with nothing left to share go; then the least recently used idle ones beyond MAX_REMEMBERED. */
	private evict(now: number): void {
		let over = this.accounts.size - MAX_REMEMBERED;
		for (const [key, account] of this.accounts) {
			if (account.members.size > 0) continue;
			if (over > 0 || (account.rate(now) === undefined && account.pausedUntil <= now)) {
				this.accounts.delete(key);
				over--;
			}
		}
	}
}

/** This process's one store: the runs of a credential share it, whichever workflow they are in. */
export const sharedRateLimits = new SharedRateLimits();

/** Which runs share: the product's credential type, the host, and a hash of the key ID (no secret, not even the key in clear). */
export function credentialKey(credentialType: string, baseUrl: string, keyId: unknown): string {
	return `${credentialType} ${baseUrl} ${hash(typeof keyId === 'string' ? keyId : JSON.stringify(keyId ?? ''))}`;
}

/** 64 bits of FNV-1a (two 32-bit passes): only for telling keys apart in memory. */
function hash(text: string): string {
	let a = 0x811c9dc5;
	let b = 0x01000193 ^ 0x5bd1e995;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		a = Math.imul(a ^ c, 0x01000193);
		b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
	}
	return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
