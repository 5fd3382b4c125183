/**
 * Get Statistics (docs/push/decisions.md D5, D17): message IDs kept as digit strings, repeats
 * removed, at most 100 per request, joined with a literal ",", and one output per asked ID.
 */
import { PUSH_LIMITS } from '../../../products/push/limits';
import type { PushProduct } from '../../../products/push/hosts';
import { type Built, type JsonObject, problem } from './built';
import { messageId } from './ids';

/** The documented path first; the other one once on a 404 without a code (D17). */
export const STATS_PATHS: Readonly<Record<PushProduct, readonly [string, string]>> = {
	appPush: ['/v4/status/detail', '/v4/messages/details'],
	webPush: ['/v4/messages/details', '/v4/status/detail'],
};

/** IDs from a parameter (list or comma text) or upstream values; each must be digits (D5). */
export function statsIds(values: readonly unknown[]): Built<string[]> {
	const out = new Set<string>();
	for (const value of values) {
		const parts = typeof value === 'string' ? value.split(/[,\s]+/).filter(Boolean) : [value];
		for (const part of parts) {
			const id = messageId(part);
			if ('problem' in id) return id;
			out.add(id.ok);
		}
	}
	if (out.size === 0) return problem('No message ID given');
	return { ok: [...out] };
}

export function chunkIds(ids: readonly string[], size: number = PUSH_LIMITS.statsMessageIds): string[][] {
	const chunks: string[][] = [];
	for (let i = 0; i < ids.length; i += size) chunks.push(ids.slice(i, i + size));
	return chunks;
}

/** The query string, with the docs' literal comma (digits need no encoding). */
export function statsQuery(chunk: readonly string[]): string {
	return `message_ids=${chunk.join(',')}`;
}

/** A refused chunk is asked again in halves until the refused IDs stand alone (D17). */
export function bisect(chunk: readonly string[]): [string[], string[]] {
	const half = Math.ceil(chunk.length / 2);
	return [chunk.slice(0, half), chunk.slice(half)];
}

/** One output per asked ID, in order; an ID the answer does not hold is `found: false`. */
export function statsItems(chunk: readonly string[], answer: unknown): Built<JsonObject[]> {
	if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) {
		return problem('EngageLab\'s statistics answer is not an object keyed by message ID');
	}
	const byId = answer as JsonObject;
	return {
		ok: chunk.map((id) => {
			const stats = byId[id];
			return stats !== null && typeof stats === 'object' && !Array.isArray(stats)
				? { message_id: id, found: true, ...(stats as JsonObject) }
				: { message_id: id, found: false };
		}),
	};
}
