import { call } from './client';
import { OTP_KEY, OTP_SECRET, otpEmulator, type OtpState } from './otp/otpEmulator';
import type { MessagingEmulator } from './productEmulator';
import { SMS_KEY, SMS_SECRET, smsEmulator, type SmsState } from './sms/smsEmulator';

const SMS_AUTH = `${SMS_KEY}:${SMS_SECRET}`;
const sms = (to = '+6591234567') => ({ to: [to], template: { id: '123456790', params: {} } });

describe('messaging emulator fault injection (shared server)', () => {
	let emu: MessagingEmulator<SmsState>;
	let url: string;

	beforeAll(async () => {
		emu = smsEmulator();
		url = await emu.start();
	});
	afterAll(() => emu.stop());
	beforeEach(() => emu.reset());

	const send = (to?: string) => call(url, 'POST', '/v1/messages', sms(to), { auth: SMS_AUTH });

	it('answers a plain-text 500 and an HTML 502, and sends nothing', async () => {
		emu.faultRecipient('+6591234567', 'http500', 'http502');
		const first = await send();
		expect([first.status, first.text]).toEqual([500, 'Internal Server Error']);
		const second = await send();
		expect(second.status).toBe(502);
		expect(second.headers.get('content-type')).toContain('text/html');
		expect(emu.state.sent).toHaveLength(0);
		expect((await send()).status).toBe(200);
		expect(emu.received.map((r) => [r.attempt, r.fault])).toEqual([
			[1, 'http500'],
			[2, 'http502'],
			[3, undefined],
		]);
	});

	it('answers 429 with the scripted Retry-After', async () => {
		emu.faultRecipient('+6591234567', { kind: 'http429', retryAfter: '7' });
		const res = await send();
		expect(res.status).toBe(429);
		expect(res.headers.get('retry-after')).toBe('7');
	});

	it("answers the product's internal error code in the emulator's style for code-1", async () => {
		emu.faultRecipient('+6591234567', 'code-1');
		expect((await send()).json).toEqual({ code: 1000n, message: 'internal error' });
		emu.errorStyle = 'httpStatus';
		try {
			emu.faultRecipient('+6591234567', 'code-1');
			expect((await send()).status).toBe(500);
		} finally {
			emu.errorStyle = 'http200';
		}
	});

	it('resets the connection before processing (reset) or after processing (lost)', async () => {
		emu.faultRecipient('+6591234567', 'reset');
		await expect(send()).rejects.toThrow();
		expect(emu.state.sent).toHaveLength(0);
		emu.faultRecipient('+6591234567', 'lost');
		await expect(send()).rejects.toThrow();
		expect(emu.state.sent).toHaveLength(1);
		expect(emu.received.map((r) => r.status)).toEqual([0, 0]);
	});

	it('cuts a 200 body in half (truncate) without processing', async () => {
		emu.faultRecipient('+6591234567', 'truncate');
		await expect(send()).rejects.toThrow();
		expect(emu.state.sent).toHaveLength(0);
	});

	it('faults a path before recipients, and scripted answers before both', async () => {
		emu.faultPath('/v1/messages', 'http500');
		emu.script({ status: 503, body: 'maintenance', contentType: 'text/plain' });
		expect((await send()).status).toBe(503);
		expect((await send()).status).toBe(500);
		expect((await send()).status).toBe(200);
	});

	it('draws the same seeded faults on every run, per recipient and attempt', async () => {
		const plan = { seed: 42, rate: 0.5, faults: [{ kind: 'http500' as const }] };
		const run = async () => {
			emu.reset();
			emu.injectFaults(plan);
			const statuses: number[] = [];
			for (let i = 0; i < 12; i++) statuses.push((await send(`+659123456${i % 4}`)).status);
			return statuses;
		};
		const first = await run();
		expect(first).toContain(500);
		expect(first).toContain(200);
		expect(await run()).toEqual(first);
	});

	it('counts requests in flight at once', async () => {
		emu.latencyMs = 500; // far above a loaded machine's gap between requests sent together
		await Promise.all(['+6591234561', '+6591234562', '+6591234563'].map((to) => send(to)));
		expect(emu.maxInFlight).toBe(3);
	});

	it('adds latency to answers', async () => {
		emu.latencyMs = 150;
		const started = Date.now();
		await send();
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
	});
});

describe('messaging emulator request records', () => {
	let emu: MessagingEmulator<OtpState>;
	let url: string;

	beforeAll(async () => {
		emu = otpEmulator();
		url = await emu.start();
	});
	afterAll(() => emu.stop());

	it('keeps every request exactly as received, keyed by recipient or message id', async () => {
		const raw = '{ "to" : "+6591234567", "template": {"id":"login-code"} }';
		await call(url, 'POST', '/v1/messages', undefined, { auth: `${OTP_KEY}:${OTP_SECRET}`, raw, contentType: 'application/json; charset=utf-8' });
		await call(url, 'POST', '/v1/verifications', { message_id: '1725407449772531713', verify_code: '1' }, { auth: `${OTP_KEY}:${OTP_SECRET}` });
		await call(url, 'GET', '/v1/template-configs?x=1', undefined, { auth: `${OTP_KEY}:${OTP_SECRET}` });
		expect(emu.received.map((r) => [r.method, r.path, r.key, r.status])).toEqual([
			['POST', '/v1/messages', '+6591234567', 200],
			['POST', '/v1/verifications', '1725407449772531713', 400],
			['GET', '/v1/template-configs?x=1', undefined, 400],
		]);
		expect(emu.received[0].rawBody).toBe(raw);
		expect(emu.received[0].contentType).toBe('application/json; charset=utf-8');
		expect(emu.requestsTo('POST', '/v1/messages')).toHaveLength(1);
	});
});
