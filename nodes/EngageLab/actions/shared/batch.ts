/**
 * Groups input items into requests that carry several of them (Get EUID, Report events).
 *
 * Items are read in input order; each joins the open batch of its group (identity type, app key)
 * while it fits; a batch becomes a Job as soon as an item does not fit, so work stays lazy. An item refused
 * before sending becomes an ItemFailure. Without continue on fail, the open batches are sent
 * before such a failure, so every item before the failing one is sent, as one at a time would.
 */
import type { Work } from '../../execution/work';

export interface Batching<E> {
	itemCount: number;
	continueOnFail: boolean;
	/** The item's group and entry; throws when the item is refused. */
	read(itemIndex: number): { group: string; entry: E };
	/** Whether `entry` may join a batch that holds `entries` already (never called on an empty batch). */
	fits(entries: E[], entry: E): boolean;
	/** The batch's request (a Job), or one that waits for lookups first. */
	toJob(group: string, items: number[], entries: E[]): Work;
}

interface Open<E> {
	items: number[];
	entries: E[];
}

export function* batchWork<E>(b: Batching<E>): Generator<Work> {
	const open = new Map<string, Open<E>>();
	const flushAll = function* (): Generator<Work> {
		const batches = [...open.entries()].sort(([, x], [, y]) => x.items[0] - y.items[0]);
		open.clear();
		for (const [group, batch] of batches) yield b.toJob(group, batch.items, batch.entries);
	};
	for (let itemIndex = 0; itemIndex < b.itemCount; itemIndex++) {
		let read: { group: string; entry: E };
		try {
			read = b.read(itemIndex);
		} catch (error) {
			if (!b.continueOnFail) yield* flushAll();
			yield { item: itemIndex, error };
			continue;
		}
		const batch = open.get(read.group);
		if (batch && !b.fits(batch.entries, read.entry)) {
			open.delete(read.group);
			yield b.toJob(read.group, batch.items, batch.entries);
		}
		const target = open.get(read.group) ?? { items: [], entries: [] };
		target.items.push(itemIndex);
		target.entries.push(read.entry);
		open.set(read.group, target);
	}
	yield* flushAll();
}
