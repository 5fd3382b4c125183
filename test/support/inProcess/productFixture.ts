/**
 * The EngageLab node with one messaging product's credential, against that product's emulator
 * (test/support/emulator/), run through n8n-core's WorkflowExecute and real request helpers.
 * Also runs the form's lookups (listSearch, resourceMapping) in n8n-core's LoadOptionsContext.
 */
import { LoadOptionsContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject, IDataObject, ILoadOptionsFunctions, INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { EngageLab } from '../../../nodes/EngageLab/EngageLab.node';
import { sharedRateLimits } from '../../../nodes/EngageLab/execution/sharedRateLimit';
import type { Timing } from '../../../nodes/EngageLab/transport/clock';
import type { Product } from '../../../nodes/EngageLab/products/product';
import type { MessagingEmulator } from '../emulator/productEmulator';
import { testCredentials } from './credentialTest';
import { packageCredentialTypes } from './credentialTypes';
import { TestCredentialsHelper, TestCredentialTypes } from './credentialsHelper';
import { NODE_TYPE, type NodeSettings } from './maFixture';
import { TestNodeTypes } from './nodeTypes';
import { createAdditionalData, runNode, type NodeRunResult } from './runWorkflow';
import { setupN8nRuntime } from './runtime';
import { VirtualTiming } from './virtualTiming';

export class MessagingFixture<State> {
	readonly credentialsHelper = new TestCredentialsHelper(new TestCredentialTypes(packageCredentialTypes()));
	readonly nodeTypes: TestNodeTypes;
	readonly emulator: MessagingEmulator<State>;
	credentials: ICredentialDataDecryptedObject = {};
	url = '';

	constructor(
		readonly product: Product,
		makeEmulator: (options: { clock: () => number }) => MessagingEmulator<State>,
		private readonly key: string,
		private readonly secret: string,
		/** The node's clock, waits and jitter; a VirtualTiming unless a test runs on real time. */
		readonly timing: VirtualTiming | Timing = new VirtualTiming(),
	) {
		this.nodeTypes = new TestNodeTypes({ [NODE_TYPE]: new EngageLab(timing) });
		this.emulator = makeEmulator({ clock: timing.now });
	}

	/** The virtual timing's waits (fails for a fixture running on real time). */
	get waits(): number[] {
		if (!(this.timing instanceof VirtualTiming)) throw new Error('this fixture runs on real time');
		return this.timing.waits;
	}

	async start(): Promise<this> {
		this.url = await this.emulator.start();
		this.useCredentials({ [this.product.userField]: this.key, [this.product.passwordField]: this.secret, host: 'custom', baseUrl: this.url });
		return this;
	}

	async stop(): Promise<void> {
		await this.emulator.stop();
	}

	reset(): void {
		this.emulator.reset();
		if (this.timing instanceof VirtualTiming) this.timing.reset();
		sharedRateLimits.reset(); // a test starts with nothing learned by the runs before it
	}

	/** Only this product's credential is known: any other credential the node asked for would fail the run. */
	useCredentials(credentials: ICredentialDataDecryptedObject): void {
		this.credentials = credentials;
		this.credentialsHelper.setCredentials({ [this.product.credentialType]: credentials });
	}

	async run(
		parameters: INode['parameters'],
		items: Array<IDataObject | INodeExecutionData> = [{}],
		settings: NodeSettings & { typeVersion?: number; credentialTypes?: string[] } = {},
	): Promise<NodeRunResult> {
		const { typeVersion, credentialTypes, ...rest } = settings;
		return await runNode(
			{ nodeTypes: this.nodeTypes, credentialsHelper: this.credentialsHelper },
			{
				type: NODE_TYPE,
				name: 'EngageLab',
				typeVersion: typeVersion ?? 2,
				parameters: { resource: this.product.name, ...parameters },
				credentialTypes: credentialTypes ?? [this.product.credentialType],
				...rest,
			},
			items,
		);
	}

	async testCredential(credentials: ICredentialDataDecryptedObject = this.credentials) {
		const node = this.nodeTypes.getByNameAndVersion(NODE_TYPE);
		return await testCredentials(this.credentialsHelper, this.product.credentialType, credentials, [node]);
	}

	/** A LoadOptionsContext for the node with `parameters`, as the editor makes for a lookup. */
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
}
