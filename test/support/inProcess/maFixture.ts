/**
 * The EngageLab node and credential wired into the n8n-core harness, against a fresh emulator.
 */
import type { ICredentialDataDecryptedObject, IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { EngageLabApi } from '../../../credentials/EngageLabApi.credentials';
import { EngageLab } from '../../../nodes/EngageLab/EngageLab.node';
import { sharedRateLimits } from '../../../nodes/EngageLab/execution/sharedRateLimit';
import type { Timing } from '../../../nodes/EngageLab/transport/clock';
import { EngageLabEmulator, TEST_KEY, TEST_SECRET, type EmulatorOptions } from '../emulator/ma/maEmulator';
import { testCredentials } from './credentialTest';
import { TestCredentialsHelper, TestCredentialTypes } from './credentialsHelper';
import { TestNodeTypes } from './nodeTypes';
import { runNode, type NodeRunResult } from './runWorkflow';
import { VirtualTiming } from './virtualTiming';

export const NODE_TYPE = 'n8n-nodes-engagelab.engageLab';
export const CREDENTIAL_TYPE = 'engageLabApi';

export interface NodeSettings {
	continueOnFail?: boolean;
	onError?: INode['onError'];
	/** The node's version (default 1, as the harness's runNode). */
	typeVersion?: number;
	/** Gets the execution's Stop function (n8n's cancel signal). */
	onStarted?: (cancel: () => void) => void;
	/** n8n's Retry On Fail: the node's settings of that name. */
	retryOnFail?: boolean;
	maxTries?: number;
	waitBetweenTries?: number;
	/** Workflow Settings → Timezone. */
	timezone?: string;
}

export interface FixtureOptions extends EmulatorOptions {
	/** The node's clock, waits and jitter; by default a VirtualTiming, which the emulator's clock follows. */
	timing?: Timing;
}

export class EngageLabFixture {
	readonly emulator: EngageLabEmulator;
	readonly credentialsHelper = new TestCredentialsHelper(new TestCredentialTypes([new EngageLabApi()]));
	readonly nodeTypes: TestNodeTypes;
	readonly timing: Timing;
	credentials: ICredentialDataDecryptedObject = {};

	constructor({ timing = new VirtualTiming(), ...options }: FixtureOptions = {}) {
		this.timing = timing;
		this.emulator = new EngageLabEmulator({ clock: timing.now, ...options });
		this.nodeTypes = new TestNodeTypes({ [NODE_TYPE]: new EngageLab(timing) });
	}

	/** The virtual timing's waits (fails for a fixture running on real time). */
	get waits(): number[] {
		if (!(this.timing instanceof VirtualTiming)) throw new Error('this fixture runs on real time');
		return this.timing.waits;
	}

	/** Fresh emulator state and, on virtual time, a fresh record of waits and jitter. */
	reset(): void {
		this.emulator.reset();
		if (this.timing instanceof VirtualTiming) this.timing.reset();
		sharedRateLimits.reset(); // a test starts with nothing learned by the runs before it
	}

	async start(): Promise<this> {
		const url = await this.emulator.start();
		this.useCredentials({ apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl: `${url}/` });
		return this;
	}

	async stop(): Promise<void> {
		await this.emulator.stop();
	}

	useCredentials(credentials: ICredentialDataDecryptedObject): void {
		this.credentials = credentials;
		this.credentialsHelper.setCredentials({ [CREDENTIAL_TYPE]: credentials });
	}

	/**
	 * Runs Start (with `items`) → EngageLab through n8n-core's WorkflowExecute. Resource and
	 * operation default to User → Set Contact; `parameters` may set others.
	 */
	async run(
		parameters: INode['parameters'],
		items: Array<IDataObject | INodeExecutionData> = [{}],
		settings: NodeSettings = {},
	): Promise<NodeRunResult> {
		return await runNode(
			{ nodeTypes: this.nodeTypes, credentialsHelper: this.credentialsHelper },
			{
				type: NODE_TYPE,
				name: 'EngageLab',
				parameters: { resource: 'user', operation: 'setContact', ...parameters },
				credentialTypes: [CREDENTIAL_TYPE],
				...settings,
			},
			items,
		);
	}

	async testCredential(credentials: ICredentialDataDecryptedObject = this.credentials) {
		const node = this.nodeTypes.getByNameAndVersion(NODE_TYPE);
		return await testCredentials(this.credentialsHelper, CREDENTIAL_TYPE, credentials, [node]);
	}
}
