/**
 * The shape every resource folder exports (actions/<resource>/<resource>.resource.ts): the
 * resource's entry in the Resource picker, its operations for the Operation picker, and per
 * operation its fields and the work it makes of the input items. The node and the router know
 * resources only through this shape.
 */
import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { Work } from '../execution/work';
import type { Scheduler } from '../execution/scheduler';

/** What an operation gets to turn the input items into work. */
export interface WorkContext {
	itemCount: number;
	continueOnFail: boolean;
	/** The node's typeVersion, for fields whose shape differs between versions. */
	version: number;
	/** The run's scheduler, for requests an operation needs before its own (e.g. EUID lookups). */
	scheduler: Scheduler;
}

export interface Operation {
	/** The operation's fields; each shows only for its resource and operation (displayOptions). */
	description: INodeProperties[];
	/** The operation's work, item by item in input order (read lazily by the runner). */
	work(ctx: IExecuteFunctions, run: WorkContext): Iterator<Work>;
	/**
	 * A message goes out to people: the editor shows it n8n's Retry On Fail notice. `cid`: a
	 * repeat carries EngageLab's duplicate-protection ID (Push), so the notice says that instead.
	 */
	sends?: true | 'cid';
}

export interface Resource {
	/** The resource's entry in the Resource picker. */
	resource: INodePropertyOptions & { value: string };
	/** The Operation picker's description for this resource. */
	operationHelp: string;
	defaultOperation: string;
	/** The Operation picker's entries, in alphabetical order (n8n's lint asks for it). */
	options: Array<INodePropertyOptions & { value: string; action: string }>;
	operations: Record<string, Operation>;
}
