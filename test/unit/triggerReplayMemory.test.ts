/**
 * The trigger's memory of accepted signatures and delivered rows: expiry, bounds, and that a
 * flood of one trigger neither costs a scan per insert nor pushes out another trigger's entries.
 */
import { ExpiringKeys, MAX_ENTRIES, MAX_PER_PARTITION } from '../../nodes/EngageLabTrigger/replay';

describe('replay memory', () => {
	it('refuses a key within its lifetime and forgets it afterwards', () => {
		const memory = new ExpiringKeys();
		expect(memory.seenOrRemember('wf:n', 'a', 1000, 5000)).toBe(false);
		expect(memory.seenOrRemember('wf:n', 'a', 4000, 9000)).toBe(true);
		expect(memory.seenOrRemember('wf:n', 'a', 5000, 9000)).toBe(false);
		expect(memory.seenOrRemember('wf:n', 'a', 8999, 9000)).toBe(true);
		// Another trigger's memory is its own.
		expect(memory.seenOrRemember('wf:other', 'a', 6000, 9000)).toBe(false);
	});

	it("200,000 keys flooding one trigger: each insert costs O(1) amortised, memory stays bounded, another trigger's entries survive", () => {
		const memory = new ExpiringKeys();
		const now = 1_000_000;
		// Another workflow's trigger accepted a callback a moment ago; its window is still open.
		expect(memory.seenOrRemember('wf-quiet:node', 'genuine', now, now + 300_000)).toBe(false);

		const flood = 200_000;
		for (let i = 0; i < flood; i++) memory.seenOrRemember('wf-flood:node', `k${i}`, now + i, now + 300_000 + i);

		// Removed entries are counted: never more than were inserted (no scan of the map per insert).
		expect(memory.removals).toBeLessThanOrEqual(flood);
		expect(memory.size).toBeLessThanOrEqual(Math.min(MAX_ENTRIES, MAX_PER_PARTITION + 1));
		// The quiet trigger still recognises its replay; the flood pushed out only its own oldest.
		expect(memory.seenOrRemember('wf-quiet:node', 'genuine', now + flood, now + 300_000)).toBe(true);
		expect(memory.seenOrRemember('wf-flood:node', `k${flood - 1}`, now + flood, now + 600_000)).toBe(true);
		expect(memory.seenOrRemember('wf-flood:node', 'k0', now + flood, now + 600_000)).toBe(false);
	});

	it('expired entries leave without being looked up, also those of an idle trigger', () => {
		const memory = new ExpiringKeys();
		for (let i = 0; i < 1000; i++) memory.seenOrRemember('idle:node', `k${i}`, 0, 10_000);
		for (let i = 0; i < 1000; i++) memory.seenOrRemember('busy:node', `k${i}`, 20_000 + i, 30_000 + i);
		expect(memory.size).toBe(1000);
	});

	it('past the total bound, the least recently used trigger gives up its oldest first', () => {
		const memory = new ExpiringKeys(10, 25);
		for (let i = 0; i < 10; i++) memory.seenOrRemember('a', `a${i}`, 0, 1e9);
		for (let i = 0; i < 10; i++) memory.seenOrRemember('b', `b${i}`, 0, 1e9);
		for (let i = 0; i < 10; i++) memory.seenOrRemember('c', `c${i}`, 0, 1e9);
		expect(memory.size).toBe(25);
		expect(memory.seenOrRemember('a', 'a9', 0, 1e9)).toBe(true);
		expect(memory.seenOrRemember('a', 'a0', 0, 1e9)).toBe(false);
		expect(memory.seenOrRemember('c', 'c0', 0, 1e9)).toBe(true);
	});
});
