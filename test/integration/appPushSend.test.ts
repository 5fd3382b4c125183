/**
 * App Push → Send against the push emulator, through n8n-core's real request helpers: the exact
 * body, the output with its long message ID, Validate Only (nothing sent), bad input refused
 * before sending, retries that cannot double a push (the cid), 23008 as 400 and as 429, both
 * error shapes, and the credential test.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { APP_PUSH } from '../../nodes/EngageLab/products/push/appPush.product';
import { PushFixture } from '../support/inProcess/pushFixture';

const fx = new PushFixture(APP_PUSH);
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(async () => await fx.restart());

const send = (extra: Record<string, unknown> = {}) => ({
	operation: 'send',
	audience: 'custom',
	audienceFilters: { tags: 'vip, buyers' },
	platform: ['android', 'ios'],
	content: 'notification',
	alert: 'Your order has shipped',
	android: { title: 'Order A-1' },
	...extra,
});

const bodyOf = (i = 0) => JSON.parse(fx.emulator.requests[i].body) as Record<string, unknown>;

describe('App Push → Send', () => {
	it('sends the built body with a stable cid and outputs the message ID as a string past 2^53', async () => {
		const result = await fx.run(send({ pushOptions: { extras: { row: [{ key: 'order', value: 'A-1' }] }, requestId: 'r-1' } }));

		expect(result.status).toBe('success');
		expect(fx.emulator.requests).toHaveLength(1);
		expect(fx.emulator.requests[0].path).toBe('/v4/push');
		expect(fx.emulator.requests[0].headers.authorization).toBe(fx.emulator.authorization);
		const body = bodyOf();
		const cid = ((body.body as Record<string, unknown>).options as Record<string, unknown>).cid as string;
		expect(cid).toMatch(/^n8n-[A-Za-z0-9_-]{43}$/);
		expect(body).toEqual({
			to: { tag: ['vip', 'buyers'] },
			request_id: 'r-1',
			body: {
				platform: ['android', 'ios'],
				notification: {
					alert: 'Your order has shipped',
					android: { title: 'Order A-1', extras: { order: 'A-1' } },
					ios: { extras: { order: 'A-1' } },
				},
				options: { cid },
			},
		});
		const msgId = fx.emulator.sent[0].msgId.toString();
		expect(BigInt(msgId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
		expect(result.items).toEqual([{ json: { request_id: 'r-1', msg_id: msgId, cid }, pairedItem: { item: 0 } }]);
	});

	it('gives every item its own cid, and the same cid again on a second run of the same execution only', async () => {
		const result = await fx.run(send(), [{}, {}]);
		const cids = result.items.map((i) => i.json.cid);
		expect(new Set(cids).size).toBe(2);
		expect(fx.emulator.sent).toHaveLength(2);
	});

	it('Validate Only posts to /v4/push/validate without a cid and sends nothing', async () => {
		const result = await fx.run(send({ validateOnly: true }));

		expect(result.status).toBe('success');
		expect(fx.emulator.requests.map((r) => r.path)).toEqual(['/v4/push/validate']);
		expect((bodyOf().body as Record<string, unknown>).options).toBeUndefined();
		expect(fx.emulator.sent).toHaveLength(0);
		expect(result.items[0].json).toMatchObject({ validateOnly: true, valid: true });
		expect(result.items[0].json.msg_id).toBeUndefined();
		expect(typeof result.items[0].json.validateMsgId).toBe('string');
	});

	it('refuses bad input before sending, with the item index, and keeps the good items', async () => {
		const result = await fx.run(
			send({ audienceFilters: { registrationIds: '={{ $json.ids }}' }, pushOptions: { bigPushDuration: '={{ $json.duration }}' } }),
			[
				{ ids: 'r1', duration: 10 },
				{ ids: '', duration: 10 },
				{ ids: Array.from({ length: 1001 }, (_, i) => `r${i}`).join(','), duration: 10 },
				{ ids: 'r1', duration: 5000 },
			],
			{ onError: 'continueErrorOutput' },
		);

		expect(fx.emulator.requests).toHaveLength(1);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(result.errorItems.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }, { item: 3 }]);
		expect(result.errorItems.map((i) => JSON.stringify(i.json.error))).toEqual([
			expect.stringContaining('The audience is empty'),
			expect.stringContaining('more than the 1000'),
			expect.stringContaining('Big Push Duration'),
		]);
	});

	it('a stored push with iOS fields but Platforms Android only: the iOS fields reach the node (n8n keeps them, D42), which refuses the item', async () => {
		const result = await fx.run(send({ platform: ['android'], ios: { title: 'Order A-1' } }), [{}], { onError: 'continueErrorOutput' });

		expect(fx.emulator.requests).toHaveLength(0);
		expect(result.errorItems.map((i) => [i.pairedItem, JSON.stringify(i.json.error)])).toEqual([[{ item: 0 }, expect.stringContaining('ios is not a selected platform')]]);
	});

	it('refuses a user cid of a bad format, and a cid already used by an earlier item of the run', async () => {
		const result = await fx.run(send({ pushOptions: { cid: '={{ $json.cid }}' } }), [{ cid: 'order-1' }, { cid: 'order-1' }, { cid: 'bad cid!' }], {
			onError: 'continueErrorOutput',
		});

		expect(fx.emulator.sent.map((s) => s.cid)).toEqual(['order-1']);
		expect(result.items.map((i) => i.json.cid)).toEqual(['order-1']);
		expect(result.errorItems.map((i) => [i.pairedItem, JSON.stringify(i.json.error)])).toEqual([
			[{ item: 1 }, expect.stringContaining('already used by item 0')],
			[{ item: 2 }, expect.stringContaining('Duplicate Protection ID must be')],
		]);
	});
});

describe('App Push → Send: retries that cannot double a push', () => {
	it('a reset after EngageLab applied it is retried with the same cid, and the push goes out once', async () => {
		fx.emulator.fault({ kind: 'resetAfterApply', path: '/v4/push' });
		const result = await fx.run(send());

		expect(result.status).toBe('success');
		expect(fx.emulator.requests).toHaveLength(2);
		expect(bodyOf(0)).toEqual(bodyOf(1));
		expect(fx.emulator.sent).toHaveLength(1);
		expect(result.items[0].json.msg_id).toBe(fx.emulator.sent[0].msgId.toString());
	});

	it('a cut-off answer and an HTTP 503 with 21030 are retried with the same cid: sent once', async () => {
		fx.emulator.fault({ kind: 'truncateAfterApply', path: '/v4/push' });
		fx.emulator.fault({ kind: 'status', status: 503, code: 21030, path: '/v4/push' });
		const result = await fx.run(send());

		expect(result.status).toBe('success');
		expect(fx.emulator.requests).toHaveLength(3);
		expect(fx.emulator.sent).toHaveLength(1);
	});

	it('without a cid (Duplicate Protection off) an ambiguous failure is not repeated', async () => {
		fx.emulator.fault({ kind: 'resetAfterApply', path: '/v4/push' });
		const result = await fx.run(send({ pushOptions: { duplicateProtection: false } }), [{}], { onError: 'continueErrorOutput' });

		expect(fx.emulator.requests).toHaveLength(1);
		expect(((bodyOf().body as Record<string, unknown>).options as Record<string, unknown> | undefined)?.cid).toBeUndefined();
		expect(fx.emulator.sent).toHaveLength(1);
		expect(JSON.stringify(result.errorItems[0].json.error)).toContain('may or may not have been applied');
		expect(result.errorItems[0].pairedItem).toEqual({ item: 0 });
	});

	it.each([400, 429] as const)('23008 answered with HTTP %i is the rate limit: the node pauses and repeats it, sent once', async (status) => {
		await fx.restart({ rateLimitStatus: status });
		fx.emulator.forceRateLimit(1);
		const result = await fx.run(send({ pushOptions: { duplicateProtection: false } }));

		expect(result.status).toBe('success');
		expect(fx.emulator.requests.map((r) => r.status)).toEqual([status, 200]);
		expect(fx.emulator.sent).toHaveLength(1);
		expect(fx.timing.waits.length).toBeGreaterThan(0);
	});

	it('n8n Retry On Fail repeats the same cid, so EngageLab dedups the retried push', async () => {
		// Item 1 fails on its own (bad audience) and is thrown, so n8n re-runs the node: item 0 again.
		const result = await fx.run(send({ audienceFilters: { tags: '={{ $json.tags }}' } }), [{ tags: 'ok' }, { tags: '' }], {
			retryOnFail: true,
			maxTries: 2,
			waitBetweenTries: 0,
		});

		expect(result.status).toBe('error');
		const pushes = fx.emulator.requests.filter((r) => r.path === '/v4/push');
		expect(pushes).toHaveLength(2);
		expect(bodyOf(0)).toEqual(bodyOf(1));
		expect(fx.emulator.sent).toHaveLength(1);
	});
});

describe('App Push → Send: Stop', () => {
	it('nothing is sent after Stop, even a push waiting out a rate limit', async () => {
		fx.emulator.forceRateLimit(1);
		let stop = () => {};
		fx.timing.onWait = () => stop();
		const result = await fx.run(send({ options: { concurrency: 1 } }), [{}, {}, {}], { onStarted: (cancel) => (stop = cancel) });

		expect(fx.emulator.requests.map((r) => r.status)).toEqual([400]);
		expect(fx.emulator.sent).toHaveLength(0);
		expect(result.status).not.toBe('success');
	});
});

describe('App Push → Send: EngageLab errors', () => {
	it.each(['nested', 'flat'] as const)('a wrong Master Secret (21004, %s shape) fails with the code in English', async (errorStyle) => {
		await fx.restart({ errorStyle });
		fx.useCredentials({ ...fx.credentials, masterSecret: 'wrong-secret-123' });
		const result = await fx.run(send(), [{}], { continueOnFail: true });

		const error = result.items[0].json as Record<string, unknown>;
		expect(JSON.stringify(error)).toContain('EngageLab App Push error 21004: Verification failed');
		expect(JSON.stringify(result.items)).not.toContain('wrong-secret-123');
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('an error thrown without continue-on-fail is a NodeApiError with the code', async () => {
		fx.useCredentials({ ...fx.credentials, masterSecret: 'wrong-secret-123' });
		const result = await fx.run(send());
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('21004');
	});

	it('bad input throws a NodeOperationError naming the item', async () => {
		const result = await fx.run(send({ audienceFilters: {} }));
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(fx.emulator.requests).toHaveLength(0);
	});
});

describe('App Push credential test', () => {
	it('passes on EngageLab\'s tag count answer and fails on a wrong pair, writing nothing', async () => {
		expect(await fx.testCredential()).toMatchObject({ status: 'OK' });
		expect(fx.emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v4/tags_count']);
		const wrong = await fx.testCredential({ ...fx.credentials, masterSecret: 'nope-nope-nope' });
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toContain('21004');
		expect(fx.emulator.sent).toHaveLength(0);
	});

	it('fails on an answer that is not EngageLab\'s', async () => {
		const result = await fx.testCredential({ ...fx.credentials, baseUrl: `${fx.emulator.url}/v4/elsewhere` });
		expect(result.status).toBe('Error');
	});
});
