import { call } from '../client';
import { generatedCode, OTP_KEY, OTP_SECRET, otpEmulator, otpHttpStatus, type OtpState } from './otpEmulator';
import type { ErrorStyle, MessagingEmulator } from '../productEmulator';

const AUTH = `${OTP_KEY}:${OTP_SECRET}`;
const send = (to = '+6591234567', extra: Record<string, unknown> = {}) => ({
	to,
	template: { id: 'login-code', language: 'en', params: { name: 'Ana' } },
	...extra,
});

describe.each<ErrorStyle>(['httpStatus', 'http200'])('OTP emulator, errors as %s', (style) => {
	let emu: MessagingEmulator<OtpState>;
	let url: string;
	let now = Date.parse('2026-03-01T10:00:00Z');

	beforeAll(async () => {
		emu = otpEmulator({ errorStyle: style, clock: () => now });
		url = await emu.start();
	});
	afterAll(() => emu.stop());
	beforeEach(() => emu.reset());

	const post = (path: string, body: unknown) => call(url, 'POST', path, body, { auth: AUTH });
	const expectError = (res: { status: number; json: unknown }, code: number) => {
		expect(res.json).toEqual({ code: BigInt(code), message: expect.any(String) });
		expect(res.status).toBe(style === 'http200' ? 200 : otpHttpStatus(code));
	};

	it('sends a generated code and verifies it once: right code true, then 3003', async () => {
		const sent = await post('/v1/messages', send());
		expect(sent.status).toBe(200);
		expect(sent.json).toEqual({ message_id: expect.stringMatching(/^\d{19}$/), send_channel: 'whatsapp' });
		const messageId = (sent.json as { message_id: string }).message_id;
		const code = generatedCode(emu, messageId)!;
		expect(code).toMatch(/^\d{6}$/);

		const wrong = await post('/v1/verifications', { message_id: messageId, verify_code: '000000' });
		expect(wrong.status).toBe(200);
		expect(wrong.json).toEqual({ message_id: messageId, verify_code: '000000', verified: false });

		const right = await post('/v1/verifications', { message_id: messageId, verify_code: code });
		expect(right.json).toEqual({ message_id: messageId, verify_code: code, verified: true });

		expectError(await post('/v1/verifications', { message_id: messageId, verify_code: code }), 3003);
	});

	it('uses the email channel for an email recipient', async () => {
		const sent = await post('/v1/messages', { to: 'ana@example.com', template: { id: 'email-code' } });
		expect(sent.json).toMatchObject({ send_channel: 'email' });
	});

	it('refuses a resend while the code is valid (3004), allows it once expired', async () => {
		expect((await post('/v1/messages', send())).status).toBe(200);
		expectError(await post('/v1/messages', send()), 3004);
		expect((await post('/v1/messages', send('+6591234568'))).status).toBe(200);
		now += 5 * 60_000 + 1;
		expect((await post('/v1/messages', send())).status).toBe(200);
	});

	it('answers 3003 for an expired code and an unknown message id', async () => {
		const sent = await post('/v1/messages', send());
		const messageId = (sent.json as { message_id: string }).message_id;
		now += 5 * 60_000 + 1;
		expectError(await post('/v1/verifications', { message_id: messageId, verify_code: generatedCode(emu, messageId) }), 3003);
		expectError(await post('/v1/verifications', { message_id: '1', verify_code: '123456' }), 3003);
	});

	it('sends your own code on /v1/codes and keeps it exactly', async () => {
		const res = await post('/v1/codes', { ...send(), code: '398210' });
		expect(res.status).toBe(200);
		expect(emu.state.messages[0]).toMatchObject({ kind: 'custom-code', code: '398210' });
		expectError(await post('/v1/codes', send('+6591234569')), 3002);
	});

	it('sends a custom message, which takes no language', async () => {
		const ok = await post('/v1/custom-messages', { to: '+6591234567', template: { id: 'order-notice', params: { order_no: 'A1' } } });
		expect(ok.status).toBe(200);
		expectError(await post('/v1/custom-messages', send()), 3002);
		expectError(await post('/v1/custom-messages', { to: '+6591234567', template: { id: 'login-code', params: {} } }), 3002);
	});

	it.each<[string, string, unknown, number]>([
		['an unknown field', '/v1/messages', send('+6591234567', { channel: 'sms' }), 3002],
		['to as an array', '/v1/messages', { ...send(), to: ['+6591234567'] }, 3002],
		['an unsupported language', '/v1/messages', { ...send(), template: { id: 'login-code', language: 'de' } }, 3002],
		['params that are not strings', '/v1/messages', { ...send(), template: { id: 'login-code', params: { n: 1 } } }, 3002],
		['an invalid email', '/v1/messages', { ...send(), to: 'ana@' }, 3002],
		['a non-verification template', '/v1/messages', { ...send(), template: { id: 'order-notice' } }, 3002],
		['a number without +', '/v1/messages', send('6591234567'), 5011],
		['an unknown template', '/v1/messages', { ...send(), template: { id: 'nope' } }, 4001],
		['verify_code as a number', '/v1/verifications', { message_id: '1', verify_code: 123456 }, 3002],
		['message_id as a number', '/v1/verifications', { message_id: 1725407449772531712n, verify_code: '1' }, 3002],
		['a forced internal error', '/v1/messages', send('emulator-force-1000'), 1000],
		['a forced permission error', '/v1/messages', send('emulator-force-2004'), 2004],
		['a forced send failure', '/v1/messages', send('emulator-force-5001'), 5001],
		['a forced internal send error', '/v1/messages', send('emulator-force-5016'), 5016],
	])('rejects %s on %s with %d', async (_name, path, body, code) => {
		const raw = JSON.stringify(body, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v));
		expectError(await call(url, 'POST', path, undefined, { auth: AUTH, raw }), code);
		expect(emu.state.messages).toHaveLength(0);
	});

	it.each([5012, 5013, 5014, 5015, 5017, 5018, 5019, 5020])('answers delivery code %d for a recipient set to fail', async (code) => {
		emu.state.failingRecipients.set('+10000000002', code);
		expectError(await post('/v1/messages', send('+10000000002')), code);
	});

	it('answers 2001 for a wrong key, 2002 for a disabled one, 3001 for a non-JSON body', async () => {
		expectError(await call(url, 'POST', '/v1/messages', send(), { auth: `${OTP_KEY}:x` }), 2001);
		expectError(await call(url, 'POST', '/v1/messages', send(), {}), 2001);
		emu.accounts = { [OTP_KEY]: { secret: OTP_SECRET, failWith: 2002 } };
		try {
			expectError(await post('/v1/messages', send()), 2002);
		} finally {
			emu.accounts = { [OTP_KEY]: { secret: OTP_SECRET } };
		}
		expectError(await call(url, 'POST', '/v1/messages', undefined, { auth: AUTH, raw: 'to=+659' }), 3001);
	});

	it('lists template summaries without content; the detail has the content', async () => {
		const list = await call(url, 'GET', '/v1/template-configs', undefined, { auth: AUTH });
		expect((list.json as Array<{ template_id: string }>).map((t) => t.template_id)).toEqual(['login-code', 'email-code', 'order-notice']);
		expect(list.text).not.toContain('{{code}}');
		const one = await call(url, 'GET', '/v1/template-configs/login-code', undefined, { auth: AUTH });
		expect(one.text).toContain('{{name}}');
		expectError(await call(url, 'GET', '/v1/template-configs/nope', undefined, { auth: AUTH }), 4001);
	});

	it('refuses any query on the template list (it takes no filter)', async () => {
		expectError(await call(url, 'GET', '/v1/template-configs?status=2', undefined, { auth: AUTH }), 3002);
	});
});
