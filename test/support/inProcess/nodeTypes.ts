import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, UnexpectedError } from 'n8n-workflow';

export const START_NODE_TYPE = 'n8n-nodes-harness.start';

/**
 * Start node used instead of n8n-nodes-base's Manual Trigger (not installed): the harness seeds its input
 * with the test items (like n8n's own NodeTestHarness seeds `trigger.input`) and it passes them through.
 */
class HarnessStart implements INodeType {
	description: INodeType['description'] = {
		displayName: 'Harness Start',
		name: START_NODE_TYPE,
		group: ['trigger'],
		version: 1,
		description: 'Emits the items the harness seeded',
		defaults: { name: 'Start' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/**
 * INodeTypes for tests. `getByNameAndVersion` returns a thin wrapper (prototype = the real node type)
 * whose `execute` records the ORIGINAL error instance before rethrowing: WorkflowExecute only keeps a
 * spread copy (`{...e, message, stack}`, prototype lost) in runData / resultData.error.
 */
export class TestNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	private readonly wrapped = new Map<INodeType, INodeType>();

	/** Original errors thrown out of `execute()`, in order. Cleared by the harness before each run. */
	readonly thrownErrors: Array<{ nodeName: string; error: unknown }> = [];

	/**
	 * Requests a node handed to n8n's request helper before and after its execution was cancelled
	 * (counted where they leave the node, so none is missed in transit). Cleared before each run.
	 */
	readonly sent = { beforeCancel: 0, afterCancel: 0 };

	constructor(types: Record<string, INodeType | IVersionedNodeType> = {}) {
		this.register(START_NODE_TYPE, new HarnessStart());
		for (const [name, type] of Object.entries(types)) this.register(name, type);
	}

	register(name: string, type: INodeType | IVersionedNodeType) {
		this.types.set(name, type);
		return this;
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types.get(nodeType);
		if (!type) throw new UnexpectedError(`Unknown node type "${nodeType}"`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const real = NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
		if (!real.execute) return real;
		let wrapper = this.wrapped.get(real);
		if (!wrapper) {
			const sink = this.thrownErrors;
			const sent = this.sent;
			const originalExecute = real.execute;
			wrapper = Object.create(real) as INodeType;
			wrapper.execute = async function (this: IExecuteFunctions) {
				const cancelled = this.getExecutionCancelSignal();
				const request = this.helpers.httpRequestWithAuthentication;
				this.helpers.httpRequestWithAuthentication = async function (this: IExecuteFunctions, ...args: Parameters<typeof request>) {
					if (cancelled?.aborted) sent.afterCancel++;
					else sent.beforeCancel++;
					return await request.apply(this, args);
				};
				try {
					return await originalExecute.call(this);
				} catch (error) {
					sink.push({ nodeName: this.getNode().name, error });
					throw error;
				}
			};
			this.wrapped.set(real, wrapper);
		}
		return wrapper;
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}
