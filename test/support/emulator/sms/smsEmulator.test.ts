import { call } from '../client';
import type { ErrorStyle, MessagingEmulator } from '../productEmulator';
import { SMS_KEY, SMS_SECRET, smsEmulator, smsHttpStatus, type SmsState } from './smsEmulator';

const AUTH = `${SMS_KEY}:${SMS_SECRET}`;
const NOW = Date.parse('2026-03-01T10:00:00Z');
const good = () => ({
	to: ['+6591234567'],
	template: { id: '123456789', params: { order_no: 'A-1', delivery_time: 'Friday' } },
});

describe.each<ErrorStyle>(['http200', 'httpStatus'])('SMS emulator, errors as %s', (style) => {
	let emu: MessagingEmulator<SmsState>;
	let url: string;

	beforeAll(async () => {
		emu = smsEmulator({ errorStyle: style, clock: () => NOW });
		url = await emu.start();
	});
	afterAll(() => emu.stop());
	beforeEach(() => emu.reset());

	const expectError = (res: { status: number; json: unknown }, code: number) => {
		expect(res.json).toEqual({ code: BigInt(code), message: expect.any(String) });
		expect(res.status).toBe(style === 'http200' ? 200 : smsHttpStatus(code));
	};

	it('accepts a documented send and answers plan_id, counts and message_id', async () => {
		const body = { ...good(), plan_name: 'welcome', custom_args: { crm_id: 7 } };
		const res = await call(url, 'POST', '/v1/messages', body, { auth: AUTH });
		expect(res.status).toBe(200);
		expect(res.json).toEqual({
			plan_id: expect.stringMatching(/^\d{19}$/),
			total_count: 1n,
			accepted_count: 1n,
			message_id: expect.stringMatching(/^\d{19}$/),
		});
		expect(emu.state.sent).toHaveLength(1);
		expect(emu.state.sent[0]).toMatchObject({ to: ['+6591234567'], template_id: '123456789', plan_name: 'welcome' });
		const [record] = emu.received;
		expect(record.rawBody).toBe(JSON.stringify(body));
		expect(record.authorization).toBe(`Basic ${Buffer.from(AUTH).toString('base64')}`);
		expect(record.key).toBe('+6591234567');
	});

	it('accepts a scheduled send and answers a 19-digit task_id as a bare number', async () => {
		const res = await call(url, 'POST', '/v1/messages', { ...good(), schedule_time: NOW / 1000 + 600 }, { auth: AUTH });
		expect(res.status).toBe(200);
		expect(res.text).toMatch(/"schedule_info":\{"task_id":\d{19}\}/);
		expect(emu.state.sent[0].task_id).toBeGreaterThan(2n ** 53n);
	});

	it('counts refused numbers in total_count but not in accepted_count', async () => {
		emu.state.refusedNumbers.add('+6590000000');
		const res = await call(url, 'POST', '/v1/messages', { ...good(), to: ['+6591234567', '+6590000000'] }, { auth: AUTH });
		expect(res.json).toMatchObject({ total_count: 2n, accepted_count: 1n });
	});

	it.each<[string, Record<string, unknown>, number]>([
		['an unknown field (to_ids, from the NewSMS page)', { to_ids: ['+6591234567'], template: good().template }, 3002],
		['to as a string', { ...good(), to: '+6591234567' }, 3002],
		['an empty to', { ...good(), to: [] }, 3002],
		['a number that is not a phone number', { ...good(), to: ['call me'] }, 3002],
		['a numeric template id (strict)', { ...good(), template: { id: 123456789, params: {} } }, 3002],
		['params that are not strings', { ...good(), template: { id: '123456789', params: { order_no: 1 } } }, 3002],
		['no params', { ...good(), template: { id: '123456789' } }, 3002],
		['an unknown template field', { ...good(), template: { ...good().template, language: 'en' } }, 3002],
		['schedule_time as a string', { ...good(), schedule_time: '1772359200' }, 3002],
		['schedule_time under 3 minutes ahead', { ...good(), schedule_time: NOW / 1000 + 120 }, 3003],
		['schedule_time over 30 days ahead', { ...good(), schedule_time: NOW / 1000 + 31 * 86400 }, 3003],
		['an unknown template', { ...good(), template: { id: '999', params: {} } }, 4001],
		['a template pending review', { ...good(), template: { id: '123456791', params: { name: 'x' } } }, 4001],
		['a forced send failure', { ...good(), plan_name: 'emulator-force-5001' }, 5001],
		['a forced internal error', { ...good(), plan_name: 'emulator-force-1000' }, 1000],
		['a forced permission error', { ...good(), plan_name: 'emulator-force-2004' }, 2004],
	])('rejects %s with %d', async (_name, body, code) => {
		expectError(await call(url, 'POST', '/v1/messages', body, { auth: AUTH }), code);
		expect(emu.state.sent).toHaveLength(0);
	});

	it.each<[string, string | undefined]>([
		['no Authorization header', undefined],
		['a wrong secret', `${SMS_KEY}:nope`],
		['another product key', 'otp-dev-key:otp-dev-secret-Lm3'],
	])('answers 2001 for %s', async (_name, auth) => {
		expectError(await call(url, 'POST', '/v1/messages', good(), { auth }), 2001);
	});

	it('answers 2002 for a disabled key', async () => {
		emu.accounts = { [SMS_KEY]: { secret: SMS_SECRET, failWith: 2002 } };
		try {
			expectError(await call(url, 'POST', '/v1/messages', good(), { auth: AUTH }), 2002);
		} finally {
			emu.accounts = { [SMS_KEY]: { secret: SMS_SECRET } };
		}
	});

	it('answers 3001 for a body that is not JSON or not sent as JSON', async () => {
		expectError(await call(url, 'POST', '/v1/messages', undefined, { auth: AUTH, raw: '{"to":' }), 3001);
		expectError(await call(url, 'POST', '/v1/messages', good(), { auth: AUTH, contentType: 'text/plain' }), 3001);
		expectError(await call(url, 'POST', '/v1/messages', [good()], { auth: AUTH }), 3001);
	});

	it('accepts a numeric template id only in lenient mode', async () => {
		emu.state.acceptNumericTemplateId = true;
		const res = await call(url, 'POST', '/v1/messages', { ...good(), template: { id: 123456789, params: {} } }, { auth: AUTH });
		expect(res.status).toBe(200);
	});

	it('lists templates as a bare array and gets one by id', async () => {
		const list = await call(url, 'GET', '/v1/template-configs', undefined, { auth: AUTH });
		expect(list.status).toBe(200);
		expect(Array.isArray(list.json)).toBe(true);
		expect((list.json as Array<{ template_id: string; status: bigint }>).map((t) => [t.template_id, t.status])).toEqual([
			['123456789', 2n],
			['123456790', 2n],
			['123456791', 1n],
		]);
		const one = await call(url, 'GET', '/v1/template-configs/123456789', undefined, { auth: AUTH });
		expect(one.json).toMatchObject({ template_content: expect.stringContaining('{order_no}') });
		expectError(await call(url, 'GET', '/v1/template-configs/1', undefined, { auth: AUTH }), 4001);
		expectError(await call(url, 'GET', '/v1/template-configs', undefined, {}), 2001);
	});

	it('refuses any query on the template list (it takes no filter)', async () => {
		expectError(await call(url, 'GET', '/v1/template-configs?status=2', undefined, { auth: AUTH }), 3002);
	});

	it('answers 404 HTML for an unknown path and 405 for a wrong method', async () => {
		const missing = await call(url, 'POST', '/v1/message', good(), { auth: AUTH });
		expect(missing.status).toBe(404);
		expect(missing.json).toBeUndefined();
		expect((await call(url, 'GET', '/v1/messages', undefined, { auth: AUTH })).status).toBe(405);
	});
});
