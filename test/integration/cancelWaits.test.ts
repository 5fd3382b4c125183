/**
 * Stop means stop, on the virtual clock: the execution is cancelled during each kind of wait the
 * node has (the pacing gate, a 429 pause, a retry backoff, a job queued for a slot, Identify User
 * By's lookup, an Auto slot between attempts), and no request is handed to n8n's request helper
 * after that (counted where requests leave the node, TestNodeTypes.sent), nor reaches the emulator.
 */
import type { IDataObject, INode } from 'n8n-workflow';

import { SMS } from '../../nodes/EngageLab/products/sms/sms.product';
import { SMS_KEY, SMS_SECRET, smsEmulator } from '../support/emulator/sms/smsEmulator';
import { EngageLabFixture, type NodeSettings } from '../support/inProcess/maFixture';
import { MessagingFixture } from '../support/inProcess/productFixture';
import type { VirtualTiming } from '../support/inProcess/virtualTiming';

const ma = new EngageLabFixture();
const sms = new MessagingFixture(SMS, (o) => smsEmulator(o), SMS_KEY, SMS_SECRET);
beforeAll(async () => void (await Promise.all([ma.start(), sms.start()])));
afterAll(async () => void (await Promise.all([ma.stop(), sms.stop()])));
beforeEach(() => [ma, sms].forEach((f) => f.reset()));

type Fixture = typeof ma | typeof sms;
const pause = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));
const ids = (n: number, from = 100) => Array.from({ length: n }, (_, i) => ({ id: String(from + i) }));
const smsSend = { operation: 'send', to: '={{ "+659123" + $json.id.padStart(4, "0") }}', template: { __rl: true, mode: 'id', value: '123456789' } };
const setContact = { euid: '={{ $json.id }}', email: 'a@b.co' };

/**
 * Runs the node and presses Stop during the first virtual wait at which `when()` holds (or, for
 * waits that are no sleep, such as a slot, as soon as it holds on the real clock).
 */
async function stopDuringWait(fx: Fixture, when: () => boolean, parameters: INode['parameters'], items: IDataObject[], settings: NodeSettings = {}) {
	let stop: (() => void) | undefined;
	let stopped = false;
	const press = () => {
		if (stopped || !stop || !when()) return;
		stopped = true;
		stop();
	};
	(fx.timing as VirtualTiming).onWait = press;
	const running = fx.run(parameters, items, { ...settings, onStarted: (cancel) => (stop = cancel) });
	let ended = false;
	void running.finally(() => (ended = true));
	while (!stopped && !ended) {
		press();
		await pause(5);
	}
	const result = await running;
	expect(stopped).toBe(true);
	await pause(300);
	// The emulator got no more than what left the node before the Stop (one may still have been in transit then).
	expect(fx.emulator.received.length).toBeLessThanOrEqual(fx.nodeTypes.sent.beforeCancel);
	return { result, sentAfterCancel: fx.nodeTypes.sent.afterCancel };
}

describe('the reporter\'s virtual-clock measurement', () => {
	it('Concurrency 50, Max Requests Per Second 2, Stop after 2 sends: nothing more is sent', async () => {
		const { result, sentAfterCancel } = await stopDuringWait(
			sms,
			() => sms.emulator.received.length >= 2,
			{ ...smsSend, options: { concurrencyMode: 'fixed', concurrency: 50, maxRequestsPerSecond: 2 } },
			ids(60),
		);

		expect(sentAfterCancel).toBe(0);
		expect(result.status).toBe('canceled');
	});
});

describe.each(['fixed', 'auto'])('Stop during each wait (Concurrency Mode %s)', (concurrencyMode) => {
	it('the pacing gate', async () => {
		const { sentAfterCancel } = await stopDuringWait(
			ma,
			() => ma.emulator.received.length >= 3,
			{ ...setContact, options: { concurrencyMode, concurrency: 20, maxRequestsPerSecond: 5 } },
			ids(30),
		);

		expect(sentAfterCancel).toBe(0);
	});

	it('the pause after a 429 (every request of the run held back)', async () => {
		ma.emulator.faultEuid('100', { kind: 'http429', retryAfter: '5' });
		const { sentAfterCancel } = await stopDuringWait(
			ma,
			() => ma.waits.length > 0, // during the wait, not while the attempt is on the wire
			{ ...setContact, options: { concurrencyMode, concurrency: 1 } },
			ids(10),
		);

		expect(sentAfterCancel).toBe(0);
		expect(ma.emulator.received).toHaveLength(1);
	});

	it('a retry backoff (HTTP 500 on an idempotent call)', async () => {
		ma.emulator.faultEuid('100', 'http500');
		const { sentAfterCancel } = await stopDuringWait(
			ma,
			() => ma.waits.length > 0, // during the wait, not while the attempt is on the wire
			{ ...setContact, options: { concurrencyMode, concurrency: 1, retryDelay: 2_000 } },
			ids(1),
		);

		expect(sentAfterCancel).toBe(0);
		expect(ma.emulator.received).toHaveLength(1);
	});

	it('Identify User By\'s lookup, retried after a 429: neither the lookup nor the change is sent', async () => {
		ids(5).forEach(({ id }) => ma.emulator.ma.identities.set(`user_id:${id}`, BigInt(id)));
		ma.emulator.faultPath('/v1/user/register', { kind: 'http429', retryAfter: '3' });
		const { sentAfterCancel } = await stopDuringWait(
			ma,
			() => ma.waits.length > 0, // during the wait, not while the attempt is on the wire
			{ identifyBy: 'userId', identityValue: '={{ $json.id }}', email: 'a@b.co', options: { concurrencyMode } },
			ids(5),
			{ typeVersion: 2 },
		);

		expect(sentAfterCancel).toBe(0);
		expect(ma.emulator.received.map((r) => r.path)).toEqual(['/v1/user/register']);
	});
});

/** 40 Set Contacts under Auto (4 slots to start, a cap of 30), continue on fail; Stop once 4 requests arrived. */
const stopAutoOnceFourArrive = () =>
	stopDuringWait(
		ma,
		() => ma.emulator.received.length >= 4,
		{ ...setContact, options: { concurrencyMode: 'auto', concurrency: 30 } },
		ids(40),
		{ onError: 'continueRegularOutput' },
	);

it('Auto: a request waiting for a slot between attempts (after a 429) is not sent again', async () => {
	// 4 slots; the first request meets a 429, gives its slot back and waits, the others hang.
	ma.emulator.faultEuid('100', { kind: 'http429', retryAfter: '2' });
	for (const { id } of ids(3, 101)) ma.emulator.faultEuid(id, 'hang');
	const { sentAfterCancel } = await stopAutoOnceFourArrive();

	expect(sentAfterCancel).toBe(0);
});

it('Auto: jobs queued for a slot while the requests in flight hang (continue on fail)', async () => {
	// Auto starts with 4 slots of its cap of 30, so 26 jobs wait for one (Fixed has as many jobs as
	// slots). With continue on fail the cancelled requests' errors do not stop the queued jobs.
	for (const { id } of ids(4)) ma.emulator.faultEuid(id, 'hang');
	const { sentAfterCancel } = await stopAutoOnceFourArrive();

	expect(sentAfterCancel).toBe(0);
	expect(ma.emulator.received).toHaveLength(4);
});
