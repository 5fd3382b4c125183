import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationNames, resourceProperties, sendingOperations, workFor } from './actions/router';
import { CREDENTIAL_TESTS, credentialDisplay, productOf, RESOURCES } from './catalog';
import { AdaptiveConcurrency } from './execution/adaptiveConcurrency';
import { processLag } from './execution/eventLoopLag';
import { failEveryItem, runJobs } from './execution/runner';
import { Scheduler } from './execution/scheduler';
import { credentialKey, sharedRateLimits } from './execution/sharedRateLimit';
import { sendLedgerFor } from './execution/sendLedger';
import { listSearch } from './methods/listSearch';
import { resourceMapping } from './methods/resourceMapping';
import { connect } from './products/connection';
import { EMAIL } from './products/email/email.product';
import { MA } from './products/ma/ma.product';
import { OTP } from './products/otp/otp.product';
import { SMS } from './products/sms/sms.product';
import { WHATSAPP } from './products/whatsapp/whatsapp.product';
import { APP_PUSH } from './products/push/appPush.product';
import { WEB_PUSH } from './products/push/webPush.product';
import { OPTIONS_PROPERTY, readOptions, type CheckedOptions } from './runOptions';
import { realTiming, type Timing } from './transport/clock';
import type { Connection, RequestSettings } from './transport/request';
import { RequestGate } from './transport/retry';
import { DEFAULT_NODE_VERSION, NODE_VERSIONS, versionsWhere } from './versions';

/**
 * The subtitle under the node on the canvas: version 1 shows `setContact: user`, later versions
 * the operation's display name ("Set Contact"), as n8n's built-in nodes do.
 */
const SUBTITLE = `={{ [${versionsWhere((d) => d.subtitle, 'operationValue').join(', ')}].includes($nodeVersion) ? $parameter["operation"] + ": " + $parameter["resource"] : ${JSON.stringify(operationNames(RESOURCES))}[$parameter["resource"] + ":" + $parameter["operation"]] }}`;

/**
 * On the message sends: n8n's Retry On Fail (node Settings) re-runs every item, and the send
 * ledger (execution/sendLedger.ts) and Email's stable Request ID make that safe.
 */
const RETRY_ON_FAIL_NOTICE: INodeProperties = {
	displayName:
		'Retry On Fail (node Settings) is safe with this send: when n8n re-runs the node in the same execution, an item already sent is not sent again (it gets its first output), and one whose answer was lost fails again without a resend. Details: docs/messaging/guide.md.',
	name: 'retryOnFailNotice',
	type: 'notice',
	default: '',
	description: 'Why n8n\'s Retry On Fail does not send a message twice (see the notice text)',
	displayOptions: { show: sendingOperations(RESOURCES) },
};

export class EngageLab implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'EngageLab',
		name: 'engageLab',
		icon: { light: 'file:engagelab.svg', dark: 'file:engagelab.dark.svg' },
		group: ['output'],
		// One description for every version; what differs is in versions.ts (see docs/DEVELOPMENT.md).
		version: [...NODE_VERSIONS],
		defaultVersion: DEFAULT_NODE_VERSION,
		subtitle: SUBTITLE,
		description:
			'Manage users and events in EngageLab Marketing Automation, and send SMS, email, WhatsApp messages and verification codes through EngageLab',
		defaults: { name: 'EngageLab' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// One credential per product, each shown (and required) only for its resources (catalog.ts,
		// credentialDisplay). Written out, not mapped from the catalog: n8n's lint reads the names
		// and testedBy only from literals; test/unit/catalog.test.ts checks them against the catalog.
		credentials: [
			{ name: 'engageLabApi', required: true, testedBy: 'engageLabApiTest', displayOptions: credentialDisplay(MA) },
			{ name: 'engageLabSmsApi', required: true, testedBy: 'engageLabSmsApiTest', displayOptions: credentialDisplay(SMS) },
			{ name: 'engageLabOtpApi', required: true, testedBy: 'engageLabOtpApiTest', displayOptions: credentialDisplay(OTP) },
			{ name: 'engageLabEmailApi', required: true, testedBy: 'engageLabEmailApiTest', displayOptions: credentialDisplay(EMAIL) },
			{ name: 'engageLabWhatsAppApi', required: true, testedBy: 'engageLabWhatsAppApiTest', displayOptions: credentialDisplay(WHATSAPP) },
			{ name: 'engageLabAppPushApi', required: true, testedBy: 'engageLabAppPushApiTest', displayOptions: credentialDisplay(APP_PUSH) },
			{ name: 'engageLabWebPushApi', required: true, testedBy: 'engageLabWebPushApiTest', displayOptions: credentialDisplay(WEB_PUSH) },
		],
		properties: [
			...resourceProperties(RESOURCES, 'user'),
			RETRY_ON_FAIL_NOTICE,
			OPTIONS_PROPERTY,
		],
	};

	methods = {
		credentialTest: CREDENTIAL_TESTS,
		listSearch,
		resourceMapping,
	};

	/** execute() as n8n calls it, with `this` the execution context. */
	execute: (this: IExecuteFunctions) => Promise<INodeExecutionData[][]>;

	/** `timing` is the clock, waits and jitter the node uses: tests pass virtual ones. */
	constructor(timing: Timing = realTiming) {
		this.execute = async function (this: IExecuteFunctions) {
			return await execute(this, timing);
		};
	}
}

async function execute(ctx: IExecuteFunctions, timing: Timing): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const version = ctx.getNode().typeVersion;
	const continueOnFail = ctx.continueOnFail();
	const failAll = (error: unknown) => [failEveryItem(ctx, error, { continueOnFail, itemCount: items.length })];
	let options: CheckedOptions;
	let connection: Connection;
	const product = productOf(resource);
	try {
		options = readOptions(ctx, version);
		connection = await connect(ctx, product);
	} catch (error) {
		// With "continue on fail" a setting or credential problem fails each item, not the run.
		return failAll(error);
	}
	const run = { concurrency: options.concurrency, continueOnFail, itemCount: items.length };
	const signal = ctx.getExecutionCancelSignal();
	const rate = options.maxRequestsPerSecond;
	const settings: RequestSettings = {
		...connection,
		timeout: options.timeout,
		maxAttempts: options.maxAttempts,
		retryDelay: options.retryDelay,
		gate: new RequestGate(rate > 0 ? 1000 / rate : 0, timing, signal),
		timing,
		signal,
	};
	// Auto: one controller for every request of the run, told of each 429 pause by the run's gate.
	const adaptive = options.concurrencyMode === 'auto' ? new AdaptiveConcurrency(timing, { max: run.concurrency, latencyCeiling: options.timeout / 4, ownDelay: processLag.within }) : undefined;
	// Auto: the pause after a 429 and the rate where 429s began, shared with this credential's other
	// runs in this process (execution/sharedRateLimit.ts; keyed without the secret).
	const keyId = connection.credential?.data?.[product.userField];
	const shared = adaptive && sharedRateLimits.join(credentialKey(product.credentialType, connection.baseUrl, keyId), { gate: settings.gate, timing, signal, controller: adaptive });
	try {
		const scheduler = new Scheduler(ctx, settings, run.concurrency, adaptive, shared);
		let work: ReturnType<typeof workFor>;
		try {
			work = workFor(ctx, RESOURCES, resource, operation, { ...run, version, scheduler });
		} catch (error) {
			return failAll(error); // an operation's run-wide setting (e.g. Report's Batch Size) is refused
		}
		const ledger = sendLedgerFor(ctx);
		const output = await runJobs(ctx, work, settings, { ...run, scheduler, ledger });
		ledger?.finished(output);
		return [output];
	} finally {
		// What Auto found, for whoever wonders why a run took as long as it did (N8N_LOG_LEVEL=debug).
		if (adaptive) ctx.logger?.debug('EngageLab Concurrency Mode Auto', { node: ctx.getNode().name, items: items.length, ...adaptive.summary(), ...shared?.summary() });
		shared?.leave();
	}
}
