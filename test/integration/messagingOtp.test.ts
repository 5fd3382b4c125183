/**
 * OTP → Send and Verify against the OTP emulator through n8n-core's real request helpers: what
 * EngageLab receives, every OTP error code in both HTTP styles, faults (neither a send nor a
 * verification is repeated after an ambiguous failure), validation, lookups, credential test.
 */
import { NodeApiError } from 'n8n-workflow';

import { listSearch } from '../../nodes/EngageLab/methods/listSearch';
import { OTP_ERROR_CODES } from '../../nodes/EngageLab/products/otp/errorTable';
import { OTP } from '../../nodes/EngageLab/products/otp/otp.product';
import { generatedCode, OTP_KEY, OTP_SECRET, otpEmulator, type OtpState } from '../support/emulator/otp/otpEmulator';
import { MessagingFixture } from '../support/inProcess/productFixture';

const fx = new MessagingFixture<OtpState>(OTP, (o) => otpEmulator(o), OTP_KEY, OTP_SECRET);
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => {
	fx.reset();
	fx.emulator.errorStyle = 'httpStatus';
});

const LOGIN = { __rl: true, mode: 'list', value: 'login-code' };
const send = (extra: Record<string, unknown> = {}) => ({ operation: 'send', to: '+6591234567', template: LOGIN, ...extra });

describe('OTP → Send and Verify', () => {
	it('sends a generated code, then verifies the right code (true) and a wrong one (false)', async () => {
		const sent = await fx.run(send({ templateParams: { pairs: [{ name: 'name', value: 'Ada' }] } }));

		expect(fx.emulator.received[0].path).toBe('/v1/messages');
		expect(fx.emulator.received[0].authorization).toBe(`Basic ${Buffer.from(`${OTP_KEY}:${OTP_SECRET}`).toString('base64')}`);
		expect(JSON.parse(fx.emulator.received[0].rawBody)).toEqual({ to: '+6591234567', template: { id: 'login-code', params: { name: 'Ada' } } });
		const messageId = sent.items[0].json.message_id as string;
		expect(sent.items).toEqual([
			{ json: { to: '+6591234567', template_id: 'login-code', message_id: messageId, send_channel: 'whatsapp' }, pairedItem: { item: 0 } },
		]);
		expect(messageId).toMatch(/^\d{19}$/);

		const wrong = await fx.run({ operation: 'verify', messageId, verifyCode: '000000' });
		expect(wrong.items[0].json).toEqual({ message_id: messageId, verified: false });
		const right = await fx.run({ operation: 'verify', messageId: '={{ $json.id }}', verifyCode: '={{ $json.code }}' }, [
			{ id: messageId, code: generatedCode(fx.emulator, messageId) },
		]);
		expect(right.items).toEqual([{ json: { message_id: messageId, verified: true }, pairedItem: { item: 0 } }]);
		expect(JSON.parse(fx.emulator.received.at(-1)!.rawBody)).toEqual({ message_id: messageId, verify_code: generatedCode(fx.emulator, messageId) });
	});

	it('sends to an email address, in a chosen language', async () => {
		await fx.run(send({ to: 'ada@example.com', template: { __rl: true, mode: 'id', value: 'email-code' }, additionalFields: { language: 'en' } }));

		expect(JSON.parse(fx.emulator.received[0].rawBody)).toEqual({ to: 'ada@example.com', template: { id: 'email-code', language: 'en' } });
	});

	it.each([
		['an error', 400, '{"code":3002,"message":"code 246810 rejected for +6591234567","request":{"code":"246810"}}'],
		['a success body', 200, '{"message_id":"1725407449772531712","echo":{"code":"246810"},"note":"sent code=246810"}'],
	])('never outputs your own code when EngageLab echoes it in %s', async (_where, status, body) => {
		fx.emulator.script({ status, body });
		const result = await fx.run(send({ additionalFields: { code: '246810' } }), [{}], { continueOnFail: true });

		const text = JSON.stringify(result.items);
		expect(text).toMatch(/\[redacted\]/);
		expect(text).not.toContain('246810');
		if (status === 200) expect(result.items[0].json.message_id).toBe('1725407449772531712');
	});

	it('never outputs the code a person entered when EngageLab echoes it in a Verify error', async () => {
		fx.emulator.script({ status: 400, body: '{"code":3003,"message":"code 864209 expired for message 1725407449772531712"}' });
		const result = await fx.run({ operation: 'verify', messageId: '1725407449772531712', verifyCode: '864209' }, [{}], { continueOnFail: true });

		const text = JSON.stringify(result.items);
		expect(text).toContain('code [redacted] expired for message 1725407449772531712');
		expect(text).not.toContain('864209');
	});

	it('sends your own code to /v1/codes and never outputs it', async () => {
		const result = await fx.run(send({ additionalFields: { code: '246810' } }));

		expect(fx.emulator.received[0].path).toBe('/v1/codes');
		expect(JSON.parse(fx.emulator.received[0].rawBody)).toEqual({ to: '+6591234567', code: '246810', template: { id: 'login-code' } });
		expect(JSON.stringify(result.items)).not.toContain('246810');
	});

	it.each([
		['a number without +', send({ to: '6591234567' }), /E\.164/],
		['two recipients', send({ to: '+6591234567, +6591234568' }), /one recipient per item/],
		['a bad email', send({ to: 'ada@example' }), /not a valid email address/],
		['a named email', send({ to: 'Ada <ada@example.com>' }), /bare email address/],
		['twice the same variable', send({ templateParams: { pairs: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }] } }), /given twice/],
		['verify without a code', { operation: 'verify', messageId: '1', verifyCode: '={{ "" }}' }, /No code given/],
		['verify with a bad message id', { operation: 'verify', messageId: '1 2', verifyCode: '1' }, /not a message ID/],
	])('refuses %s before sending', async (_what, params, message) => {
		const result = await fx.run(params, [{}], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(0);
		expect(JSON.stringify(result.items[0].json.error)).toMatch(message);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});
});

describe('OTP: every error code, in both HTTP styles', () => {
	const codes = Object.entries(OTP_ERROR_CODES).map(([code, info]) => [Number(code), info] as const);
	describe.each(['httpStatus', 'http200'] as const)('%s', (style) => {
		it.each(codes)('code %i on Send', async (code, info) => {
			fx.emulator.errorStyle = style;
			const result = await fx.run(send({ templateParams: { pairs: [{ name: 'x', value: `emulator-force-${code}` }] } }));

			const error = result.error as NodeApiError;
			expect(error.message).toBe(`EngageLab OTP error ${code}: ${info.meaning}${info.transient ? ': the change may or may not have been applied' : ''}`);
			expect(error.description).toContain(info.check);
			expect(fx.emulator.received).toHaveLength(1);
		});
	});

	it('an expired or already verified code (3003) on Verify', async () => {
		const result = await fx.run({ operation: 'verify', messageId: '1725407449772531999', verifyCode: '123456' });

		expect((result.error as Error).message).toBe('EngageLab OTP error 3003: The code has expired or was already verified');
	});
});

describe('OTP: faults', () => {
	it.each(['reset', 'http500', 'code-1'] as const)('a verification is not repeated after %s', async (kind) => {
		fx.emulator.faultRecipient('1725407449772531712', kind);
		const result = await fx.run({ operation: 'verify', messageId: '1725407449772531712', verifyCode: '123456' }, [{}], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(1);
		expect(JSON.stringify(result.items[0].json.error)).toMatch(/a code can be verified only once/);
	});

	it('a send is not repeated after a reset', async () => {
		fx.emulator.faultRecipient('+6591234567', 'reset');
		const result = await fx.run(send(), [{}], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(1);
		expect(JSON.stringify(result.items[0].json.error)).toMatch(/could deliver it twice/);
	});
});

describe('OTP: lookups and credential', () => {
	it('lists the templates by description and id', async () => {
		const result = await listSearch.searchOtpTemplates.call(fx.loadOptionsContext({ operation: 'send' }));
		expect(result.results.map((r) => r.value)).toEqual(['email-code', 'login-code', 'order-notice']);
	});

	it('the credential test passes on the OTP template list and fails on a wrong secret', async () => {
		expect(await fx.testCredential()).toMatchObject({ status: 'OK' });
		const wrong = await fx.testCredential({ ...fx.credentials, devSecret: 'nope-nope' });
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toContain('EngageLab OTP error 2001');
	});
});
