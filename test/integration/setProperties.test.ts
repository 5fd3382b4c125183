import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { MA_ERROR_CODES } from '../../nodes/EngageLab/products/ma/errorTable';
import { EngageLabFixture } from '../support/inProcess/maFixture';

const fx = new EngageLabFixture();
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => fx.reset());

const base = { resource: 'user', operation: 'setProperties', euid: '={{ $json.euid }}' };
const pairs = (...list: Array<[string, string]>) => ({ propertiesInput: 'pairs', properties: { property: list.map(([name, value]) => ({ name, value })) } });
const json = (text: string) => ({ propertiesInput: 'json', propertiesJson: text });
const errorOf = (j: IDataObject) => j.error as IDataObject | undefined;

describe('Set Properties: what EngageLab receives', () => {
	it('name/value pairs keep their types: text, numbers, true/false, lists and dates', async () => {
		const result = await fx.run(
			{
				...base,
				propertyOperation: 'set',
				...pairs(
					['vip_level', 'gold'],
					['score', '={{ 46.2 }}'],
					['opted_in', '={{ true }}'],
					['tags', '={{ ["new", "web", 3] }}'],
					['signed_up', '={{ new Date("2023-12-12T00:56:23Z") }}'],
					['zip', '02134'],
				),
			},
			[{ euid: '10362473' }],
		);

		expect(result.status).toBe('success');
		expect(fx.emulator.received.map((r) => [r.path, r.rawBody])).toEqual([
			[
				'/v1/user/property',
				'{"euid":10362473,"type":"set","properties":{"vip_level":"gold","score":46.2,"opted_in":true,"tags":["new","web",3],"signed_up":"2023-12-12 00:56:23","zip":"02134"}}',
			],
		]);
		expect(fx.emulator.ma.properties.get('10362473')).toMatchObject({ vip_level: 'gold', zip: '02134' });
		expect(result.items).toEqual([
			{
				json: {
					euid: '10362473',
					type: 'set',
					properties: { vip_level: 'gold', score: 46.2, opted_in: true, tags: ['new', 'web', 3], signed_up: '2023-12-12 00:56:23', zip: '02134' },
					code: 0,
					message: 'success',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('a Luxon date from an expression ($now, DateTime) and ISO text with a zone become yyyy-MM-dd HH:mm:ss, UTC', async () => {
		await fx.run(
			{ ...base, ...pairs(['seen', '={{ DateTime.fromISO("2024-01-02T05:04:05+02:00") }}'], ['iso', '2024-01-02T03:04:05.250Z'], ['local', '2024-01-02T03:04:05'], ['day', '2024-01-02']) },
			[{ euid: '1' }],
		);

		expect(fx.emulator.received[0].rawBody).toBe(
			'{"euid":1,"type":"set","properties":{"seen":"2024-01-02 03:04:05","iso":"2024-01-02 03:04:05","local":"2024-01-02T03:04:05","day":"2024-01-02"}}',
		);
	});

	it('JSON keeps its types; an object from an expression works too', async () => {
		await fx.run({ ...base, propertyOperation: 'set', ...json('{"a": 1, "b": "x", "c": [1, 2], "d": false, "e": "2023-12-12 00:56:23"}') }, [{ euid: '1' }]);
		await fx.run({ ...base, propertyOperation: 'set', ...json('={{ $json.props }}') }, [{ euid: '2', props: { n: 5, s: 'y' } }]);

		expect(fx.emulator.received.map((r) => r.rawBody)).toEqual([
			'{"euid":1,"type":"set","properties":{"a":1,"b":"x","c":[1,2],"d":false,"e":"2023-12-12 00:56:23"}}',
			'{"euid":2,"type":"set","properties":{"n":5,"s":"y"}}',
		]);
	});

	it('increase sends whole numbers (text digits become numbers) and EngageLab adds them up', async () => {
		fx.emulator.ma.properties.set('5', { points: 10n });
		await fx.run({ ...base, propertyOperation: 'increase', ...pairs(['points', '5']) }, [{ euid: '5' }]);
		await fx.run({ ...base, propertyOperation: 'increase', ...json('{"points": -3}') }, [{ euid: '5' }]);

		expect(fx.emulator.received.map((r) => r.rawBody)).toEqual([
			'{"euid":5,"type":"increase","properties":{"points":5}}',
			'{"euid":5,"type":"increase","properties":{"points":-3}}',
		]);
		expect(fx.emulator.ma.properties.get('5')).toEqual({ points: 12n });
	});

	it('add and remove change list properties', async () => {
		fx.emulator.ma.properties.set('6', { tags: ['a'] });
		await fx.run({ ...base, propertyOperation: 'add', ...json('{"tags": ["b", "c"]}') }, [{ euid: '6' }]);
		await fx.run({ ...base, propertyOperation: 'remove', ...pairs(['tags', 'a']) }, [{ euid: '6' }]);

		expect(fx.emulator.ma.properties.get('6')).toEqual({ tags: ['b', 'c'] });
	});

	it('delete needs names only: an empty value is sent as ""', async () => {
		fx.emulator.ma.properties.set('7', { old: 'x', keep: 'y' });
		const result = await fx.run({ ...base, propertyOperation: 'delete', ...pairs(['old', '']) }, [{ euid: '7' }]);

		expect(fx.emulator.received[0].rawBody).toBe('{"euid":7,"type":"delete","properties":{"old":""}}');
		expect(fx.emulator.ma.properties.get('7')).toEqual({ keep: 'y' });
		expect(result.items[0].json).toMatchObject({ type: 'delete', code: 0 });
	});

	it('big EUIDs arrive exact; one request per item, paired', async () => {
		const result = await fx.run({ ...base, ...pairs(['a', 'b']) }, [{ euid: '9223372036854775807' }, { euid: '9007199254740993' }]);

		expect(fx.emulator.received.map((r) => r.rawBody)).toEqual([
			'{"euid":9223372036854775807,"type":"set","properties":{"a":"b"}}',
			'{"euid":9007199254740993,"type":"set","properties":{"a":"b"}}',
		]);
		expect(result.items.map((i) => [i.json.euid, i.pairedItem])).toEqual([
			['9223372036854775807', { item: 0 }],
			['9007199254740993', { item: 1 }],
		]);
	});
});

describe('Set Properties: input refused before any request', () => {
	it.each([
		['a bad EUID', { ...pairs(['a', 'b']) }, '12ab', /EUID "12ab" is not valid/],
		['no property', { ...pairs() }, '1', /No property to change/],
		['a name with a space', { ...pairs(['vip level', 'b']) }, '1', /property name "vip level" is not valid/],
		['an empty name', { ...pairs([' ', 'b']) }, '1', /A property name is empty/],
		['a name given twice', { ...pairs(['a', 'b'], ['a', 'c']) }, '1', /"a" is given twice/],
		['an empty value', { ...pairs(['a', '']) }, '1', /Property "a" has an empty value/],
		['an object value', { ...pairs(['a', '={{ { x: 1 } }}']) }, '1', /must be text, a number, a date or a list/],
		['invalid JSON', { ...json('{a:1}') }, '1', /not valid JSON/],
		['a JSON list', { ...json('[1,2]') }, '1', /must be a JSON object/],
		['a fraction to increase', { ...json('{"p": 1.5}'), propertyOperation: 'increase' }, '1', /whole number/],
		['text to increase', { ...pairs(['p', 'ten']), propertyOperation: 'increase' }, '1', /needs a whole number/],
	])('%s', async (_what, params, euid, message) => {
		const result = await fx.run({ ...base, ...params }, [{ euid }]);

		expect(result.status).toBe('error');
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect((result.error as NodeOperationError).message).toMatch(message);
		expect((result.error as NodeOperationError).context.itemIndex).toBe(0);
		expect((result.error as NodeOperationError).description).toBeTruthy();
		expect(fx.emulator.received).toHaveLength(0);
	});
});

describe('Set Properties: EngageLab error codes, continue on fail', () => {
	it.each([55102, 55103, 55108, 40007, 55004, 40050])('code %i fails only the item it answers', async (code) => {
		const result = await fx.run(
			{ ...base, ...pairs(['p', '={{ $json.v }}']) },
			[{ euid: '1', v: 'ok' }, { euid: '2', v: `emulator-force-${code}` }, { euid: '3', v: 'ok' }],
			{ onError: 'continueRegularOutput' },
		);

		expect(fx.emulator.received).toHaveLength(3);
		expect(result.items.map((i) => errorOf(i.json)?.code ?? i.json.code)).toEqual([0, code, 0]);
		expect(errorOf(result.items[1].json)?.message).toBe(`EngageLab error ${code}: ${MA_ERROR_CODES[code].meaning}`);
	});

	it('without continue on fail the first failing item stops the run', async () => {
		const result = await fx.run({ ...base, ...pairs(['p', '={{ $json.v }}']) }, [{ euid: '1', v: 'emulator-force-55102' }, { euid: '2', v: 'x' }]);

		expect(result.status).toBe('error');
		expect((result.error as Error).message).toBe('EngageLab error 55102: Invalid user attribute name');
	});
});
