/**
 * Send Batch (docs/push/decisions.md D7, D15): entries of one target each, split into requests
 * of at most 500 (or the limiter's per-second allowance) with each target once per request, and
 * EngageLab's per-target results mapped back to the entries. A request of n targets costs n
 * requests of the account's quota.
 */
import { PUSH_LIMITS } from '../../../products/push/limits';
import { type Built, type JsonObject, problem } from './built';
import { answeredId } from './ids';
import type { PushPlatform } from './notification';

export type BatchTargetType = 'regid' | 'alias';

export const BATCH_PATHS: Readonly<Record<BatchTargetType, string>> = {
	regid: '/v4/batch/push/regid',
	alias: '/v4/batch/push/alias',
};

export interface BatchEntry {
	/** The input item the entry came from (its output's pairedItem). */
	itemIndex: number;
	target: string;
	cid?: string;
	/** The request entry as sent: {target, platform, notification|message, options, custom_args}. */
	request: JsonObject;
}

export interface BatchEntryParts {
	target: string;
	platform: PushPlatform;
	notification?: JsonObject;
	message?: JsonObject;
	options?: JsonObject;
	cid?: string;
	customArgs?: Record<string, string>;
}

/** A batch entry's platform is one string (the D-batch example): one platform or "all". */
export function batchPlatform(platform: PushPlatform): Built<string> {
	if (typeof platform === 'string') return { ok: platform };
	if (platform.length === 1) return { ok: platform[0] };
	return problem('Send Batch takes one platform or All', `Got ${platform.join(', ')}.`);
}

export function buildBatchEntry(itemIndex: number, parts: BatchEntryParts): Built<BatchEntry> {
	if (parts.target.trim() === '') return problem('A batch target is empty');
	if (!!parts.notification === !!parts.message) {
		return problem('Send a notification or a custom message, not both', 'Each target gets exactly one.');
	}
	const platform = batchPlatform(parts.platform);
	if ('problem' in platform) return platform;
	const request: JsonObject = { target: parts.target.trim(), platform: platform.ok };
	if (parts.notification) request.notification = parts.notification;
	if (parts.message) request.message = parts.message;
	const options: JsonObject = { ...(parts.options ?? {}) };
	if (parts.cid !== undefined) options.cid = parts.cid;
	if (Object.keys(options).length > 0) request.options = options;
	if (parts.customArgs) request.custom_args = parts.customArgs;
	return { ok: { itemIndex, target: parts.target.trim(), cid: parts.cid, request } };
}

/**
 * Requests of at most `max` entries (≤ 500), each target once per request: a target already in a
 * request goes to the next one (two messages to one device are legitimate, but results are keyed
 * by target). Entry order is kept within and across requests.
 */
export function chunkBatch(entries: readonly BatchEntry[], max: number = PUSH_LIMITS.batchTargets): BatchEntry[][] {
	const size = Math.max(1, Math.min(Math.floor(max), PUSH_LIMITS.batchTargets));
	const chunks: Array<{ entries: BatchEntry[]; targets: Set<string> }> = [];
	let firstOpen = 0;
	for (const entry of entries) {
		let i = firstOpen;
		while (i < chunks.length && (chunks[i].entries.length >= size || chunks[i].targets.has(entry.target))) i++;
		if (i === chunks.length) chunks.push({ entries: [], targets: new Set() });
		chunks[i].entries.push(entry);
		chunks[i].targets.add(entry.target);
		while (firstOpen < chunks.length && chunks[firstOpen].entries.length >= size) firstOpen++;
	}
	return chunks.map((c) => c.entries);
}

/**
 * The next request's entries, taken off the front of `pending` (which keeps the rest, in order):
 * up to `max` (≤ 500), each target once; a repeated target waits for a later request. Used
 * instead of chunkBatch when entries come back (a target's 23008, a missing result).
 */
export function takeChunk<T extends { entry: BatchEntry }>(pending: T[], max: number = PUSH_LIMITS.batchTargets): T[] {
	const size = Math.max(1, Math.min(Math.floor(max), PUSH_LIMITS.batchTargets));
	const chunk: T[] = [];
	const skipped: T[] = [];
	const targets = new Set<string>();
	let i = 0;
	for (; i < pending.length && chunk.length < size; i++) {
		const p = pending[i];
		if (targets.has(p.entry.target)) skipped.push(p);
		else {
			chunk.push(p);
			targets.add(p.entry.target);
		}
	}
	const rest = skipped.concat(pending.slice(i));
	pending.length = 0;
	for (const p of rest) pending.push(p);
	return chunk;
}

export function batchRequestBody(chunk: readonly BatchEntry[]): JsonObject {
	return { requests: chunk.map((e) => e.request) };
}

export type BatchOutcome =
	| { kind: 'sent'; msgId: string }
	| { kind: 'failed'; code: number | undefined; message: string }
	/** 23008 for this target: not applied, re-queued after the pause (D7). */
	| { kind: 'rateLimited'; message: string }
	/** Absent from the results: ambiguous, re-sent only with its cid (D8). */
	| { kind: 'missing' };

export interface BatchAnswer {
	/** One per entry of the chunk, in the chunk's order. */
	outcomes: BatchOutcome[];
	rateLimitOccurred: boolean;
	rateLimitMessage?: string;
}

function isObject(value: unknown): value is JsonObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function outcomeOf(result: JsonObject): BatchOutcome {
	const msgId = answeredId(result.msg_id);
	if (result.success === true && msgId !== undefined) return { kind: 'sent', msgId };
	const error = isObject(result.error) ? result.error : result;
	const code = typeof error.code === 'number' ? error.code : typeof error.code === 'string' && /^\d+$/.test(error.code) ? Number(error.code) : undefined;
	const message = typeof error.message === 'string' ? error.message : '';
	if (code === 23008) return { kind: 'rateLimited', message };
	if (result.success === true) return { kind: 'failed', code: undefined, message: 'EngageLab reported success without a message ID' };
	return { kind: 'failed', code, message };
}

/**
 * EngageLab's batch answer (HTTP 200, even with failed targets): `results` keyed by target, or
 * (read, never seen) an array of the same objects; matched by key, then by the inner `target`.
 */
export function readBatchAnswer(chunk: readonly BatchEntry[], answer: unknown): Built<BatchAnswer> {
	if (!isObject(answer) || !(isObject(answer.results) || Array.isArray(answer.results))) {
		return problem('EngageLab\'s batch answer has no results', 'Check the credential\'s host: this is not a batch push answer.');
	}
	const byTarget = new Map<string, JsonObject>();
	const list: unknown[] = Array.isArray(answer.results) ? answer.results : Object.values(answer.results);
	for (const r of list) if (isObject(r) && typeof r.target === 'string') byTarget.set(r.target, r);
	if (isObject(answer.results) && !Array.isArray(answer.results)) {
		for (const [key, r] of Object.entries(answer.results)) if (isObject(r)) byTarget.set(key, r);
	}
	const info = isObject(answer.rate_limit_info) ? answer.rate_limit_info : undefined;
	const outcomes = chunk.map((entry): BatchOutcome => {
		const result = byTarget.get(entry.target);
		return result ? outcomeOf(result) : { kind: 'missing' };
	});
	return {
		ok: {
			outcomes,
			rateLimitOccurred: info?.rate_limit_occurred === true || outcomes.some((o) => o.kind === 'rateLimited'),
			...(typeof info?.message === 'string' && { rateLimitMessage: info.message }),
		},
	};
}
