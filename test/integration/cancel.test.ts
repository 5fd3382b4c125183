/**
 * Stop means stop, on the real clock: the execution is cancelled (as the editor's Stop button
 * does) while the node paces, waits out a 429, or has requests queued, and the emulator counts
 * what it receives after that moment: nothing, for every resource. Requests already on the wire
 * may finish. Each run is paced (a few requests a second), so no request is in transit at the
 * moment of the Stop: every request counted after it left the node after it.
 */
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';

import { realTiming } from '../../nodes/EngageLab/transport/clock';
import { EMAIL } from '../../nodes/EngageLab/products/email/email.product';
import { OTP } from '../../nodes/EngageLab/products/otp/otp.product';
import { SMS } from '../../nodes/EngageLab/products/sms/sms.product';
import { WHATSAPP } from '../../nodes/EngageLab/products/whatsapp/whatsapp.product';
import { EMAIL_API_KEY, EMAIL_API_USER, emailEmulator } from '../support/emulator/email/emailEmulator';
import { OTP_KEY, OTP_SECRET, otpEmulator } from '../support/emulator/otp/otpEmulator';
import { SMS_KEY, SMS_SECRET, smsEmulator } from '../support/emulator/sms/smsEmulator';
import { WA_KEY, WA_SECRET, whatsappEmulator } from '../support/emulator/whatsapp/whatsappEmulator';
import { EngageLabFixture, type NodeSettings } from '../support/inProcess/maFixture';
import { MessagingFixture } from '../support/inProcess/productFixture';
import type { TestNodeTypes } from '../support/inProcess/nodeTypes';
import type { NodeRunResult } from '../support/inProcess/runWorkflow';

const ma = new EngageLabFixture({ timing: realTiming });
const sms = new MessagingFixture(SMS, (o) => smsEmulator(o), SMS_KEY, SMS_SECRET, realTiming);
const email = new MessagingFixture(EMAIL, (o) => emailEmulator(o), EMAIL_API_USER, EMAIL_API_KEY, realTiming);
const whatsapp = new MessagingFixture(WHATSAPP, (o) => whatsappEmulator(o), WA_KEY, WA_SECRET, realTiming);
const otp = new MessagingFixture(OTP, (o) => otpEmulator(o), OTP_KEY, OTP_SECRET, realTiming);
const fixtures = [ma, sms, email, whatsapp, otp];
beforeAll(async () => void (await Promise.all(fixtures.map(async (f) => await f.start()))));
afterAll(async () => void (await Promise.all(fixtures.map(async (f) => await f.stop()))));
beforeEach(() => fixtures.forEach((f) => f.reset()));

interface Runner {
	emulator: { received: unknown[] };
	nodeTypes: TestNodeTypes;
	run(parameters: INode['parameters'], items: Array<IDataObject | INodeExecutionData>, settings: NodeSettings): Promise<NodeRunResult>;
}

const pause = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs the node, presses Stop once `when()` holds, and counts what the emulator received after
 * the Stop, including a while after the run ended (a request let through late still arrives).
 */
async function stopWhen(fx: Runner, when: () => boolean, parameters: INode['parameters'], items: IDataObject[], settings: NodeSettings = {}) {
	let stop = () => {};
	let ended = false;
	const running = fx.run(parameters, items, { ...settings, onStarted: (cancel) => (stop = cancel) }).finally(() => (ended = true));
	while (!when() && !ended) await pause(5);
	expect(ended).toBe(false);
	const atStop = fx.emulator.received.length;
	stop();
	const result = await running;
	await pause(1_500);
	// Also counted where requests leave the node (sentAfterCancel): none may be handed to n8n after the Stop.
	return { result, atStop, afterStop: fx.emulator.received.length - atStop, sentAfterCancel: fx.nodeTypes.sent.afterCancel };
}

/** The run was cancelled after `sent` requests, and nothing more reached the emulator or left the node. */
function expectStoppedAt({ result, atStop, afterStop, sentAfterCancel }: Awaited<ReturnType<typeof stopWhen>>, sent: number) {
	expect(atStop).toBe(sent);
	expect(afterStop).toBe(0);
	expect(sentAfterCancel).toBe(0);
	expect(result.status).toBe('canceled');
}

const ids = (n: number, from = 100) => Array.from({ length: n }, (_, i) => ({ id: String(from + i) }));
const smsSend = { operation: 'send', to: '={{ "+659123" + $json.id.padStart(4, "0") }}', template: { __rl: true, mode: 'id', value: '123456789' } };

describe('the reporter\'s measurements (SMS Send, real clock)', () => {
	it('Concurrency 30, Max Requests Per Second 1, Stop after 3 sends: nothing more is sent', async () => {
		const run = await stopWhen(
			sms,
			() => sms.emulator.received.length >= 3,
			{ ...smsSend, options: { concurrencyMode: 'fixed', concurrency: 30, maxRequestsPerSecond: 1 } },
			ids(40),
		);

		expectStoppedAt(run, 3);
	}, 20_000);

	it.each(['auto', 'fixed'])('a 429 with Retry-After 5, Stop after 1 s (%s): the retry is never sent', async (concurrencyMode) => {
		sms.emulator.faultRecipient('+6591230100', { kind: 'http429', retryAfter: '5' });
		let firstAt = 0;
		const run = await stopWhen(
			sms,
			() => {
				if (sms.emulator.received.length > 0) firstAt ||= Date.now();
				return firstAt > 0 && Date.now() - firstAt >= 1_000;
			},
			{ ...smsSend, options: { concurrencyMode } },
			ids(1),
		);

		expectStoppedAt(run, 1);
	}, 20_000);
});

const seedUsers = (n: number) => ids(n).forEach(({ id }) => ma.emulator.ma.identities.set(`user_id:${id}`, BigInt(id) * 7n));

/** Every resource kind, paced at 4 requests a second with 10 in flight at most; Stop after 2 requests. */
type Case = [string, Runner, INode['parameters'], IDataObject[], NodeSettings, (() => void)?];
const RESOURCES: Case[] = [
	['MA User → Set Contact', ma, { euid: '={{ $json.id }}', email: 'a@b.co' }, ids(40), {}],
	[
		'MA User → Set Contact by User ID (the lookups first)',
		ma,
		{ identifyBy: 'userId', identityValue: '={{ $json.id }}', email: 'a@b.co' },
		ids(450),
		{ typeVersion: 2 },
		() => seedUsers(450),
	],
	['MA User → Get EUID', ma, { operation: 'getEuid', identityType: 'user_id', identityValue: '={{ $json.id }}' }, ids(800), {}, () => seedUsers(800)],
	['MA User → Set Properties', ma, { operation: 'setProperties', euid: '={{ $json.id }}', properties: { property: [{ name: 'tier', value: 'gold' }] } }, ids(40), {}],
	['MA Event → Report', ma, { resource: 'event', operation: 'report', euid: '={{ $json.id }}', eventName: 'sign_up', eventTime: '1654076420000', batchSize: 1 }, ids(40), {}],
	['SMS → Send', sms, smsSend, ids(40), {}],
	['Email → Send', email, { operation: 'send', from: 'support@mail.acme.com', to: '={{ "u" + $json.id + "@example.com" }}', subject: 'Hi', html: '<p>Hi</p>' }, ids(40), {}],
	[
		'WhatsApp → Send Template',
		whatsapp,
		{
			operation: 'sendTemplate',
			to: '={{ "+4479111" + $json.id.padStart(5, "0") }}',
			template: { __rl: true, mode: 'list', value: 'order_update|en' },
			templateVariables: {
				mappingMode: 'defineBelow',
				value: { header_1: 'A-1', body_1: 'Ada', body_2: 'A-1', body_3: 'Friday' },
				matchingColumns: [],
				schema: ['header_1', 'body_1', 'body_2', 'body_3'].map((id) => ({ id, displayName: id, required: true, defaultMatch: false, display: true, type: 'string' })),
			},
		},
		ids(40),
		{},
	],
	['OTP → Send', otp, { operation: 'send', to: '={{ "+659123" + $json.id.padStart(4, "0") }}', template: { __rl: true, mode: 'id', value: 'login-code' } }, ids(40), {}],
];

describe.each(['fixed', 'auto'])('Stop while paced (Concurrency Mode %s): no request after it, for every resource', (concurrencyMode) => {
	it.each(RESOURCES.map(([name, fx, parameters, items, settings, seed]) => ({ name, fx, parameters, items, settings, seed })))('$name', async ({ fx, parameters, items, settings, seed }) => {
		seed?.();
		const options = { concurrencyMode, concurrency: 10, maxRequestsPerSecond: 4 };
		const run = await stopWhen(fx, () => fx.emulator.received.length >= 2, { ...parameters, options }, items, settings);

		expectStoppedAt(run, 2);
	}, 20_000);
});
