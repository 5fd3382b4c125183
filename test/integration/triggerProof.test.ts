/**
 * Forged, replayed and repeated callbacks against the EngageLab Trigger through n8n-core's
 * WebhookContext: what version 3 (the secret token beside the signature, repeated rows dropped)
 * refuses, what versions 1 and 2 still accept and why, and the smaller rules on bodies,
 * usernames, source addresses and the answer.
 */
import type { IHookFunctions } from 'n8n-workflow';

import { TriggerHost } from '../support/inProcess/triggerHost';
import { batch, emailStatus, smsStatus } from '../support/emulator/callbacks/samples';
import {
	post,
	signed,
	signedEmail,
	TEST_CALLBACK_SECRETS as S,
	withAuthorization,
	withBody,
	withQueryToken,
	type CallbackRequest,
} from '../support/emulator/callbacks/sender';

const hosts: TriggerHost[] = [];
async function host(typeVersion: number, parameters: Record<string, unknown>, credentials: Record<string, unknown> = { ...S }): Promise<TriggerHost> {
	const h = new TriggerHost({ events: [], options: {}, ...parameters }, credentials);
	h.typeVersion = typeVersion;
	await h.start();
	hosts.push(h);
	return h;
}
afterAll(async () => await Promise.all(hosts.map((h) => h.stop())));

const statuses = async (requests: CallbackRequest[]) => {
	const out: number[] = [];
	for (const request of requests) out.push((await post(request)).status);
	return out;
};
const bearer = (request: CallbackRequest) => withAuthorization(request, `Bearer ${S.urlToken}`);
const unsubscribe = (to: string) => ({ ...emailStatus(`forged-${to}`), to, status: undefined, response: { event: 'unsubscribe' } });

describe('Email: the signature covers only the timestamp', () => {
	it('version 3 (default: signature and secret token): 50 forged bodies on one captured set of X-WebHook-* headers get 401', async () => {
		const email = await host(3, { product: 'email' });
		const genuine = withQueryToken(signedEmail(email.url, S, emailStatus('e1')), S.urlToken);
		expect((await post(genuine)).status).toBe(200);
		// The captured headers, without the URL's token (it never travels in a header).
		const captured = signedEmail(email.url, S, emailStatus('e1'));
		captured.headers = genuine.headers;
		const forged = Array.from({ length: 50 }, (_, i) => withBody(captured, unsubscribe(`victim${i}@example.com`)));
		expect(await statuses(forged)).toEqual(new Array(50).fill(401));
		expect(email.executions).toHaveLength(1);
	});

	it('version 3: the same event again, reformatted (space, newline, pretty-printed, keys reordered), starts nothing more; a second genuine event of that second does', async () => {
		const email = await host(3, { product: 'email' });
		const timestamp = Math.floor(Date.now() / 1000);
		const genuine = withQueryToken(signedEmail(email.url, S, emailStatus('e2'), 'hmac', { timestamp }), S.urlToken);
		expect((await post(genuine)).status).toBe(200);
		const row = emailStatus('e2');
		const reordered = Object.fromEntries(Object.entries(row).reverse());
		const copies = [`${genuine.body} `, `${genuine.body}\n`, JSON.stringify(row, null, 2), JSON.stringify(reordered)].map((body) => ({ ...genuine, body }));
		expect(await statuses(copies)).toEqual([200, 200, 200, 200]);
		expect((await post(withQueryToken(signedEmail(email.url, S, emailStatus('e3'), 'hmac', { timestamp }), S.urlToken))).status).toBe(200);
		expect(email.executions.map((run) => run.map((i) => i.messageId))).toEqual([['e2'], ['e3']]);
	});

	it('version 3, Signature Only (the documented weaker setting): one signature is one callback, so a forged body after the genuine one gets 401', async () => {
		const email = await host(3, { product: 'email', verification: 'signature' });
		const genuine = signedEmail(email.url, S, emailStatus('e4'));
		expect((await post(genuine)).status).toBe(200);
		expect(await statuses([withBody(genuine, unsubscribe('victim@example.com')), { ...genuine, body: `${genuine.body} ` }])).toEqual([401, 401]);
		expect(email.executions).toHaveLength(1);
	});

	it('versions 1 and 2 (signature only, as saved): a reformatted copy is a replay (401); a different body is still accepted, which only version 3 refuses', async () => {
		const email = await host(2, { product: 'email', verification: 'signature' });
		const genuine = signedEmail(email.url, S, emailStatus('e5'));
		expect((await post(genuine)).status).toBe(200);
		const copies = [`${genuine.body} `, `${genuine.body}\n`, JSON.stringify(emailStatus('e5'), null, 2)].map((body) => ({ ...genuine, body }));
		expect(await statuses(copies)).toEqual([401, 401, 401]);
		expect((await post(withBody(genuine, unsubscribe('victim@example.com')))).status).toBe(200);
	});
});

describe('SMS / OTP / App Push: the signature covers timestamp, nonce and username, not the body', () => {
	it('version 3: a forged body sent first with a captured X-CALLBACK-ID gets 401, and the genuine callback is then accepted', async () => {
		const sms = await host(3, { product: 'sms' });
		const genuine = bearer(signed(sms.url, S, batch([smsStatus('s1', 'delivered')])));
		const forged = withBody({ ...genuine, headers: { 'content-type': 'application/json', 'X-CALLBACK-ID': genuine.headers['X-CALLBACK-ID'] } }, batch([smsStatus('s1', 'delivered_failed')]));
		expect(await statuses([forged, genuine])).toEqual([401, 200]);
		expect(sms.executions.map((run) => run.map((i) => i.event))).toEqual([['delivered']]);
	});

	it('version 3, Signature Only: the forged body is accepted and the genuine one refused as a replay, as that option says', async () => {
		const sms = await host(3, { product: 'sms', verification: 'signature' });
		const genuine = signed(sms.url, S, batch([smsStatus('s2', 'delivered')]));
		expect(await statuses([withBody(genuine, batch([smsStatus('s2', 'delivered_failed')])), genuine])).toEqual([200, 401]);
	});

	it('version 3 takes the token from the URL or the Authorization header (Bearer, Basic, bare); a wrong or missing token, or a token without a signature, gets 401', async () => {
		const sms = await host(3, { product: 'otp' });
		const request = (id: string) => signed(sms.url, S, batch([smsStatus(id)]));
		const basic = `Basic ${Buffer.from(`engagelab:${S.urlToken}`).toString('base64')}`;
		expect(
			await statuses([
				withQueryToken(request('t1'), S.urlToken),
				bearer(request('t2')),
				withAuthorization(request('t3'), basic),
				withAuthorization(request('t4'), S.urlToken),
				withAuthorization(request('t5'), `Bearer ${S.urlToken}x`),
				withQueryToken(request('t6'), 'guess-guess-guess-guess'),
				request('t7'),
				withAuthorization({ url: sms.url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(batch([smsStatus('t8')])) }, `Bearer ${S.urlToken}`),
			]),
		).toEqual([200, 200, 200, 200, 401, 401, 401, 401]);
	});

	it('version 3: activation needs the Secret Token as well as the signature secrets', async () => {
		const parameters = { product: 'sms', verification: 'signatureAndToken', options: {} };
		const trigger = new TriggerHost(parameters);
		trigger.typeVersion = 3;
		const hook = (credentials: Record<string, unknown>) =>
			({ getNodeParameter: (name: string, fallback?: unknown) => (parameters as Record<string, unknown>)[name] ?? fallback, getCredentials: async () => credentials, getNode: () => trigger.node() }) as unknown as IHookFunctions;
		await expect(trigger.trigger.webhookMethods.default.create.call(hook({ ...S, urlToken: '' }))).rejects.toThrow(/Secret Token/);
		await expect(trigger.trigger.webhookMethods.default.create.call(hook({ ...S }))).resolves.toBe(true);
	});
});

describe("EngageLab's own retries (the same row delivered again, re-signed)", () => {
	it('version 3: a repeated row starts no second execution; a batch with a new row starts one with it alone and says how many were dropped', async () => {
		const sms = await host(3, { product: 'sms' });
		const first = await post(bearer(signed(sms.url, S, batch([smsStatus('r1', 'delivered')]))));
		const retry = await post(bearer(signed(sms.url, S, batch([smsStatus('r1', 'delivered')]))));
		const mixed = await post(bearer(signed(sms.url, S, batch([smsStatus('r1', 'delivered'), smsStatus('r2', 'delivered')]))));
		expect([first.status, retry.status, mixed.status]).toEqual([200, 200, 200]);
		expect(sms.executions.map((run) => run.map((i) => [i.messageId, i.batchIndex, i.batchSize, i.repeatsDropped]))).toEqual([
			[['r1', 0, 1, 0]],
			[['r2', 1, 2, 1]],
		]);
		// Another status of the same message is another event.
		expect((await post(bearer(signed(sms.url, S, batch([smsStatus('r1', 'sent_failed')]))))).status).toBe(200);
		expect(sms.executions).toHaveLength(3);
	});

	it('two 19-digit message IDs that differ past 2^53 are two events, not a repeat', async () => {
		const sms = await host(3, { product: 'sms' });
		const row = (id: string) => JSON.stringify(batch([{ ...smsStatus('x'), message_id: 0 }])).replace('"message_id":0', `"message_id":${id}`);
		for (const id of ['1725407449772531712', '1725407449772531713']) {
			const request = bearer(signed(sms.url, S, {}));
			expect((await post({ ...request, body: row(id) })).status).toBe(200);
		}
		expect(sms.executions).toHaveLength(2);
	});
});

describe('bodies, usernames, addresses, the answer', () => {
	it('an accepted callback is answered with an empty 200 (n8n 2.8.4 answered the literal text "firstEntryJson")', async () => {
		const sms = await host(2, { product: 'sms', verification: 'signature' });
		const answer = await post(signed(sms.url, S, batch([smsStatus('a1')])));
		expect({ status: answer.status, body: answer.body }).toEqual({ status: 200, body: '' });
	});

	it('a form-encoded body gets 400 and starts nothing; JSON sent under a form Content-Type (curl -d) is read as JSON', async () => {
		const sms = await host(2, { product: 'sms', verification: 'signature' });
		const form = { 'content-type': 'application/x-www-form-urlencoded' };
		const real = signed(sms.url, S, 'message_id=1&status=delivered');
		expect((await post({ ...real, headers: { ...real.headers, ...form } })).status).toBe(400);
		const json = signed(sms.url, S, batch([smsStatus('f1')]));
		expect((await post({ ...json, headers: { ...json.headers, ...form } })).status).toBe(200);
		expect(sms.executions.map((run) => run.map((i) => [i.event, i.messageId]))).toEqual([[['delivered', 'f1']]]);
	});

	it('a UTF-8 callback username verifies (EngageLab signs its UTF-8 bytes; Node reads the header as latin1)', async () => {
		const secrets = { ...S, username: 'José-回调' };
		const sms = await host(2, { product: 'sms', verification: 'signature' }, secrets);
		expect((await post(signed(sms.url, secrets, batch([smsStatus('u1')])))).status).toBe(200);
		expect((await post(signed(sms.url, secrets, batch([smsStatus('u2')]), { username: 'Jose-回调' }))).status).toBe(401);
	});

	it.each([
		['an expanded IPv6 address', '0:0:0:0:0:0:0:1', '::1'],
		['a zero-padded IPv4 address', '127.000.000.001', '127.0.0.1'],
		['an entry with a trailing ";"', '127.0.0.1;', '::ffff:127.0.0.1'],
	])('Allowed Source IPs: %s matches the address n8n reports', async (_, entry, clientIp) => {
		const sms = await host(2, { product: 'sms', verification: 'signature', options: { allowedIps: entry } });
		sms.clientIp = clientIp;
		expect((await post(signed(sms.url, S, batch([smsStatus('ip')])))).status).toBe(200);
	});

	it('Allowed Source IPs: version 3 refuses an entry that is not an address at activation; versions 1 and 2 skip it', async () => {
		const create = async (typeVersion: number) => {
			const parameters = { product: 'sms', verification: 'signature', options: { allowedIps: '119.8.170.74, 119.8.170' } };
			const trigger = new TriggerHost(parameters);
			trigger.typeVersion = typeVersion;
			const hook = { getNodeParameter: (name: string, fallback?: unknown) => (parameters as Record<string, unknown>)[name] ?? fallback, getCredentials: async () => S, getNode: () => trigger.node() };
			return await trigger.trigger.webhookMethods.default.create.call(hook as unknown as IHookFunctions);
		};
		await expect(create(3)).rejects.toThrow(/"119.8.170" is not an IPv4 or IPv6 address/);
		await expect(create(2)).resolves.toBe(true);
	});
});
