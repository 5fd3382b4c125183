/**
 * What an operation hands the runner, and the path one input item takes to its output item:
 *
 *   actions/<resource>/<op>.operation.ts turns the input items into Work, lazily and in input order
 *     -> execution/runner.ts runJobs() takes each Job as a request slot frees up
 *     -> execution/scheduler.ts Scheduler.request() (the run's concurrency and pacing)
 *     -> transport/request.ts engageLabRequest() (attempts, retries, timeout)
 *     -> the product's readAnswer (products/<p>/: success, its error table, transient or not)
 *     -> the Job's own toResults(), in the operation's file: the answer becomes the output items.
 *
 * So to see where a Set Contact's answer becomes its output item, read the Job that
 * actions/user/setContact.operation.ts builds: its `toResults`.
 */
import type { IDataObject } from 'n8n-workflow';

import type { EngageLabResponse, RequestCall } from '../transport/request';

export interface Job {
	/** The input items the request covers, in ascending order; `call.itemIndex` is the first. */
	items: number[];
	call: RequestCall;
	/** EngageLab's answer as one result per item, in the order of `items`: its JSON, or its own error. */
	toResults(response: EngageLabResponse): Array<IDataObject | Error>;
}

/** An input item that failed before any request could be made for it. */
export interface ItemFailure {
	item: number;
	error: unknown;
}

/** Items that turned out, after a lookup, to need no request: each fails with its own error. */
export interface RefusedItems {
	items: number[];
	errors: unknown[];
}

/**
 * A job that needs something first (e.g. the EUID looked up from a user ID): `ready` resolves to
 * the job (or, when none of its items can be sent, to their errors), or rejects with the items'
 * error. It holds no request slot while it waits.
 */
export interface DeferredJob {
	items: number[];
	ready(): Promise<Job | RefusedItems>;
}

/**
 * A read of one input item that may take several requests (the pages of a list): `list` sends
 * each through `send` (the run's scheduler, so concurrency, pacing and Stop apply to every page)
 * and resolves to the records, each of which becomes one output item paired with the input item.
 * No records: no output item for that input (n8n's convention for Get Many).
 */
export interface ListJob {
	items: [number];
	list(send: (call: RequestCall) => Promise<EngageLabResponse>): Promise<IDataObject[]>;
}

/**
 * Requests of its own for several items, each item ending as any number of output items (App
 * Push → Send Batch: one per target). `fanOut` sends through `send` (the run's scheduler, so
 * concurrency, pacing and Stop apply) and resolves to one list per item of `items`, in that
 * order: each entry an output item's JSON, or that entry's own error. `slot` numbers the request
 * in the order sent (0, 1, …): the send ledger keeps each request's outcome apart (Retry On Fail).
 */
export interface FanOutJob {
	items: number[];
	fanOut(send: (call: RequestCall, slot: number) => Promise<EngageLabResponse>): Promise<Array<Array<IDataObject | Error>>>;
}

export type Work = Job | ItemFailure | DeferredJob | ListJob | FanOutJob;
