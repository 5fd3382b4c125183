import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MA_ERROR_CODES } from '../../nodes/EngageLab/products/ma/errorTable';
import { EngageLabFixture } from '../support/inProcess/maFixture';

const fx = new EngageLabFixture();
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => fx.reset());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const report = { resource: 'event', operation: 'report', euid: '={{ $json.euid }}', eventName: '={{ $json.name }}', eventTime: '={{ $json.at }}' };
const events = (n: number) => Array.from({ length: n }, (_, i) => ({ euid: String(1000 + i), name: 'sign_up', at: String(1654076420000 + i) }));
const dataOf = (i: number) => (fx.emulator.received[i].body as { data: IDataObject[] }).data;
const errorOf = (j: IDataObject) => j.error as IDataObject | undefined;

describe('Event → Report: what EngageLab receives', () => {
	it('several events in one request, each with its own random_id, time in ms, properties typed', async () => {
		const result = await fx.run(
			{ ...report, propertiesInput: 'json', propertiesJson: '={{ $json.props }}', appKey: '96441e4d73207a6517abfbbc' },
			[
				{ euid: '10000091198', name: 'sign_up', at: '2022-06-01T09:40:20.772Z', props: { propertyA: 'a', propertyB: 2 } },
				{ euid: '9223372036854775807', name: 'login', at: '1654076420235', props: { propertyL: ['test1', '20231025'] } },
				{ euid: '5', name: 'order_paid_2', at: '1654076420', props: {} },
			],
		);

		expect(result.status).toBe('success');
		expect(fx.emulator.received).toHaveLength(1);
		const [request] = fx.emulator.received;
		expect(request.path).toBe('/v1/event/report');
		const ids = dataOf(0).map((e) => e.random_id as string);
		expect(ids).toEqual([expect.stringMatching(UUID), expect.stringMatching(UUID), expect.stringMatching(UUID)]);
		expect(new Set(ids).size).toBe(3);
		expect(request.rawBody).toBe(
			'{"app_key":"96441e4d73207a6517abfbbc","data":[' +
				`{"euid":10000091198,"event_name":"sign_up","itime":1654076420772,"random_id":"${ids[0]}","properties":{"propertyA":"a","propertyB":2}},` +
				`{"euid":9223372036854775807,"event_name":"login","itime":1654076420235,"random_id":"${ids[1]}","properties":{"propertyL":["test1","20231025"]}},` +
				`{"euid":5,"event_name":"order_paid_2","itime":1654076420000,"random_id":"${ids[2]}"}]}`,
		);
		expect(fx.emulator.ma.events.map((e) => [e.euid, e.event_name, e.itime])).toEqual([
			[10000091198n, 'sign_up', 1654076420772n],
			[9223372036854775807n, 'login', 1654076420235n],
			[5n, 'order_paid_2', 1654076420000n],
		]);
		expect(result.items).toEqual([
			{ json: { euid: '10000091198', event_name: 'sign_up', itime: 1654076420772, random_id: ids[0], app_key: '96441e4d73207a6517abfbbc', code: 0, message: 'success' }, pairedItem: { item: 0 } },
			{ json: { euid: '9223372036854775807', event_name: 'login', itime: 1654076420235, random_id: ids[1], app_key: '96441e4d73207a6517abfbbc', code: 0, message: 'success' }, pairedItem: { item: 1 } },
			{ json: { euid: '5', event_name: 'order_paid_2', itime: 1654076420000, random_id: ids[2], app_key: '96441e4d73207a6517abfbbc', code: 0, message: 'success' }, pairedItem: { item: 2 } },
		]);
	});

	it('an empty time is now; no app key and no properties are left out; pairs work', async () => {
		const before = Date.now();
		const result = await fx.run({ ...report, eventTime: '', propertiesInput: 'pairs', properties: { property: [{ name: 'plan', value: 'pro' }, { name: 'seats', value: '={{ 3 }}' }] } }, [{ euid: '1', name: 'upgrade' }]);
		const after = Date.now();

		const [event] = dataOf(0);
		expect(Object.keys(fx.emulator.received[0].body as IDataObject)).toEqual(['data']);
		expect(event.properties).toEqual({ plan: 'pro', seats: 3n });
		expect(Number(event.itime)).toBeGreaterThanOrEqual(before);
		expect(Number(event.itime)).toBeLessThanOrEqual(after);
		expect(result.items[0].json).not.toHaveProperty('app_key');
	});

	it('a Report ID is sent as the random_id', async () => {
		const result = await fx.run({ ...report, randomId: '={{ "order-" + $json.euid }}' }, events(2));

		expect(dataOf(0).map((e) => e.random_id)).toEqual(['order-1000', 'order-1001']);
		expect(result.items.map((i) => i.json.random_id)).toEqual(['order-1000', 'order-1001']);
	});

	it.each([
		[120, undefined, 3],
		[1000, undefined, 20],
		[120, 100, 2],
		[7, 1, 7],
	])('%i events with batch size %s go in %i requests', async (n, batchSize, requests) => {
		const result = await fx.run({ ...report, ...(batchSize && { batchSize }) }, events(n));

		expect(fx.emulator.received).toHaveLength(requests);
		expect(fx.emulator.received.length).toBeLessThanOrEqual(Math.ceil(n / (batchSize ?? 50)));
		expect(fx.emulator.ma.events).toHaveLength(n);
		expect(result.items.map((i) => [i.json.euid, i.pairedItem])).toEqual(events(n).map((e, item) => [e.euid, { item }]));
	});

	it('events with different app keys go in different requests; output stays in input order', async () => {
		const rows = events(5).map((e, i) => ({ ...e, app: i % 2 ? 'app-b' : 'app-a' }));
		const result = await fx.run({ ...report, appKey: '={{ $json.app }}' }, rows);

		expect(fx.emulator.received.map((r) => [(r.body as IDataObject).app_key, dataOf(fx.emulator.received.indexOf(r)).length])).toEqual([
			['app-a', 3],
			['app-b', 2],
		]);
		expect(result.items.map((i) => [i.json.euid, i.json.app_key])).toEqual(rows.map((r) => [r.euid, r.app]));
	});
});

describe('Event → Report: a retried batch is counted once', () => {
	it('the answer to a processed batch is lost; the retry carries the same random_ids; EngageLab keeps each event once', async () => {
		fx.emulator.faultPath('/v1/event/report', 'lost');
		const result = await fx.run({ ...report, batchSize: 10 }, events(10));

		expect(result.status).toBe('success');
		expect(fx.emulator.received.map((r) => r.status)).toEqual([0, 200]);
		expect(fx.emulator.received[1].rawBody).toBe(fx.emulator.received[0].rawBody);
		expect(fx.emulator.ma.events).toHaveLength(10);
		expect(result.items.map((i) => i.json.random_id)).toEqual(dataOf(0).map((e) => e.random_id));
	});

	it('a batch that met an HTTP 500 (not processed) is sent again and counted once', async () => {
		fx.emulator.faultPath('/v1/event/report', 'http500', 'truncate');
		const result = await fx.run({ ...report, options: { maxAttempts: 3 } }, events(3));

		expect(fx.emulator.received.map((r) => r.status)).toEqual([500, 200, 200]);
		expect(new Set(fx.emulator.received.map((r) => r.rawBody)).size).toBe(1);
		expect(fx.emulator.ma.events).toHaveLength(3);
		expect(result.items.every((i) => i.json.code === 0)).toBe(true);
	});

	it('without a random_id the same lost answer would count the events twice (the emulator does not hide it)', async () => {
		fx.emulator.ma.reportEvents({ data: [{ euid: 1n, event_name: 'x', itime: 1n }] });
		fx.emulator.ma.reportEvents({ data: [{ euid: 1n, event_name: 'x', itime: 1n }] });
		expect(fx.emulator.ma.events).toHaveLength(2);
	});
});

describe('Event → Report: input refused before any request', () => {
	it.each([
		['a bad EUID', { euid: 'abc', name: 'ok' }, /EUID "abc" is not valid/],
		['an event name with capitals', { euid: '1', name: 'SignUp' }, /event name "SignUp" is not valid/],
		['an event name starting with a digit', { euid: '1', name: '1st_login' }, /is not valid/],
		['an empty event name', { euid: '1', name: '' }, /The event name is empty/],
		['a time that is not a date', { euid: '1', name: 'ok', at: 'yesterday' }, /is not a date/],
		['a bad property name', { euid: '1', name: 'ok', props: { 'a-b': 1 } }, /property name "a-b" is not valid/],
	])('%s', async (_what, row, message) => {
		const result = await fx.run({ ...report, propertiesInput: 'json', propertiesJson: '={{ $json.props ?? {} }}' }, [row]);

		expect(result.status).toBe('error');
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect((result.error as NodeOperationError).message).toMatch(message);
		expect((result.error as NodeOperationError).context.itemIndex).toBe(0);
		expect(fx.emulator.received).toHaveLength(0);
	});

	it('with continue on fail a refused item fails alone and the rest still go in one request', async () => {
		const rows = [...events(2), { euid: '1', name: 'Bad Name', at: '' }, ...events(2)];
		const result = await fx.run(report, rows, { onError: 'continueRegularOutput' });

		expect(fx.emulator.received).toHaveLength(1);
		expect(dataOf(0)).toHaveLength(4);
		expect(result.items.map((i) => errorOf(i.json)?.message ?? i.json.code)).toEqual([0, 0, expect.stringMatching(/event name "Bad Name" is not valid/), 0, 0]);
		expect(result.items.map((i) => i.pairedItem)).toEqual(rows.map((_, item) => ({ item })));
	});

	it('without continue on fail the events before the refused item are still sent, then the run fails on it', async () => {
		const result = await fx.run(report, [...events(2), { euid: '1', name: 'Bad', at: '' }, ...events(2)]);

		expect(result.status).toBe('error');
		expect((result.error as NodeOperationError).context.itemIndex).toBe(2);
		expect(fx.emulator.received).toHaveLength(1);
		expect(dataOf(0)).toHaveLength(2);
	});
});

describe('Event → Report: EngageLab error codes', () => {
	it.each([55004, 55108, 40007, 55102, 40050, 50074, -1])('code %i fails every event of its request; other requests succeed', async (code) => {
		const rows = events(4).map((e, i) => ({ ...e, props: i === 2 ? { p: `emulator-force-${code}` } : {} }));
		const result = await fx.run({ ...report, batchSize: 2, propertiesInput: 'json', propertiesJson: '={{ $json.props }}', options: { maxAttempts: 1 } }, rows, {
			onError: 'continueRegularOutput',
		});

		expect(fx.emulator.received).toHaveLength(2);
		expect(result.items.map((i) => errorOf(i.json)?.code ?? i.json.code)).toEqual([0, 0, code, code]);
		expect(errorOf(result.items[3].json)?.message).toBe(`EngageLab error ${code}: ${MA_ERROR_CODES[code].meaning}`);
		expect(fx.emulator.ma.events).toHaveLength(2);
	});
});
