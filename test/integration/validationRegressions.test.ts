/**
 * Issue 17's counterexamples (and issue 11 point 5), each as a plain test through the node's real
 * execute() against the emulator: the value arrives exactly, or the item is refused with a
 * NodeOperationError that names the field and the item, and nothing is sent.
 */
import type { IDataObject, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { EngageLabFixture } from '../support/inProcess/maFixture';

const fx = new EngageLabFixture();
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => fx.reset());

const protoNames = Object.getOwnPropertyNames(Object.prototype).sort();
afterEach(() => {
	expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(protoNames);
	expect(({} as IDataObject).polluted).toBeUndefined();
});

const setProperties = { resource: 'user', operation: 'setProperties', euid: '7' };
const report = { resource: 'event', operation: 'report', euid: '7', eventName: 'sign_up', eventTime: '' };
const pair = (name: string, value: string) => ({ propertiesInput: 'pairs', properties: { property: [{ name, value }] } });
const json = (text: string) => ({ propertiesInput: 'json', propertiesJson: text });

async function refused(parameters: INode['parameters'], message: RegExp, items: IDataObject[] = [{}], itemIndex = 0) {
	const result = await fx.run(parameters, items);
	expect(result.status).toBe('error');
	expect(result.error).toBeInstanceOf(NodeOperationError);
	const error = result.error as NodeOperationError;
	expect(error.message).toMatch(message);
	expect(error.context.itemIndex).toBe(itemIndex);
	expect(error.description).toBeTruthy();
	expect(fx.emulator.received).toHaveLength(0);
	return error;
}

describe('Set Properties: names that are also Object.prototype members', () => {
	const names = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty'];

	it.each(names)('"%s" as a name/value pair is sent as an ordinary property', async (name) => {
		const result = await fx.run({ ...setProperties, ...pair(name, 'x') });

		expect(result.status).toBe('success');
		expect(fx.emulator.received.map((r) => r.rawBody)).toEqual([`{"euid":7,"type":"set","properties":{"${name}":"x"}}`]);
		expect(Object.getOwnPropertyDescriptor(fx.emulator.ma.properties.get('7'), name)?.value).toBe('x');
		expect(Object.keys(result.items[0].json.properties as object)).toEqual([name]);
	});

	it('all of them at once in Properties (JSON), with a list under __proto__', async () => {
		const text = '{"__proto__":["a","b"],"constructor":1,"toString":"t","valueOf":true,"hasOwnProperty":"h"}';
		const result = await fx.run({ ...setProperties, ...json(text) });

		expect(result.status).toBe('success');
		expect(fx.emulator.received[0].rawBody).toBe(`{"euid":7,"type":"set","properties":${text}}`);
		expect(Object.keys(fx.emulator.ma.properties.get('7') ?? {})).toEqual(names);
	});

	it('the same name twice is still refused', async () => {
		await refused({ ...setProperties, properties: { property: [{ name: 'constructor', value: '1' }, { name: 'constructor', value: '2' }] } }, /"constructor" is given twice/);
	});
});

describe('Set Properties: increase takes a whole 64-bit number, written exactly', () => {
	it.each([
		['a list', '={{ [1, 2] }}'],
		['true', '={{ true }}'],
		['hex text', '0x1F'],
		['binary text', '0b101'],
		['exponent text', '1e5'],
		['a decimal', '1.5'],
		['text beyond the 64-bit range', '99999999999999999999'],
		['1e300', '={{ 1e300 }}'],
		['a number above 2^53 from an expression', '={{ 2 ** 60 }}'],
		['NaN', '={{ NaN }}'],
		['Infinity', '={{ Infinity }}'],
	])('refuses %s', async (_what, value) => {
		await refused({ ...setProperties, propertyOperation: 'increase', ...pair('points', value) }, /Property "points": "increase" needs a whole number/);
	});

	it.each([
		['{"points": 9007199254740993}', '9007199254740993', 9007199254740993n],
		['{"points": -9223372036854775808}', '-9223372036854775808', -9223372036854775808n],
		['{"points": "9223372036854775807"}', '9223372036854775807', 9223372036854775807n],
	])('JSON %s arrives digit for digit', async (text, digits, total) => {
		const result = await fx.run({ ...setProperties, propertyOperation: 'increase', ...json(text) });

		expect(fx.emulator.received[0].rawBody).toBe(`{"euid":7,"type":"increase","properties":{"points":${digits}}}`);
		expect(fx.emulator.ma.properties.get('7')).toEqual({ points: total });
		expect(result.items[0].json.properties).toEqual({ points: digits });
	});

	it('JSON beyond the 64-bit range is refused', async () => {
		await refused({ ...setProperties, propertyOperation: 'increase', ...json('{"points": 9223372036854775808}') }, /outside the 64-bit range/);
	});
});

describe('Set Properties: set keeps a big JSON integer a number', () => {
	it('9007199254740993 from JSON is sent as that number, not as text', async () => {
		const result = await fx.run({ ...setProperties, ...json('{"n": 9007199254740993, "s": "9007199254740993", "l": [9007199254740993, 1]}') });

		expect(fx.emulator.received[0].rawBody).toBe('{"euid":7,"type":"set","properties":{"n":9007199254740993,"s":"9007199254740993","l":[9007199254740993,1]}}');
		expect(fx.emulator.ma.properties.get('7')).toEqual({ n: 9007199254740993n, s: '9007199254740993', l: [9007199254740993n, 1n] });
		expect(result.items[0].json.properties).toEqual({ n: '9007199254740993', s: '9007199254740993', l: ['9007199254740993', 1] });
	});

	it('an integer beyond the 64-bit range is refused, with the advice to quote it', async () => {
		await refused({ ...setProperties, ...json('{"n": 99999999999999999999}') }, /outside the 64-bit range .* give it as text in quotes/);
	});
});

describe('Set Properties: lists with NaN or Infinity', () => {
	it.each([
		['={{ [1, NaN] }}', /NaN/],
		['={{ [Infinity, 2] }}', /Infinity/],
		['={{ [-Infinity] }}', /-Infinity/],
	])('%s is refused, not sent as null', async (value, message) => {
		await refused({ ...setProperties, propertyOperation: 'add', ...pair('scores', value) }, message);
	});
});

describe('Set Contact: values checked per channel', () => {
	it.each([
		['an email with a newline', { email: 'a@example.com\nBcc: x@evil.com' }, /Email .* control character/],
		['an email with CRLF', { email: 'a@exa\r\nmple.com' }, /Email .* control character/],
		['an email with NUL', { email: 'a\u0000@example.com' }, /Email .* control character/],
		['a 10 KB email', { email: `${'a'.repeat(10_000)}@example.com` }, /Email is 10012 characters long/],
		['an email without @', { email: 'ada.example.com' }, /Email "ada.example.com" is not an email address/],
		['an email without a domain dot', { email: 'ada@localhost' }, /is not an email address/],
		['2^64 as a phone number', { mobilePhone: '={{ 2 ** 64 }}' }, /Mobile Phone 18446744073709552000 arrived as a number that is not an exact/],
		['a phone with letters', { mobilePhone: '1800-FLOWERS' }, /Mobile Phone "1800-FLOWERS" is not a phone number/],
		['a phone with spaces', { whatsappPhone: '+86 180 2345 6879' }, /WhatsApp Phone .* without spaces/],
		['a phone too long', { landlinePhone: '1234567890123456' }, /16 digits/],
		['a phone with a newline', { mobilePhone: '1802345\n6879' }, /control character/],
		['a number as an email', { email: '={{ 42 }}' }, /Email must be text, but got the number 42/],
		['a list as a phone', { mobilePhone: '={{ ["1"] }}' }, /Mobile Phone must be text, but got a list/],
	])('refuses %s', async (_what, fields, message) => {
		await refused({ euid: '7', ...fields }, message);
	});

	it('valid values arrive trimmed and unchanged: +country code, national numbers, a safe number', async () => {
		const result = await fx.run({
			euid: '7',
			email: '  ada.lovelace+crm@example.co.uk ',
			mobilePhone: ' +8618023456879 ',
			landlinePhone: '02012345678',
			whatsappPhone: '={{ 8618023456879 }}',
		});

		expect(result.status).toBe('success');
		expect(fx.emulator.received[0].rawBody).toBe(
			'{"euid":7,"contacts":{"email":"ada.lovelace+crm@example.co.uk","mobile_phone":"+8618023456879","landline_phone":"02012345678","whatsapp_phone":"8618023456879"}}',
		);
	});
});

describe('Report: event names, IDs and times', () => {
	it('a 10,000-character event name is refused', async () => {
		await refused({ ...report, eventName: 'a'.repeat(10_000) }, /10000 characters long: at most 64/);
	});

	it('a 64-character event name is sent', async () => {
		await fx.run({ ...report, eventName: 'a'.repeat(64) });
		expect(fx.emulator.ma.events.map((e) => e.event_name)).toEqual(['a'.repeat(64)]);
	});

	it.each([
		['App Key', { appKey: '={{ { a: 1 } }}' }, /App Key must be text, but got an object/],
		['Report ID', { randomId: '={{ { a: 1 } }}' }, /Report ID must be text, but got an object/],
		['Report ID', { randomId: '={{ [1] }}' }, /Report ID must be text, but got a list/],
		['Report ID', { randomId: '={{ true }}' }, /Report ID must be text, but got the value true/],
		['App Key', { appKey: '={{ 1.5 }}' }, /App Key must be text, but got the number 1.5/],
	])('%s given a non-text value is refused, not sent as "[object Object]"', async (_field, fields, message) => {
		await refused({ ...report, ...fields }, message);
	});

	it.each([
		['"2025" (a year, not a time)', '2025'],
		['Unix seconds before 2000', '946684799'],
		['milliseconds two days ahead', `${Date.now() + 2 * 86_400_000}`],
		['an ISO date before 2000', '1999-12-31T23:59:59Z'],
		['a date that does not exist', '2025-02-30'],
		['a date in words', 'March 1, 2025'],
		['an exponent', '1.7e12'],
		['a negative number', '={{ -1700000000 }}'],
	])('Event Time %s is refused with the value shown', async (_what, time) => {
		const error = await refused({ ...report, eventTime: time }, /The event time/);
		expect(error.message).toContain(time.startsWith('=') ? '-1700000000' : time);
	});

	it.each([
		['ISO with a zone', '2025-03-01T12:00:00+02:00', 1740823200000n],
		['Unix seconds', '1740830400', 1740830400000n],
		['Unix seconds with a fraction', '1740830400.5', 1740830400500n],
		['Unix milliseconds', '1740830400123', 1740830400123n],
		['an n8n DateTime', '={{ DateTime.fromISO("2025-03-01T12:00:00Z") }}', 1740830400000n],
	])('Event Time as %s is sent in milliseconds', async (_what, time, itime) => {
		await fx.run({ ...report, eventTime: time });
		expect(fx.emulator.ma.events.map((e) => e.itime)).toEqual([itime]);
	});
});

describe('Report ID: unique per event in a run (issue 11, point 5)', () => {
	it('a fixed Report ID on several events: the later ones are refused, naming the first', async () => {
		const rows = [{ euid: '1' }, { euid: '2' }, { euid: '3' }];
		const result = await fx.run({ ...report, euid: '={{ $json.euid }}', randomId: 'order-1' }, rows, { onError: 'continueRegularOutput' });

		expect(fx.emulator.received).toHaveLength(1);
		expect((fx.emulator.received[0].body as { data: IDataObject[] }).data.map((e) => e.random_id)).toEqual(['order-1']);
		expect(result.items.map((i) => (i.json.error as IDataObject | undefined)?.message ?? i.json.code)).toEqual([
			0,
			'Report ID "order-1" is already the Report ID of item 0: EngageLab would count only one of the two events',
			'Report ID "order-1" is already the Report ID of item 0: EngageLab would count only one of the two events',
		]);
	});

	it('without continue on fail the run stops at the second event, after sending the first', async () => {
		const result = await fx.run({ ...report, euid: '={{ $json.euid }}', randomId: '={{ $json.id }}' }, [
			{ euid: '1', id: 'a' },
			{ euid: '2', id: 'b' },
			{ euid: '3', id: ' a ' },
		]);

		expect(result.status).toBe('error');
		expect((result.error as NodeOperationError).context.itemIndex).toBe(2);
		expect((result.error as NodeOperationError).message).toMatch(/Report ID "a" is already the Report ID of item 0/);
		expect(fx.emulator.ma.events.map((e) => e.random_id)).toEqual(['a', 'b']);
	});
});

describe('Options: refused with the value and the range, never a silent 1 ms', () => {
	it.each([
		[{ timeout: 0 }, /Timeout \(Milliseconds\) is 0: it takes from 1 to 2147483647 ms/],
		[{ timeout: -5 }, /Timeout \(Milliseconds\) is -5/],
		[{ timeout: 3e9 }, /Timeout \(Milliseconds\) is 3000000000/],
		[{ retryDelay: -1 }, /Retry Delay \(Milliseconds\) is -1/],
		[{ retryDelay: 2 ** 31 }, /Retry Delay \(Milliseconds\) is 2147483648/],
		[{ concurrency: 0 }, /Concurrency is 0: it takes a whole number from 1 to 100/],
		[{ concurrency: 2.5 }, /Concurrency is 2.5/],
		[{ concurrency: 101 }, /Concurrency is 101/],
		[{ maxAttempts: 0 }, /Max Attempts is 0: it takes a whole number from 1 to 10/],
		[{ maxAttempts: 11 }, /Max Attempts is 11/],
		[{ maxRequestsPerSecond: -1 }, /Max Requests Per Second is -1: it takes 0 or from 0.01/],
		[{ maxRequestsPerSecond: 0.001 }, /Max Requests Per Second is 0.001/],
		[{ timeout: '={{ "soon" }}' }, /Timeout \(Milliseconds\) is "soon", not a number/],
	])('%p', async (options, message) => {
		await refused({ euid: '7', email: 'a@example.com', options }, message);
	});

	it.each([0, 1001, 2.5])("Report's Batch Size %p is refused", async (batchSize) => {
		await refused({ ...report, batchSize }, new RegExp(`Batch Size is ${batchSize}: it takes a whole number from 1 to 1000`));
	});

	it('with continue on fail a refused option fails every item with its reason, and nothing is sent', async () => {
		const result = await fx.run({ euid: '7', email: 'a@example.com', options: { timeout: 0 } }, [{}, {}], { onError: 'continueRegularOutput' });

		expect(fx.emulator.received).toHaveLength(0);
		expect(result.items.map((i) => [(i.json.error as IDataObject).message, i.pairedItem])).toEqual([
			['The option Timeout (Milliseconds) is 0: it takes from 1 to 2147483647 ms', { item: 0 }],
			['The option Timeout (Milliseconds) is 0: it takes from 1 to 2147483647 ms', { item: 1 }],
		]);
	});

	it('values within range still work as before (1 ms timeout is explicit, not refused)', async () => {
		const result = await fx.run({ euid: '7', email: 'a@example.com', options: { timeout: 5000, concurrency: 100, maxAttempts: 10, retryDelay: 0, maxRequestsPerSecond: 0 } });
		expect(result.status).toBe('success');
	});
});
