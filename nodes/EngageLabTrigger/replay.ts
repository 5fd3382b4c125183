/**
 * Remembers the callbacks accepted within the timestamp window, in two places:
 * - the workflow's static data (saved by n8n with the workflow, so shared by every n8n process
 *   and gone with the workflow), where n8n loads it for webhooks (2.8 does; 2.41 with workflow
 *   publication does not hand it back to the next request);
 * - this process's memory, bounded (MAX_IN_PROCESS entries) and pruned by expiry, so it cannot
 *   grow: it catches replays reaching the same n8n process whatever n8n does with static data.
 * An entry lives as long as the window: after that the timestamp check alone refuses the callback.
 */
import type { IDataObject } from 'n8n-workflow';

/** Entries kept at most; the oldest go first. Bounds the workflow's stored size (about 40 bytes each). */
export const MAX_REMEMBERED = 5_000;

interface Store extends IDataObject {
	seen?: IDataObject;
}

/**
 * true if `key` was seen and has not expired; otherwise records it until `expiresAtMs` and returns
 * false. Prunes expired entries on the way.
 */
export function seenBefore(store: Store, key: string, nowMs: number, expiresAtMs: number): boolean {
	const seen = (store.seen && typeof store.seen === 'object' ? store.seen : {}) as Record<string, number>;
	for (const [k, until] of Object.entries(seen)) {
		if (typeof until !== 'number' || until <= nowMs) delete seen[k];
	}
	const until = seen[key];
	if (typeof until === 'number' && until > nowMs) return true;
	seen[key] = expiresAtMs;
	const keys = Object.keys(seen);
	if (keys.length > MAX_REMEMBERED) {
		keys.sort((a, b) => seen[a] - seen[b]);
		for (const k of keys.slice(0, keys.length - MAX_REMEMBERED)) delete seen[k];
	}
	store.seen = seen;
	return false;
}

/** Entries kept in this process's memory, across all workflows; the oldest go first. */
export const MAX_IN_PROCESS = 50_000;

const recent = new Map<string, number>();

/** As seenBefore, in this process's memory; `key` must include the workflow and node. */
export function seenRecently(key: string, nowMs: number, expiresAtMs: number): boolean {
	const until = recent.get(key);
	if (until !== undefined && until > nowMs) return true;
	if (until !== undefined) recent.delete(key);
	recent.set(key, expiresAtMs);
	if (recent.size > MAX_IN_PROCESS) {
		for (const [k, v] of recent) {
			if (v <= nowMs) recent.delete(k);
		}
		// Still full of live entries: drop the oldest inserted (Map keeps insertion order).
		for (const k of recent.keys()) {
			if (recent.size <= MAX_IN_PROCESS) break;
			recent.delete(k);
		}
	}
	return false;
}
