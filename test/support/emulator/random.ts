/**
 * Seeded randomness for tests and the emulator: the same seed gives the same numbers on every
 * machine and every run, so injected faults and jitter are reproducible.
 */

/** mulberry32: a tiny 32-bit PRNG, uniform in [0, 1). */
export function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A 32-bit hash of the parts (FNV-1a), to seed one PRNG per (seed, key, attempt). */
export function hashSeed(...parts: Array<string | number>): number {
	let h = 0x811c9dc5;
	for (const c of parts.join('\u0000')) {
		h ^= c.charCodeAt(0);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}
