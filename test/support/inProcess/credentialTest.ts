/**
 * Runs a credential test the way n8n's CredentialsTester
 * (packages/cli/src/services/credentials-tester.service.ts) does. A credential type's own
 * declarative `test` comes first; otherwise the `testedBy` function a node names for it is called
 * on n8n-core's CredentialTestContext with the credential's data. The declarative path: as n8n's CredentialsTester
 * (packages/cli/src/services/credentials-tester.service.ts) does: a temp `n8n-nodes-base.noOp` node whose
 * single property carries `routing.request = test.request`, executed by n8n-core's RoutingNode inside a
 * real ExecuteContext → httpRequestWithAuthentication (so generic `authenticate` is applied).
 */
import { CredentialTestContext, ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeCredentialTestResult,
	INodeType,
	INodeTypes,
	IRunExecutionData,
} from 'n8n-workflow';
import { createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';

import type { TestCredentialsHelper } from './credentialsHelper';
import { createAdditionalData } from './runWorkflow';
import { setupN8nRuntime } from './runtime';

export interface CredentialTestOutcome extends INodeCredentialTestResult {
	/** raw error thrown by RoutingNode (NodeApiError with `.cause` = AxiosError), if the request failed */
	error?: unknown;
	/** response items on success */
	response?: IDataObject[];
}

export async function testCredentials(
	credentialsHelper: TestCredentialsHelper,
	credentialType: string,
	data: ICredentialDataDecryptedObject,
	/** The node types that may name a `testedBy` function for this credential. */
	testingNodes: INodeType[] = [],
): Promise<CredentialTestOutcome> {
	setupN8nRuntime();
	const type = credentialsHelper.credentialTypes.getByName(credentialType);
	if (!type.test) {
		for (const nodeType of testingNodes) {
			for (const { name, testedBy } of nodeType.description.credentials ?? []) {
				if (name !== credentialType || typeof testedBy !== 'string') continue;
				const testFunction = nodeType.methods?.credentialTest?.[testedBy];
				if (!testFunction) continue;
				const credentialsDecrypted = { id: 'test', name: 'Test credential', type: credentialType, data };
				try {
					return await testFunction.call(new CredentialTestContext(), credentialsDecrypted);
				} catch (error) {
					// As CredentialsTester: a test function that throws fails with its message.
					return { status: 'Error', message: (error as Error).message, error };
				}
			}
		}
		return { status: 'Error', message: 'No testing function found for this credential.' };
	}
	const testRequest = type.test;

	const nodeType: INodeType = {
		description: {
			displayName: 'No Operation',
			name: 'n8n-nodes-base.noOp',
			group: ['transform'],
			version: 1,
			description: '',
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: credentialType, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' },
			],
		},
	};
	const nodeTypes: INodeTypes = {
		getByName: () => nodeType,
		getByNameAndVersion: (_n, v) => NodeHelpers.getVersionedNodeType(nodeType, v),
		getKnownTypes: () => ({}),
	};
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: 'n8n-nodes-base.noOp',
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
		credentials: { [credentialType]: { id: 'test', name: 'Test credential' } },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
	const additionalData = createAdditionalData(credentialsHelper, undefined, 'credential-test');
	const runExecutionData: IRunExecutionData = createRunExecutionData({ resultData: { runData: {} } });
	const context = new ExecuteContext(
		workflow,
		node,
		additionalData,
		'internal',
		runExecutionData,
		0,
		[],
		{ main: [[{ json: {} }]] },
		{ node, data: {}, source: null },
		[],
	);
	const credentialsDecrypted = { id: 'test', name: 'Test credential', type: credentialType, data };
	const routingNode = new RoutingNode(context, nodeType, credentialsDecrypted);

	let response: Awaited<ReturnType<RoutingNode['runNode']>>;
	try {
		response = await routingNode.runNode();
	} catch (error) {
		const e = error as { message: string; cause?: { response?: { status: number; statusText?: string }; code?: string } };
		if (e.cause?.response) {
			const { status, statusText } = e.cause.response;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && rule.properties.value === status) {
					return { status: 'Error', message: rule.properties.message, error };
				}
			}
			if (status < 199 || status > 299) {
				return { status: 'Error', message: statusText || `Received HTTP status code: ${status}`, error };
			}
		} else if (e.cause?.code) {
			return { status: 'Error', message: e.cause.code, error };
		}
		return { status: 'Error', message: String(e.message), error };
	}
	const items = (response?.[0] ?? []).map((i) => i.json);
	// As the CLI's tester: a `responseSuccessBody` rule turns a matching answer into a failure.
	for (const rule of testRequest.rules ?? []) {
		if (rule.type === 'responseSuccessBody' && valueAt(items[0], rule.properties.key) === rule.properties.value) {
			return { status: 'Error', message: rule.properties.message, response: items };
		}
	}
	return { status: 'OK', message: 'Connection successful!', response: items };
}

/** The value at a dotted path, like lodash.get for the simple keys credential rules use. */
function valueAt(data: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as IDataObject)[k] : undefined), data);
}
