/**
 * App Push → Create / Get Many / Get / Update / Delete Schedule against the push emulator, through
 * n8n-core's real request helpers: the exact bodies of single and periodical schedules, every
 * refusal before sending, paging, the array and object forms of Get, the update merge, a
 * delete whose repeat finds it gone, an ambiguous create recovered from the list (or not), Retry
 * On Fail creating once, both error shapes, faults, Stop and continue on fail.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { APP_PUSH } from '../../nodes/EngageLab/products/push/appPush.product';
import { writeJson } from '../support/emulator/push/pushJson';
import { PushFixture } from '../support/inProcess/pushFixture';

const fx = new PushFixture(APP_PUSH);
/** The emulator's clock (its default start): the node's clock is pinned to it. */
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
	platform: ['android'],
	content: 'notification',
	alert: 'Weekly digest',
};
const single = (extra: Record<string, unknown> = {}) => ({
	operation: 'createSchedule',
	scheduleName: 'digest_1',
	trigger: 'single',
	sendAt: '2026-12-24T18:00:00',
	...push,
	...extra,
});
const periodical = (extra: Record<string, unknown> = {}) => ({
	operation: 'createSchedule',
	scheduleName: 'weekly',
	trigger: 'periodical',
	startAt: '2026-12-08T00:00:00',
	endAt: '2027-06-30T00:00:00',
	timeOfDay: '09:30',
	repeat: 'week',
	frequency: 2,
	weekDays: ['MON', 'FRI'],
	zoneType: 2,
	...push,
	...extra,
});
const UTC = { timezone: 'UTC' };

/** A schedule as the emulator keeps it (integers as bigint), as JSON reads it. */
const stored = (id: string) => JSON.parse(writeJson(fx.emulator.schedules.get(id)!.value)) as Record<string, unknown>;
const bodyOf = (i = 0) => JSON.parse(fx.emulator.requests[i].body) as Record<string, unknown>;
const calls = () => fx.emulator.requests.map((r) => `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`);
const cidOf = (body: Record<string, unknown>) => (((body.push as Record<string, unknown>).body as Record<string, unknown>).options as Record<string, unknown>).cid;

async function seed(count: number): Promise<string[]> {
	const ids: string[] = [];
	for (let i = 0; i < count; i++) {
		const result = await fx.run(single({ scheduleName: `seed_${i}` }), [{}], UTC);
		ids.push(result.items[0].json.schedule_id as string);
	}
	fx.emulator.requests.length = 0;
	return ids;
}

describe('App Push → Create Schedule', () => {
	it('single: sends the exact body (the push as Send builds it, with its cid) and outputs the schedule ID', async () => {
		const result = await fx.run(single(), [{}], UTC);

		expect(result.status).toBe('success');
		expect(calls()).toEqual(['POST /v4/schedules']);
		const body = bodyOf();
		expect(cidOf(body)).toMatch(/^n8n-[A-Za-z0-9_-]{43}$/);
		expect(body).toEqual({
			name: 'digest_1',
			enabled: true,
			trigger: { single: { time: '2026-12-24 18:00:00', zone_type: 1 } },
			push: { to: { tag: ['vip'] }, body: { platform: ['android'], notification: { alert: 'Weekly digest' }, options: { cid: cidOf(body) } } },
		});
		const [id] = [...fx.emulator.schedules.keys()];
		expect(result.items).toEqual([{ json: { schedule_id: id, name: 'digest_1' }, pairedItem: { item: 0 } }]);
	});

	it('periodical weekly and monthly: exact triggers (HH:mm gets :00, days as EngageLab writes them)', async () => {
		const result = await fx.run(periodical(), [{}], UTC);
		expect(result.status).toBe('success');
		expect(bodyOf().trigger).toEqual({
			periodical: { start: '2026-12-08 00:00:00', end: '2027-06-30 00:00:00', time: '09:30:00', time_unit: 'week', frequency: 2, zone_type: 2, point: ['MON', 'FRI'] },
		});

		const monthly = await fx.run(periodical({ repeat: 'month', monthDays: '1, 15,31', frequency: 1, zoneType: 1 }), [{}], UTC);
		expect(monthly.status).toBe('success');
		expect(bodyOf(1).trigger).toEqual({
			periodical: { start: '2026-12-08 00:00:00', end: '2027-06-30 00:00:00', time: '09:30:00', time_unit: 'month', frequency: 1, zone_type: 1, point: ['01', '15', '31'] },
		});

		const daily = await fx.run(periodical({ repeat: 'day' }), [{}], UTC);
		expect(daily.status).toBe('success');
		expect((bodyOf(2).trigger as Record<string, Record<string, unknown>>).periodical.point).toBeUndefined();
	});

	it('dates: wall clock as typed in the workflow time zone, an offset converted to it, the exact form as is', async () => {
		const zone = { timezone: 'Asia/Shanghai' };
		await fx.run(single({ sendAt: '2026-12-24T18:00:00' }), [{}], zone);
		await fx.run(single({ sendAt: '2026-12-24T10:00:00.000Z' }), [{}], zone);
		await fx.run(single({ sendAt: '={{ $json.at }}' }), [{ at: '2026-12-25 08:15:00' }], zone);
		// An expression's Luxon DateTime (what $now and date functions give), with its own zone.
		await fx.run(single({ sendAt: '={{ DateTime.fromISO("2026-12-24T12:30:00", { zone: "Europe/Berlin" }) }}' }), [{}], zone);
		expect(fx.emulator.requests.map((_, i) => (bodyOf(i).trigger as Record<string, Record<string, unknown>>).single.time)).toEqual([
			'2026-12-24 18:00:00',
			'2026-12-24 18:00:00',
			'2026-12-25 08:15:00',
			'2026-12-24 19:30:00',
		]);
	});

	it.each([
		['a name with a space', single({ scheduleName: 'weekly digest' }), 'may hold only letters, digits'],
		['a name over 255 bytes', single({ scheduleName: 'é'.repeat(128) }), 'longer than 255 bytes'],
		['no name', single({ scheduleName: '={{ "" }}' }), 'needs a name'],
		['a time in the past', single({ sendAt: '2026-12-07T05:59:59' }), 'is not in the future'],
		['a time more than a year ahead', single({ sendAt: '2027-12-07T06:00:01' }), 'more than a year ahead'],
		['a time that is no date', single({ sendAt: 'next friday' }), 'must be a date and time'],
		['an impossible date', single({ sendAt: '2026-02-30 10:00:00' }), 'not a real date'],
		['end before start', periodical({ endAt: '2026-12-08T00:00:00' }), 'End must be after Start'],
		['a span over a year', periodical({ endAt: '2027-12-09T00:00:00' }), 'more than a year'],
		['an end in the past', periodical({ startAt: '2026-11-01T00:00:00', endAt: '2026-12-01T00:00:00' }), 'not in the future'],
		['weekly without days', periodical({ weekDays: [] }), 'needs the days it sends on'],
		['a day of the month past 31', periodical({ repeat: 'month', monthDays: '1, 32' }), 'Day of the month must be 1 to 31'],
		['a bad time of day', periodical({ timeOfDay: '25:00' }), 'Time Of Day must be HH:mm:ss'],
		['Every below 1', periodical({ frequency: 0 }), 'Every'],
		['an empty audience', single({ audienceFilters: {} }), 'audience'],
	])('refuses %s before sending, naming the item', async (_what, parameters, message) => {
		const result = await fx.run(parameters, [{}], UTC);

		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect((result.error as NodeOperationError).message).toContain(message);
		expect((result.error as NodeOperationError).context.itemIndex).toBe(0);
		expect(fx.emulator.requests).toHaveLength(0);
	});

	it('continue on fail: a refused item goes to the error output, the others are created', async () => {
		const result = await fx.run(single({ scheduleName: '={{ $json.name }}' }), [{ name: 'ok_1' }, { name: 'not ok' }, { name: 'ok_2' }], {
			...UTC,
			onError: 'continueErrorOutput',
		});

		expect(result.items.map((i) => [i.json.name, i.pairedItem])).toEqual([
			['ok_1', { item: 0 }],
			['ok_2', { item: 2 }],
		]);
		expect(result.errorItems).toHaveLength(1);
		expect(result.errorItems[0].pairedItem).toEqual({ item: 1 });
		expect(fx.emulator.schedules.size).toBe(2);
	});

	it('refuses a Duplicate Protection ID already used by an earlier item of the run, as Send does: nothing sent for it', async () => {
		const result = await fx.run(
			single({ scheduleName: '={{ $json.name }}', pushOptions: { cid: '={{ $json.cid }}' } }),
			[
				{ name: 'first', cid: 'digest-1' },
				{ name: 'second', cid: 'digest-1' },
				{ name: 'third', cid: 'digest-2' },
			],
			{ ...UTC, onError: 'continueErrorOutput' },
		);

		expect(fx.emulator.requests.map((r) => (JSON.parse(r.body) as { name: string }).name)).toEqual(['first', 'third']);
		expect(result.items.map((i) => [i.json.name, i.pairedItem])).toEqual([
			['first', { item: 0 }],
			['third', { item: 2 }],
		]);
		expect(result.errorItems.map((i) => [i.pairedItem, JSON.stringify(i.json.error)])).toEqual([[{ item: 1 }, expect.stringContaining('already used by item 0')]]);
	});

	it('an answer lost after EngageLab created it: the node lists the schedules and outputs it as recovered, created once', async () => {
		await seed(2);
		fx.emulator.fault({ kind: 'resetAfterApply', method: 'POST', path: '/v4/schedules' });
		const result = await fx.run(single(), [{}], UTC);

		expect(result.status).toBe('success');
		expect(calls()).toEqual(['POST /v4/schedules', 'GET /v4/schedules?page=1']);
		expect(fx.emulator.schedules.size).toBe(3);
		const created = [...fx.emulator.schedules.values()].find((s) => s.value.name === 'digest_1');
		expect(result.items[0].json).toEqual({ schedule_id: created?.id, name: 'digest_1', recovered: true });
	});

	it('the recovery compares long IDs exactly (an override message ID past 2^53 read back from the list)', async () => {
		const sent = await fx.run({ operation: 'send', ...push });
		const msgId = sent.items[0].json.msg_id as string;
		fx.emulator.requests.length = 0;
		fx.emulator.fault({ kind: 'resetAfterApply', method: 'POST', path: '/v4/schedules' });
		const result = await fx.run(single({ pushOptions: { overrideMsgId: msgId } }), [{}], UTC);

		expect(bodyOf(0).push).toMatchObject({ body: { options: { override_msg_id: Number(msgId) } } });
		expect(fx.emulator.requests[0].body).toContain(`"override_msg_id":${msgId}`);
		expect(result.items[0].json).toMatchObject({ name: 'digest_1', recovered: true });
		expect(fx.emulator.schedules.size).toBe(1);
	});

	it('a failure after which it was not created: not sent again, the item fails "may or may not have been created"', async () => {
		fx.emulator.fault({ kind: 'resetBeforeApply', method: 'POST', path: '/v4/schedules' });
		const result = await fx.run(single(), [{}], { ...UTC, continueOnFail: true });

		expect(calls()).toEqual(['POST /v4/schedules', 'GET /v4/schedules?page=1']);
		expect(fx.emulator.schedules.size).toBe(0);
		expect(JSON.stringify(result.items[0].json)).toContain('may or may not have been created');
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('an HTTP 500 on create is not repeated either; a 500 while listing to recover is repeated (a read)', async () => {
		fx.emulator.fault({ kind: 'resetAfterApply', method: 'POST', path: '/v4/schedules' });
		fx.emulator.fault({ kind: 'status', status: 500, method: 'GET', path: '/v4/schedules' });
		const result = await fx.run(single(), [{}], UTC);

		expect(result.status).toBe('success');
		expect(calls()).toEqual(['POST /v4/schedules', 'GET /v4/schedules?page=1', 'GET /v4/schedules?page=1']);
		expect(result.items[0].json.recovered).toBe(true);
		expect(fx.emulator.schedules.size).toBe(1);
	});

	it('n8n Retry On Fail re-runs the node: the schedule created on the first try is not created again', async () => {
		// Item 1 is refused (bad name) and thrown, so n8n re-runs the node with item 0 again.
		const result = await fx.run(single({ scheduleName: '={{ $json.name }}' }), [{ name: 'ok_1' }, { name: 'not ok' }], {
			...UTC,
			retryOnFail: true,
			maxTries: 3,
			waitBetweenTries: 0,
		});

		expect(result.status).toBe('error');
		expect(calls()).toEqual(['POST /v4/schedules']);
		expect(fx.emulator.schedules.size).toBe(1);
	});

	it('n8n Retry On Fail after a lost answer: no second POST, each try recovers from the list', async () => {
		fx.emulator.fault({ kind: 'resetAfterApply', method: 'POST', path: '/v4/schedules' });
		const result = await fx.run(single({ scheduleName: '={{ $json.name }}' }), [{ name: 'ok_1' }, { name: 'not ok' }], {
			...UTC,
			retryOnFail: true,
			maxTries: 2,
			waitBetweenTries: 0,
		});

		expect(result.status).toBe('error');
		expect(calls().filter((c) => c === 'POST /v4/schedules')).toHaveLength(1);
		expect(fx.emulator.schedules.size).toBe(1);
	});

	it('nothing is created after Stop, even a create waiting out a rate limit', async () => {
		fx.emulator.forceRateLimit(1);
		let stop = () => {};
		fx.timing.onWait = () => stop();
		const result = await fx.run(single({ options: { concurrency: 1 } }), [{}, {}, {}], { ...UTC, onStarted: (cancel) => (stop = cancel) });

		expect(fx.emulator.requests.map((r) => r.status)).toEqual([400]);
		expect(fx.emulator.schedules.size).toBe(0);
		expect(result.status).not.toBe('success');
	});

	it('a rate limit (23008) was not applied: created once after the pause', async () => {
		fx.emulator.forceRateLimit(1);
		const result = await fx.run(single(), [{}], UTC);

		expect(result.status).toBe('success');
		expect(fx.emulator.requests.map((r) => r.status)).toEqual([400, 200]);
		expect(fx.emulator.schedules.size).toBe(1);
	});
});

describe('App Push → Get Many Schedules', () => {
	it('Return All reads every page (20 a page) until the last', async () => {
		const ids = await seed(45);
		const result = await fx.run({ operation: 'getSchedules', returnAll: true });

		expect(calls()).toEqual(['GET /v4/schedules?page=1', 'GET /v4/schedules?page=2', 'GET /v4/schedules?page=3']);
		expect(result.items.map((i) => i.json.schedule_id)).toEqual(ids);
		expect(result.items[0].json).toMatchObject({ name: 'seed_0', enabled: true, trigger: { single: { time: '2026-12-24 18:00:00' } } });
		expect(result.items.every((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('Limit stops reading once it has enough', async () => {
		const ids = await seed(45);
		const result = await fx.run({ operation: 'getSchedules', returnAll: false, limit: 25 });

		expect(calls()).toEqual(['GET /v4/schedules?page=1', 'GET /v4/schedules?page=2']);
		expect(result.items.map((i) => i.json.schedule_id)).toEqual(ids.slice(0, 25));
	});

	it('no schedules: one request, no items', async () => {
		const result = await fx.run({ operation: 'getSchedules', returnAll: true });
		expect(result.status).toBe('success');
		expect(calls()).toEqual(['GET /v4/schedules?page=1']);
		expect(result.items).toEqual([]);
	});

	it('a transient failure of a page is repeated (a read)', async () => {
		await seed(25);
		fx.emulator.fault({ kind: 'status', status: 503, code: 21030, method: 'GET', path: '/v4/schedules' });
		const result = await fx.run({ operation: 'getSchedules', returnAll: true });

		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(25);
		expect(calls()).toEqual(['GET /v4/schedules?page=1', 'GET /v4/schedules?page=1', 'GET /v4/schedules?page=2']);
	});
});

describe('App Push → Get Schedule', () => {
	it.each(['array', 'object'] as const)('reads the schedule whether EngageLab answers it as an %s', async (scheduleGetAnswer) => {
		await fx.restart({ scheduleGetAnswer });
		fx.timing.pin(NOW);
		const [id] = await seed(1);
		const result = await fx.run({ operation: 'getSchedule', scheduleId: id });

		expect(calls()).toEqual([`GET /v4/schedules/${id}`]);
		expect(result.items).toEqual([
			{ json: { schedule_id: id, ...stored(id) }, pairedItem: { item: 0 } },
		]);
	});

	it('an unknown ID is EngageLab\'s error on the error output; an empty one is refused before sending', async () => {
		const result = await fx.run({ operation: 'getSchedule', scheduleId: '={{ $json.id }}' }, [{ id: 'no-such-id' }, { id: ' ' }], { onError: 'continueErrorOutput' });

		expect(calls()).toEqual(['GET /v4/schedules/no-such-id']);
		expect(result.errorItems.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(JSON.stringify(result.errorItems[0].json)).toContain('21003');
		expect(JSON.stringify(result.errorItems[1].json)).toContain('Schedule ID is empty');
	});

	it('an ID with a slash stays one path segment', async () => {
		await fx.run({ operation: 'getSchedule', scheduleId: 'a/b?c' }, [{}], { continueOnFail: true });
		expect(calls()).toEqual(['GET /v4/schedules/a%2Fb%3Fc']);
	});
});

describe('App Push → Update Schedule', () => {
	it('reads the schedule, applies the change and PUTs the whole object', async () => {
		const [id] = await seed(1);
		const before = stored(id);
		const result = await fx.run({ operation: 'updateSchedule', scheduleId: id, scheduleUpdate: { name: 'renamed', enabled: false } }, [{}], UTC);

		expect(result.status).toBe('success');
		expect(calls()).toEqual([`GET /v4/schedules/${id}`, `PUT /v4/schedules/${id}`]);
		expect(bodyOf(1)).toEqual({ name: 'renamed', enabled: false, trigger: before.trigger, push: before.push });
		expect(result.items[0].json).toEqual({ schedule_id: id, name: 'renamed', enabled: false, trigger: before.trigger, push: before.push });
	});

	it('replaces the trigger or the push when asked, keeping the rest', async () => {
		const [id] = await seed(1);
		const before = stored(id);
		await fx.run({ operation: 'updateSchedule', scheduleId: id, newTrigger: 'single', sendAt: '2027-01-02T03:04:05' }, [{}], UTC);
		expect(bodyOf(1)).toEqual({ name: 'seed_0', enabled: true, trigger: { single: { time: '2027-01-02 03:04:05', zone_type: 1 } }, push: before.push });

		await fx.run({ operation: 'updateSchedule', scheduleId: id, newPush: 'replace', ...push, alert: 'New text' }, [{}], UTC);
		const put = bodyOf(3);
		expect(put.trigger).toEqual({ single: { time: '2027-01-02 03:04:05', zone_type: 1 } });
		expect(put.push).toEqual({ to: { tag: ['vip'] }, body: { platform: ['android'], notification: { alert: 'New text' }, options: { cid: cidOf(put) } } });
	});

	it('a bad change is refused before anything is read or sent', async () => {
		const [id] = await seed(1);
		const result = await fx.run({ operation: 'updateSchedule', scheduleId: id, newTrigger: 'single', sendAt: '2020-01-01T00:00:00' }, [{}], UTC);
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect(fx.emulator.requests).toHaveLength(0);
	});

	it('an answer lost on the PUT is repeated (the same whole object twice is the same schedule)', async () => {
		const [id] = await seed(1);
		fx.emulator.fault({ kind: 'resetAfterApply', method: 'PUT' });
		const result = await fx.run({ operation: 'updateSchedule', scheduleId: id, scheduleUpdate: { name: 'renamed' } }, [{}], UTC);

		expect(result.status).toBe('success');
		expect(calls()).toEqual([`GET /v4/schedules/${id}`, `PUT /v4/schedules/${id}`, `PUT /v4/schedules/${id}`]);
		expect(fx.emulator.schedules.get(id)!.value.name).toBe('renamed');
	});
});

describe('App Push → Delete Schedule', () => {
	it('deletes and outputs the ID (whatever void answer EngageLab gives)', async () => {
		for (const voidAnswer of ['empty', 'success', 'json'] as const) {
			await fx.restart({ voidAnswer });
			fx.timing.pin(NOW);
			const [id] = await seed(1);
			const result = await fx.run({ operation: 'deleteSchedule', scheduleId: id });
			expect(result.items).toEqual([{ json: { schedule_id: id, deleted: true }, pairedItem: { item: 0 } }]);
			expect(fx.emulator.schedules.size).toBe(0);
		}
	});

	it('an answer lost after deleting: the repeat finds it gone (21003), which is read as done', async () => {
		const [id] = await seed(1);
		fx.emulator.fault({ kind: 'resetAfterApply', method: 'DELETE' });
		const result = await fx.run({ operation: 'deleteSchedule', scheduleId: id });

		expect(calls()).toEqual([`DELETE /v4/schedules/${id}`, `DELETE /v4/schedules/${id}`]);
		expect(result.items[0].json).toMatchObject({ schedule_id: id, deleted: true });
		expect(result.items[0].json.note).toContain('first attempt deleted it');
	});

	it('an unknown ID on the first attempt stays an error (21003)', async () => {
		const result = await fx.run({ operation: 'deleteSchedule', scheduleId: 'no-such-id' });
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).httpCode).toBe('21003');
		expect(calls()).toHaveLength(1);
	});

	it('a failure that never reaches EngageLab is repeated up to Max Attempts, then fails', async () => {
		const [id] = await seed(1);
		fx.emulator.fault({ kind: 'status', status: 502, method: 'DELETE', times: 5 });
		const result = await fx.run({ operation: 'deleteSchedule', scheduleId: id, options: { maxAttempts: 2 } });

		expect(calls()).toEqual([`DELETE /v4/schedules/${id}`, `DELETE /v4/schedules/${id}`]);
		expect(result.error).toBeInstanceOf(NodeApiError);
		expect(fx.emulator.schedules.size).toBe(1);
	});
});

describe('App Push schedules: EngageLab errors', () => {
	it.each(['nested', 'flat'] as const)('a wrong Master Secret (21004, %s shape) fails every operation with the code in English', async (errorStyle) => {
		await fx.restart({ errorStyle });
		fx.timing.pin(NOW);
		fx.useCredentials({ ...fx.credentials, masterSecret: 'wrong-secret-123' });
		for (const parameters of [single(), { operation: 'getSchedules', returnAll: true }, { operation: 'getSchedule', scheduleId: 'x' }, { operation: 'updateSchedule', scheduleId: 'x' }, { operation: 'deleteSchedule', scheduleId: 'x' }]) {
			const result = await fx.run(parameters, [{}], { ...UTC, continueOnFail: true });
			expect(JSON.stringify(result.items[0].json)).toContain('EngageLab App Push error 21004: Verification failed');
			expect(JSON.stringify(result.items)).not.toContain('wrong-secret-123');
			expect(result.items[0].pairedItem).toEqual({ item: 0 });
		}
		expect(fx.emulator.schedules.size).toBe(0);
	});

	it('EngageLab refusing the schedule is its error with the code, thrown as a NodeApiError, and not repeated', async () => {
		const result = await fx.run(single({ pushOptions: { overrideMsgId: '1234567890123456789' } }), [{}], UTC);

		expect(result.error).toBeInstanceOf(NodeApiError);
		expect((result.error as NodeApiError).message).toMatch(/EngageLab App Push error \d+/);
		expect(calls()).toEqual(['POST /v4/schedules']);
		expect(fx.emulator.schedules.size).toBe(0);
	});
});
