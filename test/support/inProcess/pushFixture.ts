/**
 * The EngageLab node with an App Push or Web Push credential, against the push emulator
 * (test/support/emulator/push/), through n8n-core's WorkflowExecute and real request helpers.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, IDataObject, ILoadOptionsFunctions, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { EngageLab } from '../../../nodes/EngageLab/EngageLab.node';
import type { Product } from '../../../nodes/EngageLab/products/product';
import { PushEmulator, type PushEmulatorOptions } from '../emulator/push/pushEmulator';
import { testCredentials } from './credentialTest';
import { packageCredentialTypes } from './credentialTypes';
import { TestCredentialsHelper, TestCredentialTypes } from './credentialsHelper';
import { NODE_TYPE, type NodeSettings } from './maFixture';
import { TestNodeTypes } from './nodeTypes';
import { createAdditionalData, runNode, type NodeRunResult } from './runWorkflow';
import { setupN8nRuntime } from './runtime';
import { VirtualTiming } from './virtualTiming';

export class PushFixture {
	readonly credentialsHelper = new TestCredentialsHelper(new TestCredentialTypes(packageCredentialTypes()));
	readonly timing = new VirtualTiming();
	readonly nodeTypes = new TestNodeTypes({ [NODE_TYPE]: new EngageLab(this.timing) });
	readonly emulator: PushEmulator;
	credentials: ICredentialDataDecryptedObject = {};

	constructor(
		readonly product: Product,
		emulatorOptions: PushEmulatorOptions = {},
	) {
		this.emulator = new PushEmulator({ product: product.name as 'appPush' | 'webPush', ...emulatorOptions });
	}

	async start(): Promise<this> {
		const url = await this.emulator.start();
		const { appKey, masterSecret } = this.emulator.options;
		this.useCredentials({ appKey, masterSecret, host: 'custom', baseUrl: url });
		return this;
	}

	async stop(): Promise<void> {
		await this.emulator.stop();
	}

	/** The emulator as new (its options plus `options`) on the same port, the credential to match, and a fresh virtual clock. */
	async restart(options: Omit<PushEmulatorOptions, 'product'> = {}): Promise<void> {
		this.emulator.reset(options);
		this.timing.reset();
		const { appKey, masterSecret } = this.emulator.options;
		this.useCredentials({ appKey, masterSecret, host: 'custom', baseUrl: this.emulator.url });
	}

	useCredentials(credentials: ICredentialDataDecryptedObject): void {
		this.credentials = credentials;
		this.credentialsHelper.setCredentials({ [this.product.credentialType]: credentials });
	}

	async run(
		parameters: INode['parameters'],
		items: Array<IDataObject | INodeExecutionData> = [{}],
		settings: NodeSettings = {},
	): Promise<NodeRunResult> {
		const { typeVersion, ...rest } = settings;
		return await runNode(
			{ nodeTypes: this.nodeTypes, credentialsHelper: this.credentialsHelper },
			{
				type: NODE_TYPE,
				name: 'EngageLab',
				typeVersion: typeVersion ?? 2,
				parameters: { resource: this.product.name, ...parameters },
				credentialTypes: [this.product.credentialType],
				...rest,
			},
			items,
		);
	}

	/** A LoadOptionsContext for the node with `parameters`, as the editor makes for a lookup (list search). */
	loadOptionsContext(parameters: INodeParameters): ILoadOptionsFunctions {
		setupN8nRuntime();
		const node: INode = {
			id: 'node-under-test',
			name: 'EngageLab',
			type: NODE_TYPE,
			typeVersion: 2,
			position: [0, 0],
			parameters: { resource: this.product.name, ...parameters },
			credentials: { [this.product.credentialType]: { id: '1', name: 'Test' } },
		};
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: this.nodeTypes });
		return new LoadOptionsContext(workflow, node, createAdditionalData(this.credentialsHelper, undefined, 'lookup'), '');
	}

	async testCredential(credentials: ICredentialDataDecryptedObject = this.credentials) {
		const node = this.nodeTypes.getByNameAndVersion(NODE_TYPE);
		return await testCredentials(this.credentialsHelper, this.product.credentialType, credentials, [node]);
	}
}
