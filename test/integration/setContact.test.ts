import { NodeOperationError } from 'n8n-workflow';

import { EngageLabFixture } from '../support/inProcess/maFixture';
import { TEST_KEY, TEST_SECRET } from '../support/emulator/ma/maEmulator';

const fx = new EngageLabFixture();
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => fx.emulator.reset());

describe('Set Contact: what EngageLab receives', () => {
	it.each([
		['email', 'email', 'ada@example.com'],
		['mobilePhone', 'mobile_phone', '18023456879'],
		['landlinePhone', 'landline_phone', '02012345678'],
		['whatsappPhone', 'whatsapp_phone', '8618023456879'],
	])('sends %s alone as contacts.%s', async (param, apiName, value) => {
		const result = await fx.run({ euid: '10362473', [param]: value });

		expect(result.status).toBe('success');
		expect(fx.emulator.received).toHaveLength(1);
		const [request] = fx.emulator.received;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/v1/user/contact');
		expect(request.contentType).toMatch(/^application\/json/);
		expect(request.rawBody).toBe(`{"euid":10362473,"contacts":{"${apiName}":"${value}"}}`);
		expect(result.items).toEqual([
			{
				json: { euid: '10362473', contacts: { [apiName]: value }, code: 0, message: 'success' },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('sends all four channels in one request, trimmed, and EngageLab stores them', async () => {
		await fx.run({
			euid: ' 42 ',
			email: ' ada@example.com ',
			mobilePhone: '18023456879',
			landlinePhone: '02012345678',
			whatsappPhone: '8618023456879',
		});

		expect(fx.emulator.received.map((r) => r.rawBody)).toEqual([
			'{"euid":42,"contacts":{"email":"ada@example.com","mobile_phone":"18023456879","landline_phone":"02012345678","whatsapp_phone":"8618023456879"}}',
		]);
		expect(fx.emulator.contacts.get('42')).toEqual({
			email: 'ada@example.com',
			mobile_phone: '18023456879',
			landline_phone: '02012345678',
			whatsapp_phone: '8618023456879',
		});
	});

	it('authenticates with HTTP Basic base64(APIKey:APISecret) from the credential', async () => {
		await fx.run({ euid: '1', email: 'a@b.co' });

		const expected = `Basic ${Buffer.from(`${TEST_KEY}:${TEST_SECRET}`).toString('base64')}`;
		expect(fx.emulator.received[0].authorization).toBe(expected);
	});

	it('writes the largest EUID (2^63 - 1) digit for digit', async () => {
		const result = await fx.run({ euid: '9223372036854775807', email: 'big@example.com' });

		expect(fx.emulator.received[0].rawBody).toBe('{"euid":9223372036854775807,"contacts":{"email":"big@example.com"}}');
		expect(fx.emulator.received[0].body).toEqual({ euid: 9223372036854775807n, contacts: { email: 'big@example.com' } });
		expect(result.items[0].json.euid).toBe('9223372036854775807');
	});

	it('keeps a big EUID exact when it comes from an expression on a string field', async () => {
		await fx.run({ euid: '={{ $json.id }}', email: '={{ $json.mail }}' }, [
			{ id: '9007199254740993', mail: 'odd@example.com' },
		]);

		expect(fx.emulator.received[0].rawBody).toContain('"euid":9007199254740993,');
	});

	it('maps each item through expressions and pairs every output with its input', async () => {
		const crm = [
			{ id: '101', mail: 'a@example.com', phone: '' },
			{ id: 102, mail: '', phone: 18000000002 },
			{ id: '103', mail: 'c@example.com', phone: '18000000003' },
		];
		const result = await fx.run(
			{ euid: '={{ $json.id }}', email: '={{ $json.mail }}', mobilePhone: '={{ $json.phone }}' },
			crm,
		);

		expect(fx.emulator.received.map((r) => r.rawBody).sort()).toEqual([
			'{"euid":101,"contacts":{"email":"a@example.com"}}',
			'{"euid":102,"contacts":{"mobile_phone":"18000000002"}}',
			'{"euid":103,"contacts":{"email":"c@example.com","mobile_phone":"18000000003"}}',
		]);
		expect(result.items.map((i) => [i.json.euid, i.pairedItem])).toEqual([
			['101', { item: 0 }],
			['102', { item: 1 }],
			['103', { item: 2 }],
		]);
	});
});

describe('Set Contact: input refused before any request', () => {
	it.each([
		['an empty EUID', { euid: '={{ $json.nothing }}', email: 'a@b.co' }, /EUID is empty/],
		['an EUID with letters', { euid: '12ab', email: 'a@b.co' }, /digits only/],
		['a zero EUID', { euid: '0', email: 'a@b.co' }, /out of range/],
		['an EUID above 2^63 - 1', { euid: '9223372036854775808', email: 'a@b.co' }, /out of range/],
		['an unsafe JavaScript number', { euid: '={{ 9223372036854775807 }}', email: 'a@b.co' }, /above 2\^53 - 1.*rounded/],
		['no contact at all', { euid: '5', email: '  ' }, /No contact to set/],
		['a contact that is an object', { euid: '5', email: '={{ { a: 1 } }}' }, /Email must be text/],
	])('%s', async (_what, params, message) => {
		const result = await fx.run(params, [{}, {}]);

		expect(result.status).toBe('error');
		expect(result.error).toBeInstanceOf(NodeOperationError);
		const error = result.error as NodeOperationError;
		expect(error.message).toMatch(message);
		expect(error.context.itemIndex).toBe(0);
		expect(error.description).toBeTruthy();
		expect(fx.emulator.received).toHaveLength(0);
	});

	it('names the item that is wrong', async () => {
		const result = await fx.run({ euid: '={{ $json.id }}', email: 'a@b.co' }, [{ id: '1' }, { id: 'x' }]);

		expect((result.error as NodeOperationError).context.itemIndex).toBe(1);
		expect(fx.emulator.received).toHaveLength(1);
	});
});
