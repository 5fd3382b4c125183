/**
 * Remembers the callbacks accepted within the timestamp window, in this n8n process's memory:
 * bounded (MAX_IN_PROCESS entries across all workflows) and pruned by expiry, so it cannot grow.
 * An entry lives as long as the window; after that the timestamp check alone refuses the callback.
 *
 * Not in the workflow's static data: n8n rewrites the whole workflow row to save it, once per
 * accepted callback, and under 100 callbacks at once that made n8n 2.41.1 on SQLite answer some
 * with 503 "Database is not ready"; 2.41.1 with workflow publication does not even hand the saved
 * data back to the next webhook call. The cost: with several webhook processes (queue mode), a
 * replay reaching another process within the window is not recognised.
 */

/** Entries kept, across all workflows; the oldest go first. */
export const MAX_IN_PROCESS = 50_000;

const recent = new Map<string, number>();

/**
 * true if `key` (which must name the workflow and node) was accepted and has not expired;
 * otherwise records it until `expiresAtMs` and returns false.
 */
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
