import { ExecutionLifecycleHooks, ExternalSecretsProxy, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	IRun,
	IRunExecutionData,
	ITaskData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import type { TestCredentialsHelper } from './credentialsHelper';
import { START_NODE_TYPE, type TestNodeTypes } from './nodeTypes';
import { setupN8nRuntime } from './runtime';

export interface HarnessContext {
	nodeTypes: TestNodeTypes;
	credentialsHelper: TestCredentialsHelper;
}

export function createAdditionalData(
	credentialsHelper: TestCredentialsHelper,
	hooks: ExecutionLifecycleHooks | undefined,
	executionId: string,
): IWorkflowExecuteAdditionalData {
	const notSupported = (what: string) => async () => {
		throw new Error(`${what} is not supported by the test harness`);
	};
	return {
		credentialsHelper,
		hooks,
		executionId,
		externalSecretsProxy: new ExternalSecretsProxy(),
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		variables: {},
		executeWorkflow: notSupported('executeWorkflow'),
		getRunExecutionData: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: notSupported('startRunnerTask'),
	};
}

interface RunWorkflowOptions extends HarnessContext {
	nodes: INode[];
	connections: IConnections;
	/** Node that starts the run (gets `startItems` as input). */
	startNodeName: string;
	startItems?: INodeExecutionData[];
	mode?: WorkflowExecuteMode;
	/** Gets the function that stops the execution, as the editor's Stop button does (n8n's cancel signal). */
	onStarted?: (cancel: () => void) => void;
	/** Workflow Settings → Timezone (default: n8n's default timezone). */
	timezone?: string;
}

interface WorkflowRunResult {
	run: IRun;
	status: IRun['status'];
	/** Error recorded by WorkflowExecute (spread copy, not an Error instance). */
	runError?: ExecutionError;
	nodeExecutionOrder: string[];
	/** Last run of a node: its outputs (`[0]` = main/success, `[1]` = error branch with continueErrorOutput). */
	outputsOf(nodeName: string): INodeExecutionData[][];
	taskDataOf(nodeName: string): ITaskData | undefined;
	/** The original error instance thrown out of that node's execute(), if any. */
	thrownBy(nodeName: string): unknown;
}

let harnessRuns = 0;

/** Run a whole workflow through n8n-core's real WorkflowExecute.processRunExecutionData(). */
async function runWorkflow(options: RunWorkflowOptions): Promise<WorkflowRunResult> {
	setupN8nRuntime();
	const { nodeTypes, credentialsHelper, nodes, connections, startNodeName } = options;
	const mode = options.mode ?? 'manual';
	nodeTypes.thrownErrors.length = 0;
	Object.assign(nodeTypes.sent, { beforeCancel: 0, afterCancel: 0 });

	const workflowData: IWorkflowBase = {
		id: 'harness-workflow',
		name: 'Harness workflow',
		active: false,
		isArchived: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1', ...(options.timezone && { timezone: options.timezone }) },
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections,
		nodeTypes,
		active: false,
		settings: workflowData.settings,
	});
	const startNode = workflow.getNode(startNodeName);
	if (!startNode) throw new Error(`Start node "${startNodeName}" not found`);

	// Unique per run, as n8n's are: the node keys what a run sent by it (Retry On Fail).
	const executionId = `harness-${Date.now()}-${++harnessRuns}`;
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	const nodeExecutionOrder: string[] = [];
	hooks.addHandler('nodeExecuteAfter', (nodeName) => {
		nodeExecutionOrder.push(nodeName);
	});
	const additionalData = createAdditionalData(credentialsHelper, hooks, executionId);

	const runExecutionData: IRunExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [
				{ node: startNode, data: { main: [options.startItems ?? [{ json: {} }]] }, source: null },
			],
		},
	});
	const workflowExecute = new WorkflowExecute(additionalData, mode, runExecutionData);
	const running = workflowExecute.processRunExecutionData(workflow);
	options.onStarted?.(() => running.cancel());
	const run = await running;

	const { runData } = run.data.resultData;
	const taskDataOf = (name: string) => runData[name]?.at(-1);
	return {
		run,
		status: run.status,
		runError: run.data.resultData.error,
		nodeExecutionOrder,
		taskDataOf,
		outputsOf: (name) => (taskDataOf(name)?.data?.main ?? []).map((o) => o ?? []),
		thrownBy: (name) => nodeTypes.thrownErrors.filter((e) => e.nodeName === name).at(-1)?.error,
	};
}

export interface NodeUnderTest {
	type: string;
	parameters?: INode['parameters'];
	typeVersion?: number;
	name?: string;
	/** Defaults to `{ <each credential name>: { id: '1', name: 'Test <name>' } }` for `credentialTypes`. */
	credentials?: INode['credentials'];
	credentialTypes?: string[];
	continueOnFail?: boolean;
	onError?: INode['onError'];
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	/** See RunWorkflowOptions.onStarted. */
	onStarted?: (cancel: () => void) => void;
	/** See RunWorkflowOptions.timezone. */
	timezone?: string;
}

export interface NodeRunResult extends WorkflowRunResult {
	/** main output 0 of the node under test */
	items: INodeExecutionData[];
	/** output 1 (error branch), only filled with `onError: 'continueErrorOutput'` */
	errorItems: INodeExecutionData[];
	/** original error instance thrown by the node (NodeApiError / NodeOperationError / ...) */
	error?: unknown;
}

/** Start (seeded with `items`) → node under test, run through WorkflowExecute. */
export async function runNode(
	ctx: HarnessContext,
	node: NodeUnderTest,
	items: Array<IDataObject | INodeExecutionData>,
): Promise<NodeRunResult> {
	const name = node.name ?? 'Node Under Test';
	const credentials =
		node.credentials ??
		Object.fromEntries((node.credentialTypes ?? []).map((c) => [c, { id: '1', name: `Test ${c}` }]));
	const testNode: INode = {
		id: 'node-under-test',
		name,
		type: node.type,
		typeVersion: node.typeVersion ?? 1,
		position: [200, 0],
		parameters: node.parameters ?? {},
		credentials,
		...(node.continueOnFail !== undefined && { continueOnFail: node.continueOnFail }),
		...(node.onError !== undefined && { onError: node.onError }),
		...(node.retryOnFail !== undefined && { retryOnFail: node.retryOnFail }),
		...(node.maxTries !== undefined && { maxTries: node.maxTries }),
		...(node.waitBetweenTries !== undefined && { waitBetweenTries: node.waitBetweenTries }),
	};
	const start: INode = {
		id: 'start',
		name: 'Start',
		type: START_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const startItems: INodeExecutionData[] = items.map((i) =>
		'json' in i && typeof i.json === 'object' ? (i as INodeExecutionData) : { json: i as IDataObject },
	);
	const result = await runWorkflow({
		...ctx,
		nodes: [start, testNode],
		connections: { Start: { main: [[{ node: name, type: 'main', index: 0 }]] } },
		startNodeName: 'Start',
		startItems,
		onStarted: node.onStarted,
		timezone: node.timezone,
	});
	const outputs = result.outputsOf(name);
	return { ...result, items: outputs[0] ?? [], errorItems: outputs[1] ?? [], error: result.thrownBy(name) };
}
