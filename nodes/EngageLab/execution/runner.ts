/**
 * Runs a node's requests with bounded concurrency and puts the results back in input order.
 *
 * An operation turns its input items into work, in input order: a Job (one request that covers
 * one or more items, and how its answer becomes one result per item) or an ItemFailure (an item
 * refused before any request, e.g. an invalid EUID). The runner pulls work lazily, so 100,000
 * items never become 100,000 pending requests, and keeps up to `concurrency` jobs in flight: a
 * new one starts as soon as one finishes (a pool, not batches). Retries, pacing and the pause
 * after a 429 happen inside engageLabRequest, per attempt. Requests go through the run's Scheduler,
 * which also sends the lookups a job may wait for (a DeferredJob), so the run's concurrency
 * bounds every request, whoever sends it.
 *
 * Every input item ends as exactly one output item paired with it: its result, or with continue
 * on fail its own error. Without continue on fail the runner stops taking new work at the first
 * failure it sees, lets the jobs in flight finish, and throws the error of the failing item that
 * comes first in input order. Work is taken in input order, so every item before that one was
 * sent: the error is the one a one-at-a-time run would have stopped at. Requests for later items
 * that were already in flight may still succeed: the error says which (`writtenAfterError`).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData, NodeApiError } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { notSentCancelled } from '../transport/cancelled';
import { asNodeError, failedItem } from './failedItem';
import type { RequestSettings } from '../transport/request';
import { Scheduler } from './scheduler';
import type { RunLedger } from './sendLedger';
import type { DeferredJob, FanOutJob, ItemFailure, Job, ListJob, Work } from './work';

export interface RunOptions {
	/** Jobs in flight at most. */
	concurrency: number;
	continueOnFail: boolean;
	itemCount: number;
	/** The run's scheduler, when requests were already sent through it (e.g. lookups); else a new one. */
	scheduler?: Scheduler;
	/** Retry On Fail: what earlier tries of this run sent (sendLedger.ts). */
	ledger?: RunLedger;
}

export async function runJobs(
	ctx: IExecuteFunctions,
	work: Iterator<Work>,
	settings: RequestSettings,
	{ concurrency, continueOnFail, itemCount, scheduler = new Scheduler(ctx, settings, concurrency), ledger }: RunOptions,
): Promise<INodeExecutionData[]> {
	// One entry per input item: its output item, or a read's records (ListJob), possibly none.
	const output = new Array<INodeExecutionData | INodeExecutionData[] | undefined>(itemCount);
	let firstFailure: ItemFailure | undefined;
	let exhausted = false;
	const { signal } = settings;

	const fail = (item: number, error: unknown) => {
		if (continueOnFail) output[item] = failedItem(ctx, error, item);
		else if (!firstFailure || item < firstFailure.item) firstFailure = { item, error };
	};

	const nextJob = (): Job | DeferredJob | ListJob | FanOutJob | undefined => {
		while (!exhausted && !firstFailure && !signal?.aborted) {
			const next = work.next();
			if (next.done) exhausted = true;
			else if ('items' in next.value) return next.value;
			else fail(next.value.item, next.value.error);
		}
		return undefined;
	};

	const runList = async (work: ListJob) => {
		const [item] = work.items;
		const stillWanted = () => firstFailure === undefined || item < firstFailure.item;
		try {
			const records = await work.list(async (call) => await scheduler.request({ ...call, stillWanted }));
			output[item] = records.map((json) => ({ json, pairedItem: { item } }));
		} catch (error) {
			fail(item, error);
		}
	};

	// Without continue on fail an item with a failed entry fails (the run stops at it); with it, the failed entries go to the error output beside the others.
	const runFanOut = async (work: FanOutJob) => {
		const first = work.items[0];
		const stillWanted = () => firstFailure === undefined || first < firstFailure.item;
		let results: Array<Array<IDataObject | Error>>;
		try {
			results = await work.fanOut(async (call, slot) => {
				const wanted = { ...call, stillWanted };
				const send = async () => await scheduler.request(wanted);
				// Slots after the item indexes: a fan-out is the run's only job, its requests numbered from itemCount.
				return await (ledger ? ledger.send(wanted, send, itemCount + slot) : send());
			});
		} catch (error) {
			for (const item of work.items) fail(item, error);
			return;
		}
		work.items.forEach((item, k) => {
			const entries = results[k] ?? [new Error(`Internal error: no result for item ${item}`)];
			const error = entries.find((e) => e instanceof Error);
			if (error && !continueOnFail) return fail(item, error);
			output[item] = entries.map((e) => (e instanceof Error ? failedItem(ctx, e, item) : { json: e, pairedItem: { item } }));
		});
	};

	const runJob = async (work: Job | DeferredJob | ListJob | FanOutJob) => {
		if ('list' in work) return await runList(work);
		if ('fanOut' in work) return await runFanOut(work);
		const first = work.items[0];
		let job: Job = work as Job;
		let results: Array<IDataObject | Error>;
		try {
			if ('ready' in work) {
				const ready = await work.ready();
				if ('errors' in ready) {
					ready.items.forEach((item, k) => fail(item, ready.errors[k]));
					return;
				}
				job = ready;
			}
			const call = { ...job.call, stillWanted: () => firstFailure === undefined || first < firstFailure.item };
			const send = async () => await scheduler.request(call);
			results = job.toResults(await (ledger ? ledger.send(call, send) : send()));
		} catch (error) {
			for (const item of work.items) fail(item, error);
			return;
		}
		job.items.forEach((item, k) => {
			const result = results[k] ?? new Error(`Internal error: EngageLab's answer had no result for item ${item}`);
			if (result instanceof Error) fail(item, result);
			else output[item] = { json: result, pairedItem: { item } };
		});
	};

	const worker = async () => {
		for (let job = nextJob(); job; job = nextJob()) await runJob(job);
	};
	await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, itemCount)) }, worker));

	// Cancelled: the items whose work was never taken were not sent, and say so (without continue
	// on fail the first error stands for the run; taken in input order, they come after it).
	if (signal?.aborted && !firstFailure) {
		output.forEach((o, item) => {
			if (o === undefined) fail(item, notSentCancelled(ctx.getNode(), item));
		});
	}
	if (firstFailure) throw cancelledToo(stoppedAt(ctx, firstFailure, output), signal);
	const missing = output.findIndex((o) => o === undefined);
	if (missing >= 0) throw new NodeOperationError(ctx.getNode(), `Internal error: no result for item ${missing}`, { itemIndex: missing });
	return (output as Array<INodeExecutionData | INodeExecutionData[]>).flat();
}

/**
 * The error of the item the run stopped at. Later items whose requests were already in flight
 * and succeeded were written all the same: the description names them and
 * `context.writtenAfterError` lists their indexes, so nobody reads the run as stopped exactly there.
 */
function stoppedAt(
	ctx: IExecuteFunctions,
	failure: ItemFailure,
	output: Array<INodeExecutionData | INodeExecutionData[] | undefined>,
): NodeApiError | NodeOperationError {
	const error = asNodeError(ctx, failure.error, failure.item);
	const written = output.flatMap((o, item) => (o !== undefined && item > failure.item ? [item] : []));
	if (written.length === 0) return error;
	const list = written.length > 20 ? `${written.slice(0, 20).join(', ')} and ${written.length - 20} more` : written.join(', ');
	const note =
		`The run stopped at item ${failure.item}, but ${written.length === 1 ? 'the request for item' : 'the requests for items'} ${list}, ` +
		`already sent (Concurrency), succeeded: ${written.length === 1 ? 'it was' : 'they were'} written to EngageLab.`;
	error.description = error.description ? `${error.description} ${note}` : note;
	error.context.writtenAfterError = written;
	return error;
}

/**
 * n8n records a run whose node threw as canceled (not failed) only when the error says
 * "canceled": after a Stop the run's error says so, whatever stopped it first.
 */
function cancelledToo<E extends Error>(error: E, signal: AbortSignal | undefined): E {
	if (signal?.aborted && !error.message.includes('canceled')) error.message = `${error.message}; the execution was then canceled`;
	return error;
}

/** Every item fails with the same error (e.g. an unusable credential): the run's output, or the error. */
export function failEveryItem(
	ctx: IExecuteFunctions,
	error: unknown,
	{ continueOnFail, itemCount }: Pick<RunOptions, 'continueOnFail' | 'itemCount'>,
): INodeExecutionData[] {
	if (!continueOnFail && itemCount > 0) throw asNodeError(ctx, error, 0);
	return Array.from({ length: itemCount }, (_, item) => failedItem(ctx, error, item));
}
