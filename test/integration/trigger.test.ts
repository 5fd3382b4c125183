/**
 * The EngageLab Trigger through n8n-core's WebhookContext, fed by the callback emulator over HTTP:
 * which callbacks start a run, with which items, and what each caller is answered.
 */
import type { ICredentialsDecrypted, ICredentialTestFunctions, IHookFunctions } from 'n8n-workflow';

import { TriggerHost } from '../support/inProcess/triggerHost';
import { balanceAlert, batch, emailStatus, otpVerified, smsStatus, uplink, whatsappReply, whatsappStatus } from '../support/emulator/callbacks/samples';
import { post, signed, signedEmail, tampered, TEST_CALLBACK_SECRETS as S, unsigned, withoutContentType, withToken } from '../support/emulator/callbacks/sender';

const hosts: TriggerHost[] = [];
async function host(parameters: Record<string, unknown>, credentials: Record<string, unknown> = { ...S }): Promise<TriggerHost> {
	const h = new TriggerHost(parameters, credentials);
	await h.start();
	hosts.push(h);
	return h;
}
afterAll(async () => await Promise.all(hosts.map((h) => h.stop())));

describe('SMS / OTP (X-CALLBACK-ID)', () => {
	let sms: TriggerHost;
	beforeAll(async () => (sms = await host({ product: 'sms', verification: 'signature', events: [], options: {} })));
	beforeEach(() => sms.executions.splice(0));

	it('a signed batch starts one run with one item per event; the raw rows are kept', async () => {
		const rows = [smsStatus('1', 'delivered'), uplink('STOP'), balanceAlert('sms')];
		const answer = await post(signed(sms.url, S, batch(rows)));

		expect(answer.status).toBe(200);
		expect(sms.executions).toHaveLength(1);
		expect(sms.executions[0].map((i) => [i.event, i.eventKind, i.batchIndex])).toEqual([
			['delivered', 'message_status', 0],
			['uplink_message', 'response', 1],
			['insufficient_balance', 'notification', 2],
		]);
		expect(sms.executions[0].map((i) => i.payload)).toEqual(rows);
	});

	it.each([
		['a wrong signature', 401, () => tampered(signed(sms.url, S, batch([smsStatus('2')])))],
		['no signature', 401, () => unsigned(sms.url, batch([smsStatus('2')]))],
		['an expired timestamp', 401, () => signed(sms.url, S, batch([smsStatus('2')]), { timestamp: Math.floor(Date.now() / 1000) - 301 })],
		['another username', 401, () => signed(sms.url, S, batch([smsStatus('2')]), { username: 'intruder' })],
		['a body that is not JSON', 400, () => ({ ...signed(sms.url, S, {}), body: '{"rows":[' })],
		['rows that are not an array', 400, () => signed(sms.url, S, { total: 1, rows: {} })],
	])('%s is answered %i and starts nothing', async (_, status, request) => {
		const answer = await post(request());
		expect(answer.status).toBe(status);
		expect(JSON.parse(answer.body)).toEqual({ message: expect.any(String) });
		expect(sms.executions).toHaveLength(0);
	});

	it.each([1, 2])('version %i: a signed callback without a Content-Type header still starts its run (never taken for a ping)', async (typeVersion) => {
		sms.typeVersion = typeVersion;
		try {
			const answer = await post(withoutContentType(signed(sms.url, S, batch([smsStatus('4', 'delivered')]))));
			expect(answer.status).toBe(200);
			expect(sms.executions.map((run) => run.map((i) => [i.event, i.messageId]))).toEqual([[['delivered', '4']]]);
		} finally {
			sms.typeVersion = 2;
		}
	});

	it('a replayed callback is answered 401 and starts nothing more', async () => {
		const request = signed(sms.url, S, batch([smsStatus('3')]));
		expect((await post(request)).status).toBe(200);
		const replay = await post(request);
		expect(replay.status).toBe(401);
		expect(replay.body).toContain('replay');
		expect(sms.executions).toHaveLength(1);
	});

	it("answers the console's connectivity check (an empty body) 200 and starts nothing", async () => {
		expect((await post(unsigned(sms.url, {}))).status).toBe(200);
		expect((await post({ url: sms.url, headers: {}, body: '' })).status).toBe(200);
		expect(sms.executions).toHaveLength(0);
	});

	it('OTP with an event filter starts only on the chosen events', async () => {
		const otp = await host({ product: 'otp', verification: 'signature', events: ['verified'], options: {} });
		expect((await post(signed(otp.url, S, batch([smsStatus('4', 'sent'), otpVerified('4')])))).status).toBe(200);
		expect((await post(signed(otp.url, S, batch([smsStatus('5', 'delivered')])))).status).toBe(200);
		expect(otp.executions.map((run) => run.map((i) => [i.event, i.messageId]))).toEqual([[['verified', '4']]]);
	});

	it('App Push: echoes the echostr of its URL check, starts nothing', async () => {
		const push = await host({ product: 'push', verification: 'signature', events: [], options: {} });
		const answer = await post(unsigned(push.url, { echostr: '12345678' }));
		expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: '12345678' });
		expect(push.executions).toHaveLength(0);
	});
});

describe('Email (X-WebHook-Signature)', () => {
	it('accepts both documented schemes by default; only HMAC when told so', async () => {
		const either = await host({ product: 'email', verification: 'signature', events: [], options: {} });
		expect((await post(signedEmail(either.url, S, emailStatus('a'), 'hmac'))).status).toBe(200);
		expect((await post(signedEmail(either.url, S, emailStatus('b'), 'md5'))).status).toBe(200);
		expect((await post(signedEmail(either.url, S, emailStatus('c'), 'hmac', { secret: 'wrong' }))).status).toBe(401);
		expect(either.executions.map((run) => run[0].messageId)).toEqual(['a', 'b']);

		const hmacOnly = await host({ product: 'email', verification: 'signature', events: [], options: { emailScheme: 'hmac' } });
		expect((await post(signedEmail(hmacOnly.url, S, emailStatus('d'), 'md5'))).status).toBe(401);
		expect((await post(signedEmail(hmacOnly.url, S, emailStatus('e'), 'hmac'))).status).toBe(200);
	});

	it('two events in the same second are both accepted; the same one twice is a replay', async () => {
		const email = await host({ product: 'email', verification: 'signature', events: [], options: {} });
		const timestamp = Math.floor(Date.now() / 1000);
		const first = signedEmail(email.url, S, emailStatus('f'), 'hmac', { timestamp });
		expect((await post(first)).status).toBe(200);
		expect((await post(signedEmail(email.url, S, emailStatus('g'), 'hmac', { timestamp }))).status).toBe(200);
		expect((await post(first)).status).toBe(401);
		expect(email.executions).toHaveLength(2);
	});
});

describe('WhatsApp (URL token, source IPs)', () => {
	it('admits the right token only, and only from allowed addresses', async () => {
		const wa = await host({ product: 'whatsapp', verification: 'urlToken', events: [], options: { allowedIps: '119.8.170.74, 114.119.180.30' } });
		const body = batch([whatsappStatus('w1'), whatsappReply('hi')]);

		expect((await post(withToken(wa.url, S.urlToken, body))).status).toBe(403);
		wa.clientIp = '::ffff:119.8.170.74';
		expect((await post(withToken(wa.url, 'guess', body))).status).toBe(401);
		expect((await post(unsigned(wa.url, body))).status).toBe(401);
		expect((await post(withToken(wa.url, S.urlToken, body))).status).toBe(200);
		expect(wa.executions.map((run) => run.map((i) => i.event))).toEqual([['read', 'reply']]);
	});

	it('refuses every callback with 500, starting nothing, when the credential lacks the token', async () => {
		const wa = await host({ product: 'whatsapp', verification: 'urlToken', events: [], options: {} }, { urlToken: 'short' });
		const answer = await post(withToken(wa.url, 'short', batch([whatsappStatus('w2')])));
		expect(answer.status).toBe(500);
		expect(answer.body).toContain('URL Token');
		expect(answer.body).not.toContain('short');
		expect(wa.executions).toHaveLength(0);
	});
});

describe('activation and the credential test', () => {
	const hook = (parameters: Record<string, unknown>, credentials: Record<string, unknown>) =>
		({
			getNodeParameter: (name: string, fallback?: unknown) => parameters[name] ?? fallback,
			getCredentials: async () => credentials,
			getNode: () => new TriggerHost(parameters).node(),
		}) as unknown as IHookFunctions;
	const create = async (parameters: Record<string, unknown>, credentials: Record<string, unknown>) =>
		await new TriggerHost(parameters).trigger.webhookMethods.default.create.call(hook(parameters, credentials));

	it('activation fails with what to fix when the credential cannot verify the chosen product', async () => {
		await expect(create({ product: 'sms', verification: 'signature', options: {} }, { username: 'u' })).rejects.toThrow(/Callback Username and Callback Secret/);
		await expect(create({ product: 'email', verification: 'signature', options: {} }, { ...S, emailSecret: '' })).rejects.toThrow(/Email Webhook Secret/);
		await expect(create({ product: 'whatsapp', verification: 'urlToken', options: {} }, { urlToken: 'short' })).rejects.toThrow(/at least 16/);
		await expect(create({ product: 'whatsapp', verification: 'signature', options: {} }, S as never)).rejects.toThrow(/does not sign WhatsApp/);
		await expect(create({ product: 'sms', verification: 'signature', options: { allowedIps: '1.2.3.4/40' } }, S as never)).rejects.toThrow(/1.2.3.4\/40/);
		await expect(create({ product: 'sms', verification: 'signature', options: {} }, S as never)).resolves.toBe(true);
		await expect(create({ product: 'whatsapp', verification: 'none', options: {} }, {})).resolves.toBe(true);
	});

	it("the credential test says which products the secrets cover and what is missing", async () => {
		const test = (data: Record<string, unknown>) =>
			new TriggerHost({}).trigger.methods.credentialTest.engageLabWebhookSecrets.call({} as ICredentialTestFunctions, { data } as unknown as ICredentialsDecrypted);
		expect(await test({ ...S })).toEqual({ status: 'OK', message: expect.stringMatching(/SMS, OTP, App Push and Web Push.*Email.*URL token/) });
		expect(await test({ username: 'u' })).toEqual({ status: 'Error', message: expect.stringContaining('Callback Secret') });
		expect(await test({ urlToken: 'short' })).toEqual({ status: 'Error', message: expect.stringContaining('16') });
		expect(await test({})).toEqual({ status: 'Error', message: expect.stringContaining('at least one') });
	});
});
