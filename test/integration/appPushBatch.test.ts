/**
 * App Push → Send Batch against the push emulator, through n8n-core's real request helpers: the
 * exact bodies, 500 entries per request with each target once, a result per target in input
 * order, partial success, per-target 23008 and missing results, whole-request errors in both
 * styles and both rate-limit statuses, faults with 0 duplicate pushes, Stop, continue on fail and
 * the error output, and n8n's Retry On Fail. The emulator's clock follows the node's virtual one.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { APP_PUSH } from '../../nodes/EngageLab/products/push/appPush.product';
import { PushFixture } from '../support/inProcess/pushFixture';

// The emulator's clock runs as the node's virtual one does: real time plus every wait the node asked for.
const fx = new PushFixture(APP_PUSH, { realClock: true });
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(async () => {
	await fx.restart();
	fx.timing.onWait = (ms) => fx.emulator.advance(ms);
});

const batch = (extra: Record<string, unknown> = {}) => ({
	operation: 'sendBatch',
	targetType: 'regid',
	target: '={{ $json.target }}',
	platform: ['android', 'ios'].slice(0, 1),
	content: 'notification',
	alert: '={{ "Order " + $json.order + " shipped" }}',
	...extra,
});

type Json = Record<string, unknown>;
const batchRequests = () => fx.emulator.requests.filter((r) => r.path.startsWith('/v4/batch/'));
const entriesOf = (i: number) => (JSON.parse(batchRequests()[i].body) as { requests: Json[] }).requests;
const targets = (n: number, prefix = 'rid') => Array.from({ length: n }, (_, i) => ({ target: `${prefix}${i}`, order: i }));
/** Pushes per target: more than one for a target of one item would be a duplicate push. */
const pushesPerCid = () => {
	const counts = new Map<string, number>();
	for (const s of fx.emulator.sent) counts.set(s.cid ?? '', (counts.get(s.cid ?? '') ?? 0) + 1);
	return [...counts.values()];
};

describe('App Push → Send Batch', () => {
	it('sends one entry per target with the item\'s own content and a cid each, and outputs a result per target in input order', async () => {
		const result = await fx.run(batch(), [{ target: 'ridA, ridB', order: 1 }, { target: 'ridC', order: 2 }]);

		expect(result.status).toBe('success');
		expect(batchRequests().map((r) => r.path)).toEqual(['/v4/batch/push/regid']);
		const entries = entriesOf(0);
		const cids = entries.map((e) => (e.options as Json).cid as string);
		expect(cids.every((c) => /^n8n-[A-Za-z0-9_-]{43}$/.test(c))).toBe(true);
		expect(new Set(cids).size).toBe(3);
		expect(JSON.parse(batchRequests()[0].body)).toEqual({
			requests: [
				{ target: 'ridA', platform: 'android', notification: { alert: 'Order 1 shipped' }, options: { cid: cids[0] } },
				{ target: 'ridB', platform: 'android', notification: { alert: 'Order 1 shipped' }, options: { cid: cids[1] } },
				{ target: 'ridC', platform: 'android', notification: { alert: 'Order 2 shipped' }, options: { cid: cids[2] } },
			],
		});
		const ids = fx.emulator.sent.map((s) => s.msgId.toString());
		expect(BigInt(ids[0]) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
		expect(result.items).toEqual([
			{ json: { target: 'ridA', msg_id: ids[0], cid: cids[0], success: true }, pairedItem: { item: 0 } },
			{ json: { target: 'ridB', msg_id: ids[1], cid: cids[1], success: true }, pairedItem: { item: 0 } },
			{ json: { target: 'ridC', msg_id: ids[2], cid: cids[2], success: true }, pairedItem: { item: 1 } },
		]);
	});

	it('sends at most 500 entries per request, and a target repeated by another item goes to the next request', async () => {
		await fx.restart({ requestsPerSecond: 1_000_000 }); // the chunks alone: no rate limit re-queues anything
		const items = [...targets(1001), { target: 'rid0', order: 'again' }, { target: 'rid1', order: 'again' }];
		const result = await fx.run(batch({ alert: 'Hi', options: { concurrency: 1 } }), items);

		expect(result.status).toBe('success');
		const sizes = batchRequests().map((_, i) => entriesOf(i).length);
		expect(sizes).toEqual([500, 500, 3]);
		for (let i = 0; i < sizes.length; i++) {
			const t = entriesOf(i).map((e) => e.target);
			expect(new Set(t).size).toBe(t.length);
		}
		expect(entriesOf(2).map((e) => e.target)).toEqual(['rid1000', 'rid0', 'rid1']);
		expect(result.items).toHaveLength(1003);
		expect(result.items.map((i) => i.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(fx.emulator.sent).toHaveLength(1003);
	});

	// Concurrency 1 in the pacing tests: with several requests in flight, one's virtual wait would move the
	// emulator's shared clock under another already paced; in real time they do not meet.
	it('charges a batch one request per target: Max Requests Per Second 200 makes chunks of 200, one a second', async () => {
		await fx.restart({ requestsPerSecond: 200 });
		fx.timing.onWait = (ms) => fx.emulator.advance(ms);
		const result = await fx.run(batch({ alert: 'Hi', options: { maxRequestsPerSecond: 200, concurrency: 1 } }), targets(600));

		expect(result.status).toBe('success');
		expect(batchRequests().slice(0, 3).map((r) => JSON.parse(r.body).requests.length)).toEqual([200, 200, 200]);
		// Unpaced, the 2nd and 3rd requests would each meet a used-up second (HTTP 400, 23008). Paced, at most one
		// arrives a few milliseconds early (its answer's latency differs from the one before) and is repeated.
		expect(batchRequests().filter((r) => r.status !== 200).length).toBeLessThanOrEqual(1);
		expect(pushesPerCid()).toEqual(Array(600).fill(1));
	});

	it('without Max Requests Per Second keeps to the account\'s 500 targets a second, so EngageLab does not rate-limit it', async () => {
		const result = await fx.run(batch({ alert: 'Hi', options: { concurrency: 1 } }), targets(2000));

		expect(result.status).toBe('success');
				expect(batchRequests().slice(0, 4).map((r) => JSON.parse(r.body).requests.length)).toEqual([500, 500, 500, 500]);
		expect(batchRequests().filter((r) => r.status !== 200).length).toBeLessThanOrEqual(1);
		expect(pushesPerCid()).toEqual(Array(2000).fill(1));
	});

	it('Concurrency Mode Auto below the account\'s real limit: the targets rate-limited inside answers come back until each is pushed once', async () => {
		await fx.restart({ requestsPerSecond: 300 });
		fx.timing.onWait = (ms) => fx.emulator.advance(ms);
		const result = await fx.run(batch({ alert: 'Hi', options: { concurrencyMode: 'auto' } }), targets(1500));

		expect(result.status).toBe('success');
		const sentEntries = batchRequests().reduce((n, r) => n + (JSON.parse(r.body) as { requests: unknown[] }).requests.length, 0);
		expect(sentEntries).toBeGreaterThan(1500);
		expect(result.items.map((i) => i.json.target)).toEqual(targets(1500).map((t) => t.target));
		expect(pushesPerCid()).toEqual(Array(1500).fill(1));
	});

	it('partial success: an unknown target fails alone on the error output with the code in English', async () => {
		await fx.restart({ requireKnownTargets: true });
		fx.emulator.addDevice('ridA');
		fx.emulator.addDevice('ridC');
		const result = await fx.run(batch(), [{ target: 'ridA, ridB', order: 1 }, { target: 'ridC', order: 2 }], { onError: 'continueErrorOutput' });

		expect(batchRequests()).toHaveLength(1);
		expect(result.items.map((i) => [i.json.target, i.pairedItem])).toEqual([
			['ridA', { item: 0 }],
			['ridC', { item: 1 }],
		]);
		expect(result.errorItems).toHaveLength(1);
		expect(result.errorItems[0].pairedItem).toEqual({ item: 0 });
		const error = result.errorItems[0].json.error as Json;
		expect(error.code).toBe(20101);
		expect(String(error.message)).toMatch(/^EngageLab App Push error 20101: /);
		expect(String(error.description)).toContain('Target ridB.');
	});

	it('without continue on fail a failed target throws a NodeApiError for its item', async () => {
		await fx.restart({ requireKnownTargets: true });
		fx.emulator.addDevice('ridA');
		const result = await fx.run(batch(), [{ target: 'ridA', order: 1 }, { target: 'ridB', order: 2 }]);

		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('20101');
		expect(JSON.stringify((result.error as NodeApiError).context)).toContain('"itemIndex":1');
	});

	it.each([400, 429] as const)('targets EngageLab rate-limited (23008, rate_limit_info; its 400/429 style %i irrelevant) are sent again after the pause, once each', async (status) => {
		await fx.restart({ requestsPerSecond: 3, rateLimitStatus: status });
		fx.timing.onWait = (ms) => fx.emulator.advance(ms);
		const result = await fx.run(batch({ alert: 'Hi' }), targets(7));

		expect(result.status).toBe('success');
		expect(batchRequests().map((_, i) => entriesOf(i).map((e) => e.target))).toEqual([
			['rid0', 'rid1', 'rid2', 'rid3', 'rid4', 'rid5', 'rid6'],
			['rid3', 'rid4', 'rid5', 'rid6'],
			['rid6'],
		]);
		expect(result.items.map((i) => i.json.target)).toEqual(targets(7).map((t) => t.target));
		expect(pushesPerCid()).toEqual(Array(7).fill(1));
	});

	it.each([400, 429] as const)('a whole request answered 23008 (HTTP %i) is repeated after the pause: sent once', async (status) => {
		await fx.restart({ rateLimitStatus: status });
		fx.timing.onWait = (ms) => fx.emulator.advance(ms);
		fx.emulator.forceRateLimit(1);
		const result = await fx.run(batch({ alert: 'Hi' }), targets(3));

		expect(result.status).toBe('success');
		expect(batchRequests().map((r) => r.status)).toEqual([status, 200]);
		expect(fx.emulator.sent).toHaveLength(3);
	});

	it('a target missing from the answer is sent again with its cid (deduped if it went), the others are not', async () => {
		fx.emulator.omitResult('rid1', true);
		fx.emulator.omitResult('rid2', false);
		const result = await fx.run(batch({ alert: 'Hi' }), targets(3));

		expect(result.status).toBe('success');
		expect(batchRequests().map((_, i) => entriesOf(i).map((e) => e.target))).toEqual([['rid0', 'rid1', 'rid2'], ['rid1', 'rid2']]);
		expect(entriesOf(1)[0]).toEqual(entriesOf(0)[1]);
		expect(pushesPerCid()).toEqual([1, 1, 1]);
		expect(result.items.map((i) => i.json.msg_id)).toEqual(fx.emulator.sent.sort((a, b) => a.target!.localeCompare(b.target!)).map((s) => s.msgId.toString()));
	});

	it('without Duplicate Protection a missing target is not sent again: it may or may not have been pushed', async () => {
		fx.emulator.omitResult('rid1', true);
		const result = await fx.run(batch({ alert: 'Hi', pushOptions: { duplicateProtection: false } }), targets(2), { onError: 'continueErrorOutput' });

		expect(batchRequests()).toHaveLength(1);
		expect(entriesOf(0).every((e) => e.options === undefined)).toBe(true);
		expect(result.items.map((i) => i.json.target)).toEqual(['rid0']);
		expect(result.items[0].json.cid).toBeUndefined();
		expect(JSON.stringify(result.errorItems[0].json.error)).toContain('may or may not have been pushed');
		expect(result.errorItems[0].pairedItem).toEqual({ item: 1 });
	});
});

describe('App Push → Send Batch: faults with 0 duplicate pushes', () => {
	it.each([
		['a reset after EngageLab applied it', { kind: 'resetAfterApply' as const }],
		['a cut-off answer', { kind: 'truncateAfterApply' as const }],
		['an HTTP 503 with 21030', { kind: 'status' as const, status: 503, code: 21030 }],
		['an HTML 502', { kind: 'status' as const, status: 502 }],
	])('%s: the chunk is repeated with the same cids, each target pushed once', async (_name, fault) => {
		fx.emulator.fault({ ...fault, path: '/v4/batch/' });
		const result = await fx.run(batch({ alert: 'Hi' }), targets(4));

		expect(result.status).toBe('success');
		expect(batchRequests()).toHaveLength(2);
		expect(batchRequests()[1].body).toBe(batchRequests()[0].body);
		expect(pushesPerCid()).toEqual([1, 1, 1, 1]);
		expect(result.items.map((i) => i.json.msg_id)).toEqual(fx.emulator.sent.map((s) => s.msgId.toString()));
	});

	it('without Duplicate Protection an ambiguous failure is not repeated: every target of the chunk fails saying so', async () => {
		fx.emulator.fault({ kind: 'resetAfterApply', path: '/v4/batch/' });
		const result = await fx.run(batch({ alert: 'Hi', pushOptions: { duplicateProtection: false } }), targets(2), { onError: 'continueErrorOutput' });

		expect(batchRequests()).toHaveLength(1);
		expect(fx.emulator.sent).toHaveLength(2);
		expect(result.errorItems.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(JSON.stringify(result.errorItems[1].json.error)).toContain('may or may not have been applied');
	});

	it('n8n Retry On Fail repeats the same cids, so the targets already pushed are deduped', async () => {
		await fx.restart({ requireKnownTargets: true });
		fx.emulator.addDevice('rid0');
		fx.emulator.addDevice('rid1');
		const result = await fx.run(batch({ alert: 'Hi' }), targets(3), { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 });

		expect(result.status).toBe('error');
		expect(batchRequests()).toHaveLength(2);
		expect(batchRequests()[1].body).toBe(batchRequests()[0].body);
		expect(pushesPerCid()).toEqual([1, 1]);
	});

	it('n8n Retry On Fail without Duplicate Protection: a chunk whose answer was lost fails again without a resend', async () => {
		fx.emulator.fault({ kind: 'resetAfterApply', path: '/v4/batch/' });
		const result = await fx.run(batch({ alert: 'Hi', pushOptions: { duplicateProtection: false } }), targets(2), { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 });

		expect(result.status).toBe('error');
		expect(batchRequests()).toHaveLength(1);
		expect(fx.emulator.sent).toHaveLength(2);
	});
});

describe('App Push → Send Batch: refused before sending', () => {
	it('an empty target, a bad alias, notification size and two platforms are refused with the item index; the rest is sent', async () => {
		const long = 'x'.repeat(4100);
		const result = await fx.run(
			batch({ targetType: 'alias', platform: '={{ $json.platforms }}', alert: '={{ $json.alert }}' }),
			[
				{ target: 'alice', platforms: ['android'], alert: 'Hi' },
				{ target: ' ', platforms: ['android'], alert: 'Hi' },
				{ target: 'bad alias!', platforms: ['android'], alert: 'Hi' },
				{ target: 'bob', platforms: ['android'], alert: long },
				{ target: 'carol', platforms: ['android', 'ios'], alert: 'Hi' },
			],
			{ onError: 'continueErrorOutput' },
		);

		expect(batchRequests()).toHaveLength(1);
		expect(batchRequests()[0].path).toBe('/v4/batch/push/alias');
		expect(entriesOf(0).map((e) => e.target)).toEqual(['alice']);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(result.errorItems.map((i) => [i.pairedItem, JSON.stringify(i.json.error)])).toEqual([
			[{ item: 1 }, expect.stringContaining('The target is empty')],
			[{ item: 2 }, expect.stringContaining('is not a valid EngageLab alias')],
			[{ item: 3 }, expect.stringContaining('more than EngageLab\'s 4000')],
			[{ item: 4 }, expect.stringContaining('Send Batch takes one platform or All')],
		]);
	});

	it('a custom message instead of a notification is one entry each; without continue on fail bad input throws and nothing is sent', async () => {
		const result = await fx.run(batch({ content: 'message', messageContent: 'ping' }), [{ target: 'rid0' }, { target: '' }]);

		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect((result.error as NodeOperationError).message).toBe('The target is empty');
		expect(JSON.stringify((result.error as NodeOperationError).context)).toContain('"itemIndex":1');
		expect(fx.emulator.requests).toHaveLength(0);
	});
});

describe('App Push → Send Batch: EngageLab errors and Stop', () => {
	it.each(['nested', 'flat'] as const)('a whole-request 4xx (21004, %s style) fails every target of the chunk with that code', async (errorStyle) => {
		await fx.restart({ errorStyle });
		fx.useCredentials({ ...fx.credentials, masterSecret: 'wrong-secret-123' });
		const result = await fx.run(batch({ alert: 'Hi' }), targets(3), { continueOnFail: true });

		expect(batchRequests()).toHaveLength(1);
		expect(result.items).toHaveLength(3);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const item of result.items) expect(JSON.stringify(item.json)).toContain('EngageLab App Push error 21004');
		expect(JSON.stringify(result.items)).not.toContain('wrong-secret-123');
	});

	it('nothing is sent after Stop, even targets waiting out a rate limit', async () => {
		await fx.restart({ requestsPerSecond: 2 });
		let stop = () => {};
		fx.timing.onWait = (ms) => {
			fx.emulator.advance(ms);
			if (ms >= 1_000) stop();
		};
		const result = await fx.run(batch({ alert: 'Hi' }), targets(5), { onStarted: (cancel) => (stop = cancel) });

		expect(batchRequests()).toHaveLength(1);
		expect(fx.emulator.sent).toHaveLength(2);
		expect(result.status).not.toBe('success');
	});
});
