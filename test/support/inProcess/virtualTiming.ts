/**
 * A virtual clock for the node (its `Timing`): a wait returns at once and moves the clock forward
 * by the time asked for, and jitter comes from a seeded PRNG. Tests see every wait the node asked
 * for (`waits`), and the emulator, reading the same clock, stamps requests with virtual times:
 * "the retry came at least 7 s after the 429" holds exactly, with no real waiting and no
 * dependence on the machine's speed. Virtual time never runs slower than real time, so a wait
 * always ends at or after the moment it was asked to end.
 */
import type { Timing } from '../../../nodes/EngageLab/transport/clock';
import { mulberry32 } from '../emulator/random';

export class VirtualTiming implements Timing {
	/** Every wait the node asked for, in milliseconds, in order. */
	readonly waits: number[] = [];
	/** Runs during each wait (e.g. to bring a server back while the node backs off). */
	onWait?: (ms: number) => unknown;
	private skipped = 0;
	/** Set by pin(): the clock then starts there instead of at the real time. */
	private pinnedMs?: number;
	private rand: () => number;

	constructor(private readonly seed = 1) {
		this.rand = mulberry32(seed);
	}

	readonly now = (): number => (this.pinnedMs ?? Date.now()) + this.skipped;

	/** The clock reads `ms` from now on (plus the waits asked for after it), whatever the real date. */
	pin(ms: number): void {
		this.pinnedMs = ms;
		this.skipped = 0;
	}

	readonly sleep = async (ms: number): Promise<void> => {
		this.waits.push(ms);
		this.skipped += Math.max(0, ms);
		await this.onWait?.(ms);
		await new Promise<void>((resolve) => setImmediate(resolve));
	};

	readonly random = (): number => this.rand();

	/** Forget the waits and restart the jitter sequence (the clock keeps running forward). */
	reset(): void {
		this.waits.length = 0;
		this.onWait = undefined;
		this.rand = mulberry32(this.seed);
	}
}
