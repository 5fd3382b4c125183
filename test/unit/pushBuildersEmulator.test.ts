/**
 * The push builders' bodies against the strict push emulator: what they build is what it takes,
 * long IDs survive the round trip, and a batch of 1201 targets costs 1201 and goes out once each.
 */
import { buildAudience } from '../../nodes/EngageLab/actions/push/shared/audience';
import { batchRequestBody, BATCH_PATHS, buildBatchEntry, chunkBatch, readBatchAnswer, type BatchEntry } from '../../nodes/EngageLab/actions/push/shared/batch';
import { stableCid } from '../../nodes/EngageLab/actions/push/shared/cid';
import { buildMessage } from '../../nodes/EngageLab/actions/push/shared/message';
import { buildNotification } from '../../nodes/EngageLab/actions/push/shared/notification';
import { buildOptions } from '../../nodes/EngageLab/actions/push/shared/options';
import { buildPushBody, forValidation } from '../../nodes/EngageLab/actions/push/shared/pushBody';
import { buildSchedule, buildTrigger } from '../../nodes/EngageLab/actions/push/shared/schedule';
import { chunkIds, statsItems, statsQuery } from '../../nodes/EngageLab/actions/push/shared/stats';
import type { Built } from '../../nodes/EngageLab/actions/push/shared/built';
import { JsonLong, parseWithLongs, stringifyWithLongs } from '../../nodes/EngageLab/transport/longJson';
import { PushEmulator } from '../support/emulator/push/pushEmulator';

const ok = <T>(b: Built<T>): T => {
	if ('problem' in b) throw new Error(b.problem);
	return b.ok;
};

async function send(emu: PushEmulator, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
	const res = await fetch(emu.url + path, {
		method,
		headers: { authorization: emu.authorization, 'content-type': 'application/json; charset=utf-8' },
		body: body === undefined ? undefined : stringifyWithLongs(body),
	});
	const text = await res.text();
	return { status: res.status, json: text ? parseWithLongs(text) : undefined };
}

describe('push builders against the push emulator', () => {
	const app = new PushEmulator({ requestsPerSecond: 1000 });
	const web = new PushEmulator({ product: 'webPush' });
	beforeAll(() => Promise.all([app.start(), web.start()]));
	afterAll(() => Promise.all([app.stop(), web.stop()]));
	beforeEach(() => {
		app.reset();
		web.reset();
	});

	it('sends a full App Push notification, then overrides it by its long msg_id exactly', async () => {
		const to = ok(buildAudience('appPush', { audience: 'custom', tags: 'vip', registrationIds: ['13165ffa4e1a3e38068'] }));
		const n = ok(
			buildNotification('appPush', {
				platform: 'all',
				alert: 'Shipped',
				android: { title: 'Shop', bigText: 'Long', channelId: 'c', priority: 1, intentUrl: 'shop://o' },
				ios: { title: 'Shop', subtitle: 's', badge: '+1', sound: 'default', threadId: 't', interruptionLevel: 'active' },
				hmos: { category: 'EXPRESS', intentUrl: 'action.system.home' },
			}, { order: '1' }),
		);
		const cid = stableCid({ instanceId: 'i', workflowId: 'w', executionId: '1', nodeId: 'n', runIndex: 0, itemIndex: 0 });
		const options = ok(buildOptions('appPush', { timeToLive: 60, iosEnvironment: 'production', bigPushDuration: 10 }, (d) => new JsonLong(d)));
		const body = ok(buildPushBody('appPush', { to, platform: n.platform, notification: n.notification, options, cid, customArgs: { order: '1' } }));
		expect((await send(app, 'POST', '/v4/push/validate', forValidation(body))).status).toBe(200);
		expect(app.sent).toHaveLength(0);
		const first = await send(app, 'POST', '/v4/push', body);
		expect(first.status).toBe(200);
		const msgId = (first.json as { msg_id: string }).msg_id;
		expect(msgId).toBe(app.sent[0].msgId.toString());
		expect((await send(app, 'POST', '/v4/push', body)).json).toEqual(first.json);
		expect(app.sentWithCid(cid)).toHaveLength(1);

		const message = ok(buildMessage({ content: '{"order":1}', contentIsJson: true }));
		const override = ok(buildOptions('appPush', { overrideMsgId: msgId }, (d) => new JsonLong(d)));
		const second = await send(app, 'POST', '/v4/push', ok(buildPushBody('appPush', { to, platform: 'all', message, options: override })));
		expect(second.status).toBe(200);
		expect((app.sent[1].body as { body: { options: { override_msg_id: bigint } } }).body.options.override_msg_id).toBe(BigInt(msgId));
	});

	it('sends a Web Push notification with buttons and distribution', async () => {
		const n = ok(buildNotification('webPush', { web: { alert: 'Sale', url: 'https://shop.example', buttons: [{ text: 'Open', url: 'https://shop.example/o' }] } }));
		const options = ok(buildOptions('webPush', { timeToLive: 86400, webDistribution: 'mtpush' }, (d) => new JsonLong(d), n.webButtons));
		const body = ok(buildPushBody('webPush', { to: ok(buildAudience('webPush', { audience: 'all' })), platform: n.platform, notification: n.notification, options }));
		const r = await send(web, 'POST', '/v4/push', body);
		expect(r.status).toBe(200);
	});

	it('sends 1201 batch targets in requests of at most 500, re-queues the rate-limited ones, and pushes each target once', async () => {
		const limited = new PushEmulator({ requestsPerSecond: 700 });
		await limited.start();
		try {
			const n = ok(buildNotification('appPush', { platform: ['android'], alert: 'hi' }));
			const entries: BatchEntry[] = Array.from({ length: 1201 }, (_, i) =>
				ok(buildBatchEntry(i, { target: `rid${i}`, platform: n.platform, notification: n.notification, cid: stableCid({ instanceId: 'i', workflowId: 'w', executionId: '1', nodeId: 'n', runIndex: 0, itemIndex: i, target: `rid${i}` }) })),
			);
			let queue = entries;
			const sentIds = new Map<number, string>();
			let requests = 0;
			for (let round = 0; queue.length > 0 && round < 10; round++) {
				const next: BatchEntry[] = [];
				for (const chunk of chunkBatch(queue)) {
					requests++;
					const r = await send(limited, 'POST', BATCH_PATHS.regid, batchRequestBody(chunk));
					if (r.status !== 200) {
						next.push(...chunk);
						continue;
					}
					const answer = ok(readBatchAnswer(chunk, r.json));
					answer.outcomes.forEach((o, i) => {
						if (o.kind === 'sent') sentIds.set(chunk[i].itemIndex, o.msgId);
						else if (o.kind === 'rateLimited' || o.kind === 'missing') next.push(chunk[i]);
						else throw new Error(`target failed: ${o.code} ${o.message}`);
					});
				}
				queue = next;
				limited.advance(1000);
			}
			expect(sentIds.size).toBe(1201);
			expect(limited.sent).toHaveLength(1201);
			expect(new Set(limited.sent.map((s) => s.target)).size).toBe(1201);
			expect([...sentIds.values()].every((id) => /^\d{19}$/.test(id))).toBe(true);
			// Second 1 (700 allowed): 500 sent; 200 sent + 300 limited; the third request limited whole.
			// Second 2: the 501 left, as 500 + 1.
			expect(requests).toBe(5);
		} finally {
			await limited.stop();
		}
	});

	it('reads statistics for 150 IDs in two requests, exact and in order', async () => {
		const to = ok(buildAudience('appPush', { audience: 'all' }));
		const body = ok(buildPushBody('appPush', { to, platform: 'all', notification: { alert: 'a' } }));
		const ids: string[] = [];
		for (let i = 0; i < 150; i++) ids.push(((await send(app, 'POST', '/v4/push', body)).json as { msg_id: string }).msg_id);
		const items = [];
		for (const chunk of chunkIds(ids)) {
			const r = await send(app, 'GET', `/v4/status/detail?${statsQuery(chunk)}`);
			items.push(...ok(statsItems(chunk, r.json)));
		}
		expect(items.map((i) => i.message_id)).toEqual(ids);
		expect(items.every((i) => i.found === true)).toBe(true);
	});

	it('creates single and periodical schedules the emulator takes', async () => {
		const push = ok(buildPushBody('appPush', { to: 'all', platform: 'all', notification: { alert: 'a' } }));
		const now = app.now();
		const single = ok(buildTrigger({ kind: 'single', time: new Date(now + 3_600_000) }, now, 'UTC'));
		expect((await send(app, 'POST', '/v4/schedules', buildSchedule('single_1', single, push))).status).toBe(200);
		const periodical = ok(buildTrigger({ kind: 'periodical', start: new Date(now + 60_000), end: new Date(now + 30 * 86_400_000), time: '09:30', timeUnit: 'month', points: '1,15' }, now, 'UTC'));
		expect((await send(app, 'POST', '/v4/schedules', buildSchedule('monthly', periodical, push))).status).toBe(200);
		expect(app.schedules.size).toBe(2);
	});
});
