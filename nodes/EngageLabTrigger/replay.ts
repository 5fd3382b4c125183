/**
 * Remembers the callbacks accepted within the timestamp window, in the workflow's static data
 * (saved by n8n with the workflow, so shared by every n8n process and gone with the workflow;
 * nothing global). An entry lives as long as the window: after that the timestamp check alone
 * refuses the callback.
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
