/**
 * Web Push → Create / Get Many / Get / Update / Delete Schedule on the Web Push emulator: the
 * Web push body inside the schedule, the same trigger checks, paging, the update merge, the
 * delete repeat, an ambiguous create recovered, Retry On Fail creating once, the Web error table.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { WEB_PUSH } from '../../nodes/EngageLab/products/push/webPush.product';
import { PushFixture } from '../support/inProcess/pushFixture';

const fx = new PushFixture(WEB_PUSH);
const NOW = Date.UTC(2026, 11, 7, 6, 0, 0);
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(async () => {
	await fx.restart();
	fx.timing.pin(NOW);
});

const push = {
	audience: 'custom',
	audienceFilters: { tags: 'vip' },
	content: 'notification',
	alert: 'Back in stock',
	web: { url: 'https://shop.example/item/1' },
};
const create = (extra: Record<string, unknown> = {}) => ({
	operation: 'createSchedule',
	scheduleName: 'back_in_stock',
	trigger: 'single',
	sendAt: '2026-12-24T18:00:00',
	...push,
	...extra,
});
const UTC = { timezone: 'UTC' };
const bodyOf = (i = 0) => JSON.parse(fx.emulator.requests[i].body) as Record<string, unknown>;
const calls = () => fx.emulator.requests.map((r) => `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`);

describe('Web Push → Create Schedule', () => {
	it('single: the Web push body inside the schedule, exactly', async () => {
		const result = await fx.run(create(), [{}], UTC);

		expect(result.status).toBe('success');
		expect(calls()).toEqual(['POST /v4/schedules']);
		const body = bodyOf();
		const cid = (((body.push as Record<string, unknown>).body as Record<string, unknown>).options as Record<string, unknown>).cid;
		expect(body).toEqual({
			name: 'back_in_stock',
			enabled: true,
			trigger: { single: { time: '2026-12-24 18:00:00', zone_type: 1 } },
			push: { to: { tag: ['vip'] }, body: { platform: 'web', notification: { alert: 'Back in stock', web: { alert: 'Back in stock', url: 'https://shop.example/item/1' } }, options: { cid } } },
		});
		expect(result.items[0].json).toEqual({ schedule_id: [...fx.emulator.schedules.keys()][0], name: 'back_in_stock' });
	});

	it('periodical daily', async () => {
		const result = await fx.run(create({ trigger: 'periodical', startAt: '2026-12-08T00:00:00', endAt: '2027-01-08T00:00:00', timeOfDay: '18:00', repeat: 'day' }), [{}], UTC);
		expect(result.status).toBe('success');
		expect(bodyOf().trigger).toEqual({ periodical: { start: '2026-12-08 00:00:00', end: '2027-01-08 00:00:00', time: '18:00:00', time_unit: 'day', frequency: 1, zone_type: 1 } });
	});

	it('refuses before sending: a Web push without a URL, a time in the past', async () => {
		for (const [parameters, message] of [
			[create({ web: {} }), /URL/],
			[create({ sendAt: '2026-12-01T00:00:00' }), /Send At 2026-12-01 00:00:00 is not in the future/],
		] as const) {
			const result = await fx.run(parameters, [{}], UTC);
			expect(result.error).toBeInstanceOf(NodeOperationError);
			expect((result.error as NodeOperationError).message).toMatch(message);
		}
		expect(fx.emulator.requests).toHaveLength(0);
	});

	it('a lost answer is recovered from the list; Retry On Fail does not create it again', async () => {
		fx.emulator.fault({ kind: 'resetAfterApply', method: 'POST', path: '/v4/schedules' });
		const recovered = await fx.run(create(), [{}], UTC);
		expect(recovered.items[0].json).toMatchObject({ name: 'back_in_stock', recovered: true });

		fx.emulator.requests.length = 0;
		const result = await fx.run(create({ scheduleName: '={{ $json.name }}' }), [{ name: 'second' }, { name: 'not ok' }], { ...UTC, retryOnFail: true, maxTries: 3, waitBetweenTries: 0 });
		expect(result.status).toBe('error');
		expect(calls()).toEqual(['POST /v4/schedules']);
		expect(fx.emulator.schedules.size).toBe(2);
	});

	it('a wrong Master Secret is the Web error table\'s 21004 (flat shape too)', async () => {
		await fx.restart({ errorStyle: 'flat' });
		fx.timing.pin(NOW);
		fx.useCredentials({ ...fx.credentials, masterSecret: 'wrong-secret-123' });
		const result = await fx.run(create(), [{}], UTC);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).message).toContain('EngageLab Web Push error 21004');
	});
});

describe('Web Push → Get Many, Get, Update, Delete Schedule', () => {
	it('list (3 pages), get, update and delete one schedule', async () => {
		await fx.restart({ schedulePageSize: 2 });
		fx.timing.pin(NOW);
		for (let i = 0; i < 5; i++) await fx.run(create({ scheduleName: `s_${i}` }), [{}], UTC);
		fx.emulator.requests.length = 0;

		const list = await fx.run({ operation: 'getSchedules', returnAll: true });
		expect(calls()).toEqual(['GET /v4/schedules?page=1', 'GET /v4/schedules?page=2', 'GET /v4/schedules?page=3']);
		expect(list.items.map((i) => i.json.name)).toEqual(['s_0', 's_1', 's_2', 's_3', 's_4']);
		const id = list.items[2].json.schedule_id as string;

		const got = await fx.run({ operation: 'getSchedule', scheduleId: id });
		expect(got.items[0].json).toMatchObject({ schedule_id: id, name: 's_2', enabled: true });

		fx.emulator.requests.length = 0;
		const updated = await fx.run({ operation: 'updateSchedule', scheduleId: id, scheduleUpdate: { enabled: false } });
		expect(calls()).toEqual([`GET /v4/schedules/${id}`, `PUT /v4/schedules/${id}`]);
		expect(bodyOf(1)).toMatchObject({ name: 's_2', enabled: false });
		expect(updated.items[0].json).toMatchObject({ schedule_id: id, enabled: false });

		fx.emulator.fault({ kind: 'resetAfterApply', method: 'DELETE' });
		const deleted = await fx.run({ operation: 'deleteSchedule', scheduleId: id });
		expect(deleted.items[0].json).toMatchObject({ schedule_id: id, deleted: true });
		expect(fx.emulator.schedules.has(id)).toBe(false);
		expect(fx.emulator.schedules.size).toBe(4);
	});
});
