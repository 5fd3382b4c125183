/**
 * Web Push → Send Batch against the push emulator (Web Push mode): platform "web" per entry with
 * the Web notification and buttons, aliases, chunking, partial success, per-target 23008 and
 * missing results, both error styles and rate-limit statuses, faults with 0 duplicate pushes,
 * Stop, continue on fail and Retry On Fail. The emulator's clock follows the node's virtual one.
 */
import { NodeApiError } from 'n8n-workflow';

import { WEB_PUSH } from '../../nodes/EngageLab/products/push/webPush.product';
import { PushFixture } from '../support/inProcess/pushFixture';

const fx = new PushFixture(WEB_PUSH, { realClock: true });
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
const restart = async (options: Parameters<typeof fx.restart>[0] = {}) => {
	await fx.restart(options);
	fx.timing.onWait = (ms) => fx.emulator.advance(ms);
};
beforeEach(async () => await restart());

const batch = (extra: Record<string, unknown> = {}) => ({
	operation: 'sendBatch',
	targetType: 'alias',
	target: '={{ $json.target }}',
	content: 'notification',
	alert: 'Back in stock',
	web: { title: 'Shop', url: '={{ "https://shop.example/item/" + $json.item }}', buttons: { button: [{ text: 'Open', url: 'https://shop.example/' }] } },
	...extra,
});

type Json = Record<string, unknown>;
const batchRequests = () => fx.emulator.requests.filter((r) => r.path.startsWith('/v4/batch/'));
const entriesOf = (i: number) => (JSON.parse(batchRequests()[i].body) as { requests: Json[] }).requests;
const buyers = (n: number) => Array.from({ length: n }, (_, i) => ({ target: `buyer${i}`, item: i }));
const pushesPerCid = () => {
	const counts = new Map<string, number>();
	for (const s of fx.emulator.sent) counts.set(s.cid ?? '', (counts.get(s.cid ?? '') ?? 0) + 1);
	return [...counts.values()];
};

describe('Web Push → Send Batch', () => {
	it('sends platform "web", each item\'s Web notification and the buttons per entry, and a result per target', async () => {
		const result = await fx.run(batch(), [{ target: 'buyer1, buyer2', item: 7 }]);

		expect(result.status).toBe('success');
		expect(batchRequests().map((r) => r.path)).toEqual(['/v4/batch/push/alias']);
		const [a, b] = entriesOf(0);
		const cidA = (a.options as Json).cid as string;
		expect(a).toEqual({
			target: 'buyer1',
			platform: 'web',
			notification: { alert: 'Back in stock', web: { alert: 'Back in stock', title: 'Shop', url: 'https://shop.example/item/7' } },
			options: { web_buttons: [{ text: 'Open', url: 'https://shop.example/' }], cid: cidA },
		});
		expect(b.target).toBe('buyer2');
		expect((b.options as Json).cid).not.toBe(cidA);
		expect(result.items.map((i) => [i.json.target, i.json.msg_id, i.pairedItem])).toEqual([
			['buyer1', fx.emulator.sent[0].msgId.toString(), { item: 0 }],
			['buyer2', fx.emulator.sent[1].msgId.toString(), { item: 0 }],
		]);
	});

	it('splits 700 targets into 500 + 200, a repeated alias into the next request', async () => {
		await restart({ requestsPerSecond: 1_000_000 }); // the chunks alone: no rate limit re-queues anything
		const result = await fx.run(batch({ options: { concurrency: 1 } }), [...buyers(700), { target: 'buyer3', item: 'again' }]);

		expect(result.status).toBe('success');
		expect(batchRequests().map((_, i) => entriesOf(i).length)).toEqual([500, 201]);
		expect(entriesOf(1).at(-1)?.target).toBe('buyer3');
		expect(result.items.map((i) => i.pairedItem)).toEqual(Array.from({ length: 701 }, (_, item) => ({ item })));
	});

	it('partial success: an unknown alias goes to the error output with the code in English; continue on fail keeps it in place', async () => {
		await restart({ requireKnownTargets: true });
		fx.emulator.addDevice('w1', { alias: 'buyer0' });
		const errorOutput = await fx.run(batch(), buyers(2), { onError: 'continueErrorOutput' });
		expect(errorOutput.items.map((i) => i.json.target)).toEqual(['buyer0']);
		expect((errorOutput.errorItems[0].json.error as Json).code).toBe(20101);
		expect(String((errorOutput.errorItems[0].json.error as Json).message)).toMatch(/^EngageLab Web Push error 20101: /);

		const inPlace = await fx.run(batch(), buyers(2), { continueOnFail: true });
		expect(inPlace.items.map((i) => [i.pairedItem, i.json.error === undefined])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, false],
		]);
	});

	it.each([400, 429] as const)('per-target 23008 (style %i) is sent again after the pause, and a whole-request 23008 repeated: each pushed once', async (status) => {
		await restart({ requestsPerSecond: 2, rateLimitStatus: status });
		fx.emulator.forceRateLimit(1);
		const result = await fx.run(batch(), buyers(3));

		expect(result.status).toBe('success');
		expect(batchRequests().map((r) => r.status)).toEqual([status, 200, 200]);
		expect(entriesOf(2).map((e) => e.target)).toEqual(['buyer2']);
		expect(pushesPerCid()).toEqual([1, 1, 1]);
	});

	it('a missing result is sent again with its cid; a reset after apply repeats the chunk: 0 duplicate pushes', async () => {
		fx.emulator.omitResult('buyer0', true);
		expect((await fx.run(batch(), buyers(2))).status).toBe('success');
		expect(batchRequests().map((_, i) => entriesOf(i).map((e) => e.target))).toEqual([['buyer0', 'buyer1'], ['buyer0']]);
		expect(pushesPerCid()).toEqual([1, 1]);

		await restart();
		fx.emulator.fault({ kind: 'resetAfterApply', path: '/v4/batch/' });
		expect((await fx.run(batch(), buyers(2))).status).toBe('success');
		expect(batchRequests()).toHaveLength(2);
		expect(pushesPerCid()).toEqual([1, 1]);
	});

	it.each(['nested', 'flat'] as const)('a whole-request refusal (%s style) fails every target with the code; thrown without continue on fail', async (errorStyle) => {
		await restart({ errorStyle });
		fx.useCredentials({ ...fx.credentials, masterSecret: 'wrong-secret-123' });
		const result = await fx.run(batch(), buyers(2));

		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).message).toContain('EngageLab Web Push error 21004');
		expect(batchRequests()).toHaveLength(1);
	});

	it('refuses an http-less URL and a third button before sending', async () => {
		const result = await fx.run(
			batch({ web: { url: '={{ $json.url }}', buttons: { button: [{ text: 'A', url: 'https://a/' }, { text: 'B', url: 'https://b/' }, { text: 'C', url: 'https://c/' }] } } }),
			[{ target: 'buyer0', url: 'ftp://x' }],
			{ onError: 'continueErrorOutput' },
		);
		expect(fx.emulator.requests).toHaveLength(0);
		expect(result.errorItems.map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(JSON.stringify(result.errorItems[0].json.error)).toMatch(/URL|button/i);
		expect(JSON.stringify(result.errorItems[0].json.error)).not.toContain('is not supported');
	});

	it('Retry On Fail repeats the same cids: nothing pushed twice; Stop sends nothing more', async () => {
		await restart({ requireKnownTargets: true });
		fx.emulator.addDevice('w1', { alias: 'buyer0' });
		const retried = await fx.run(batch(), buyers(2), { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 });
		expect(retried.status).toBe('error');
		expect(batchRequests()).toHaveLength(2);
		expect(pushesPerCid()).toEqual([1]);

		await restart({ requestsPerSecond: 1 });
		let stop = () => {};
		fx.timing.onWait = (ms) => {
			fx.emulator.advance(ms);
			if (ms >= 1_000) stop();
		};
		const stopped = await fx.run(batch(), buyers(3), { onStarted: (cancel) => (stop = cancel) });
		expect(batchRequests()).toHaveLength(1);
		expect(fx.emulator.sent).toHaveLength(1);
		expect(stopped.status).not.toBe('success');
	});
});
