/**
 * App Push → Send Batch and Web Push → Send Batch (`POST /v4/batch/push/regid|alias`;
 * docs/push/guide.md, decisions D7, D8, D15, D35): each item names one or more targets, each
 * target gets the item's content as its own entry with its own cid, at most 500 entries per
 * request (each target once), and each target's result becomes its own output item.
 *
 * A request of n entries costs n of the account's 500 requests per second: the run's pacing
 * (Max Requests Per Second) charges n, and without one the batches are paced to the account's
 * default limit. Targets EngageLab rate-limited (23008) are sent again after the node-wide pause;
 * a target missing from the answer only when it carried a cid (D8).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject as N8nJson } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { AUTO_RATE_LIMIT_RETRIES } from '../../execution/scheduler';
import type { FanOutJob, Work } from '../../execution/work';
import { pushErrorInfo } from '../../products/push/errorTable';
import type { PushProduct } from '../../products/push/hosts';
import { PUSH_LIMITS, TAG_ALIAS_PATTERN, utf8Bytes } from '../../products/push/limits';
import { notSentCancelled } from '../../transport/cancelled';
import type { EngageLabResponse, RequestCall } from '../../transport/request';
import { RequestGate } from '../../transport/retry';
import type { Operation, WorkContext } from '../types';
import { buildContent } from './pushContent';
import { builtOrRefuse, cidSeed } from './pushItem';
import {
	BATCH_PATHS,
	batchRequestBody,
	buildBatchEntry,
	readBatchAnswer,
	takeChunk,
	type BatchEntry,
	type BatchTargetType,
} from './shared/batch';
import { listOf, problem, type Built } from './shared/built';
import { mayRepeatAmbiguous, stableCid } from './shared/cid';
import { checkContentSize } from './shared/pushBody';
import { sendBatchContentFields } from './sendFields';

const TITLES: Readonly<Record<PushProduct, string>> = { appPush: 'EngageLab App Push', webPush: 'EngageLab Web Push' };

const NOT_REPEATED =
	'Duplicate Protection is off, so these targets carried no cid: EngageLab may have pushed them before the answer was lost, and a second request could push them twice, so the node did not send them again. Check the push history in the EngageLab console before running these items again.';

/** The node-wide pause after a rate limit without Retry-After: the quota is per second (D7). */
const RATE_LIMIT_PAUSE_MS = 1_000;

type Show = { resource: string[]; operation: string[] };

function targetFields(show: Show): INodeProperties[] {
	return [
		{
			displayName: 'Target Type',
			name: 'targetType',
			type: 'options',
			options: [
				{ name: 'Registration ID', value: 'regid', description: 'Each target is a device\'s registration ID' },
				{ name: 'Alias', value: 'alias', description: 'Each target is an alias set on devices' },
			],
			default: 'regid',
			description: 'What the targets are (/v4/batch/push/regid or /v4/batch/push/alias)',
			displayOptions: { show },
		},
		{
			displayName: 'Target',
			name: 'target',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. {{ $json.registrationId }}',
			description: 'The registration ID or alias this item\'s push goes to; separate several with commas (each gets this item\'s content and its own result)',
			displayOptions: { show },
		},
	];
}

function checkTarget(type: BatchTargetType, target: string): Built<string> {
	if (type === 'alias' && (utf8Bytes(target) > PUSH_LIMITS.aliasBytes || !TAG_ALIAS_PATTERN.test(target))) {
		return problem(
			`Alias "${target.length > 60 ? `${target.slice(0, 60)}…` : target}" is not a valid EngageLab alias`,
			`An alias is at most ${PUSH_LIMITS.aliasBytes} bytes (UTF-8) of letters, digits, _ and @!#$&*+=.|`,
		);
	}
	if (type === 'regid' && /[\s,]/.test(target)) return problem(`Registration ID "${target.slice(0, 60)}" contains white space`);
	return { ok: target };
}

/** One item's entries: its content once, one entry (and cid) per target. */
function buildEntries(ctx: IExecuteFunctions, product: PushProduct, type: BatchTargetType, itemIndex: number): BatchEntry[] {
	const get = <T>(name: string, fallback: T): T => ctx.getNodeParameter(name, itemIndex, fallback) as T;
	const refuse = <T>(built: Built<T>) => builtOrRefuse(ctx, built, itemIndex);
	const targets = listOf(get<unknown>('target', ''));
	if (targets.length === 0) refuse(problem('The target is empty', `Set the ${type === 'alias' ? 'alias' : 'registration ID'} this item goes to.`));
	for (const target of targets) refuse(checkTarget(type, target));
	const options = get<IDataObject>('pushOptions', {});
	const { platform, notification, message, pushOptions, customArgs } = buildContent(ctx, product, itemIndex);
	refuse(checkContentSize(product, notification, message));
	const protect = options.duplicateProtection !== false;
	return targets.map((target) =>
		refuse(
			buildBatchEntry(itemIndex, {
				target,
				platform,
				notification,
				message,
				options: pushOptions,
				cid: protect ? stableCid(cidSeed(ctx, itemIndex, target)) : undefined,
				customArgs,
			}),
		),
	);
}

/** An entry on its way: where its result goes, and what it has been through. */
interface Pending {
	entry: BatchEntry;
	/** Its place: the item's position in the job, and the target's within the item. */
	slot: [number, number];
	/** When it was first sent (D8's 55 minutes for a repeat after a missing result). */
	firstSentAt?: number;
	rateLimitRepeats: number;
	missingRepeats: number;
}

/** Sends every entry of the items, a request per chunk, and puts each target's result in its place. */
function fanOut(ctx: IExecuteFunctions, product: PushProduct, type: BatchTargetType, run: WorkContext, perItem: BatchEntry[][]): FanOutJob {
	const { scheduler, continueOnFail } = run;
	const { settings } = scheduler;
	const { timing, signal } = settings;
	const items = perItem.map((entries) => entries[0].itemIndex);
	const results: Array<Array<IDataObject | Error>> = perItem.map((entries) => new Array<IDataObject | Error>(entries.length));
	const runPace = settings.gate.perSecond;
	// Without Max Requests Per Second the batches keep to the account's default limit (a batch costs n).
	const accountGate = runPace === undefined ? new RequestGate(1000 / PUSH_LIMITS.requestsPerSecond, timing, signal) : undefined;
	const chunkSize = Math.min(PUSH_LIMITS.batchTargets, Math.floor(runPace ?? PUSH_LIMITS.requestsPerSecond));
	const title = TITLES[product];
	let stopped: Error | undefined;

	const put = (p: Pending, result: IDataObject | Error) => {
		results[p.slot[0]][p.slot[1]] = result;
		if (result instanceof Error && !continueOnFail) stopped ??= result;
	};

	const targetError = (p: Pending, code: number | undefined, said: string): Error => {
		const itemIndex = p.entry.itemIndex;
		const info = code === undefined ? undefined : pushErrorInfo(product, code);
		const cidNote = p.entry.cid ? ` Its cid was ${p.entry.cid}.` : '';
		if (code === undefined) {
			return new NodeOperationError(ctx.getNode(), `${title} did not push to ${p.entry.target}: ${said || 'no reason given'}`, { itemIndex, description: `Target ${p.entry.target}.${cidNote}` });
		}
		const message = `${title} error ${code}: ${info?.meaning ?? (said || 'unknown error')}`;
		const description = [`Target ${p.entry.target}.`, info?.check, said ? `EngageLab said: "${said}".` : undefined, cidNote.trim() || undefined].filter(Boolean).join(' ');
		const response: N8nJson = { code, message: said, target: p.entry.target };
		const error = new NodeApiError(ctx.getNode(), response, { message, description, httpCode: String(code), itemIndex });
		error.messages = said ? [`EngageLab said: ${said}`] : [];
		return error;
	};

	const rateLimitSignal = (message: string | undefined) => {
		settings.gate.holdUntilTime(timing.now() + RATE_LIMIT_PAUSE_MS + timing.random() * 250);
		ctx.logger?.debug('EngageLab push batch: rate limit reported', { node: ctx.getNode().name, message: message ?? '' });
	};

	const sendChunk = async (chunk: Pending[], send: (call: RequestCall, slot: number) => Promise<EngageLabResponse>, slot: number, again: Pending[]) => {
		const entries = chunk.map((p) => p.entry);
		await accountGate?.enter(entries.length);
		const now = timing.now();
		for (const p of chunk) p.firstSentAt ??= now;
		const base = { path: BATCH_PATHS[type], body: batchRequestBody(entries), itemIndex: entries[0].itemIndex, cost: entries.length };
		// With a cid per target a repeated request is deduped by EngageLab (D8); without, never repeated after an ambiguous failure.
		const call: RequestCall = entries.every((e) => e.cid !== undefined)
			? { ...base, idempotent: true }
			: { ...base, idempotent: false, notRepeatedBecause: NOT_REPEATED };
		let response: EngageLabResponse;
		try {
			response = await send(call, slot);
		} catch (error) {
			// The whole request failed (a refusal, a rate limit that did not clear, an ambiguous failure already repeated as far as is safe): so did each target.
			for (const p of chunk) put(p, error instanceof Error ? error : new Error(String(error)));
			return;
		}
		const answer = readBatchAnswer(entries, response.result);
		if ('problem' in answer) {
			const error = new NodeOperationError(ctx.getNode(), answer.problem, { itemIndex: entries[0].itemIndex, description: `${answer.description ?? ''} The targets may have been pushed.`.trim() });
			for (const p of chunk) put(p, error);
			return;
		}
		if (answer.ok.rateLimitOccurred) rateLimitSignal(answer.ok.rateLimitMessage);
		const later = timing.now();
		answer.ok.outcomes.forEach((outcome, k) => {
			const p = chunk[k];
			if (outcome.kind === 'sent') {
				put(p, { target: p.entry.target, msg_id: outcome.msgId, ...(p.entry.cid !== undefined && { cid: p.entry.cid }), success: true });
			} else if (outcome.kind === 'failed') {
				put(p, targetError(p, outcome.code, outcome.message));
			} else if (outcome.kind === 'rateLimited') {
				// Not applied (D7): sent again after the pause, within Auto's allowance of free 429 retries.
				if (p.rateLimitRepeats++ < AUTO_RATE_LIMIT_RETRIES + settings.maxAttempts) again.push(p);
				else put(p, targetError(p, 23008, outcome.message));
			} else if (mayRepeatAmbiguous(p.entry.cid, p.firstSentAt!, later) && ++p.missingRepeats < settings.maxAttempts) {
				again.push(p); // Missing from the answer: ambiguous, and its cid makes a repeat safe (D8).
			} else {
				const cid = p.entry.cid;
				put(
					p,
					new NodeOperationError(ctx.getNode(), `EngageLab's batch answer has no result for target ${p.entry.target}: it may or may not have been pushed`, {
						itemIndex: p.entry.itemIndex,
						description: cid
							? `It was sent with cid ${cid}: sending it again with that cid within the hour is safe.`
							: 'Duplicate Protection is off, so the node did not send it again. Check the push history in the EngageLab console.',
					}),
				);
			}
		});
	};

	return {
		items,
		async fanOut(send) {
			let pending: Pending[] = perItem.flatMap((entries, i) => entries.map((entry, j): Pending => ({ entry, slot: [i, j], rateLimitRepeats: 0, missingRepeats: 0 })));
			let requests = 0;
			while (pending.length > 0) {
				const again: Pending[] = [];
				const worker = async () => {
					for (let chunk = takeChunk(pending, chunkSize); chunk.length > 0; chunk = takeChunk(pending, chunkSize)) {
						if (stopped || signal?.aborted) {
							pending.unshift(...chunk);
							return;
						}
						await sendChunk(chunk, send, requests++, again);
					}
				};
				const workers = Math.max(1, Math.min(scheduler.concurrency, Math.ceil(pending.length / chunkSize)));
				await Promise.all(Array.from({ length: workers }, worker));
				if (stopped || signal?.aborted) break;
				pending = again;
			}
			// Never sent: the run stopped at an earlier target's error, or was cancelled.
			results.forEach((row, i) => {
				const itemIndex = items[i];
				for (let j = 0; j < row.length; j++) {
					if (row[j] !== undefined) continue;
					row[j] = stopped
						? new NodeOperationError(ctx.getNode(), 'Not sent: the run stopped at an earlier target\'s error', { itemIndex })
						: notSentCancelled(ctx.getNode(), itemIndex);
				}
			});
			return results;
		},
	};
}

function* work(ctx: IExecuteFunctions, product: PushProduct, run: WorkContext): Generator<Work> {
	const type = ctx.getNodeParameter('targetType', 0, 'regid') as BatchTargetType;
	const perItem: BatchEntry[][] = [];
	for (let itemIndex = 0; itemIndex < run.itemCount; itemIndex++) {
		try {
			const t = ctx.getNodeParameter('targetType', itemIndex, 'regid');
			if (t !== type) throw new NodeOperationError(ctx.getNode(), 'Target Type must be the same for every item', { itemIndex, description: `Item 0 has "${type}", this one "${String(t)}".` });
			perItem.push(buildEntries(ctx, product, type, itemIndex));
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
	if (perItem.length > 0) yield fanOut(ctx, product, type, run, perItem);
}

/** Send Batch for one push product, shown under `resource`. */
export function pushSendBatch(product: PushProduct, resource: string): Operation {
	const show = { resource: [resource], operation: ['sendBatch'] };
	return {
		description: [...targetFields(show), ...sendBatchContentFields(product, show)],
		work: (ctx, run) => work(ctx, product, run),
		sends: 'cid',
	};
}
