/**
 * What the trigger remembers for a while, in this n8n process's memory: the signatures it
 * accepted (to refuse a replay) and, from version 3, the rows it delivered (to drop EngageLab's
 * repeated deliveries). An entry lives until its expiry; after that the timestamp check alone
 * refuses a replayed signature.
 *
 * Each trigger (workflow + node + purpose) has its own partition with its own quota, so a flood of
 * callbacks to one trigger pushes out only that trigger's oldest entries. Every partition keeps
 * its keys in insertion order (a queue): expiry and eviction take from the front, so an insert
 * costs O(1) amortised, never a scan. Expiries are nearly in insertion order (a timestamp plus a
 * fixed window); an entry that expires behind a later one waits at most until that one goes, and
 * a look-up checks the expiry anyway.
 *
 * Not in the workflow's static data: n8n rewrites the whole workflow row to save it, once per
 * accepted callback, and under 100 callbacks at once that made n8n 2.41.1 on SQLite answer some
 * with 503 "Database is not ready"; 2.41.1 with workflow publication does not even hand the saved
 * data back to the next webhook call. The cost: with several webhook processes (queue mode), a
 * replay reaching another process within the window is not recognised.
 */

/** Entries one partition keeps: past it, that partition's oldest go first. */
export const MAX_PER_PARTITION = 50_000;

/** Entries kept across all partitions: past it, the least recently used partition loses its oldest. */
export const MAX_ENTRIES = 200_000;

class Partition {
	readonly expiries = new Map<string, number>();
	/** Keys with the expiry they were stored with, oldest first; `head` is the front. */
	private keys: string[] = [];
	private until: number[] = [];
	private head = 0;

	get queued(): number {
		return this.keys.length - this.head;
	}

	push(key: string, expiresAtMs: number): void {
		this.expiries.set(key, expiresAtMs);
		this.keys.push(key);
		this.until.push(expiresAtMs);
	}

	/** Removes the front entry (the map entry too, unless the key was stored again since). Counts as one visit. */
	shift(): void {
		const key = this.keys[this.head];
		if (this.expiries.get(key) === this.until[this.head]) this.expiries.delete(key);
		this.head++;
		// Drop the consumed front once it is half the array: each element is copied at most once.
		if (this.head > 1024 && this.head * 2 > this.keys.length) {
			this.keys = this.keys.slice(this.head);
			this.until = this.until.slice(this.head);
			this.head = 0;
		}
	}

	frontExpired(nowMs: number): boolean {
		return this.queued > 0 && this.until[this.head] <= nowMs;
	}
}

export class ExpiringKeys {
	private readonly partitions = new Map<string, Partition>();
	private total = 0;
	/** Queue entries removed so far: what inserts cost, for tests (each insert adds one, so removals ≤ inserts). */
	removals = 0;

	constructor(
		readonly perPartition = MAX_PER_PARTITION,
		readonly maxEntries = MAX_ENTRIES,
	) {}

	get size(): number {
		return this.total;
	}

	/**
	 * true if `key` is remembered in `partition` and has not expired; otherwise remembers it until
	 * `expiresAtMs` and returns false.
	 */
	seenOrRemember(partitionName: string, key: string, nowMs: number, expiresAtMs: number): boolean {
		const partition = this.use(partitionName);
		this.expire(partition, nowMs);
		const until = partition.expiries.get(key);
		if (until !== undefined && until > nowMs) return true;
		partition.push(key, expiresAtMs);
		this.total++;
		while (partition.queued > this.perPartition) this.shiftFrom(partition);
		this.sweepIdle(nowMs);
		while (this.total > this.maxEntries) {
			const [name, oldest] = this.leastRecentlyUsed()!;
			this.shiftFrom(oldest);
			if (oldest.queued === 0) this.partitions.delete(name);
		}
		return false;
	}

	/** The partition, moved to the most recently used end (Map keeps insertion order). */
	private use(name: string): Partition {
		let partition = this.partitions.get(name);
		if (partition) this.partitions.delete(name);
		else partition = new Partition();
		this.partitions.set(name, partition);
		return partition;
	}

	private leastRecentlyUsed(): [string, Partition] | undefined {
		return this.partitions.entries().next().value;
	}

	private shiftFrom(partition: Partition): void {
		partition.shift();
		this.total--;
		this.removals++;
	}

	private expire(partition: Partition, nowMs: number): void {
		while (partition.frontExpired(nowMs)) this.shiftFrom(partition);
	}

	/** The least recently used partition loses what has expired, so idle triggers do not hold memory. */
	private sweepIdle(nowMs: number): void {
		const first = this.leastRecentlyUsed();
		if (!first) return;
		this.expire(first[1], nowMs);
		if (first[1].queued === 0) this.partitions.delete(first[0]);
	}
}

/** The one memory of this process, shared by every EngageLab Trigger in it. */
export const recentlySeen = new ExpiringKeys();
