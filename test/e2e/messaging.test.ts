/**
 * Messaging in real n8n (both pinned versions): the example workflow examples/crm-contact-then-sms-and-email.json
 * (CRM row → Set Contact with the MA credential → SMS Send with the SMS credential → Email Send
 * with the Email credential) runs through n8n's CLI against the MA, SMS and Email emulators.
 * Each node reads only its own product's credential; outputs stay paired to the CRM rows.
 * SKIP_E2E=1 skips it; E2E_N8N=2.8.4 picks one version.
 */
import path from 'node:path';

import type { INodeExecutionData, IRun } from 'n8n-workflow';

import { EMAIL_API_KEY, EMAIL_API_USER, emailEmulator } from '../emulator/messaging/email';
import { SMS_KEY, SMS_SECRET, smsEmulator } from '../emulator/messaging/sms';
import { EngageLabEmulator, TEST_KEY, TEST_SECRET } from '../emulator/server';
import { ensureN8n, N8N_VERSIONS } from './lib/install';
import { N8nUserFolder, packPackage } from './lib/n8n';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'crm-contact-then-sms-and-email.json');
const versions = N8N_VERSIONS.filter((v) => !process.env.E2E_N8N || process.env.E2E_N8N.split(',').includes(v.version));
const suite = process.env.SKIP_E2E === '1' ? describe.skip : describe;

function outputsOf(run: IRun | undefined, node: string): INodeExecutionData[][] {
	return (run?.data.resultData.runData[node]?.[0]?.data?.main ?? []).map((o) => o ?? []);
}

suite.each(versions)('messaging in real n8n $version', (target) => {
	const ma = new EngageLabEmulator();
	const sms = smsEmulator();
	const email = emailEmulator();
	let n8n: N8nUserFolder;

	beforeAll(async () => {
		const install = await ensureN8n(target);
		const [maUrl, smsUrl, emailUrl] = await Promise.all([ma.start(), sms.start(), email.start()]);
		n8n = N8nUserFolder.create(install, packPackage());
		await n8n.importCredentials([
			{ id: 'engageLabAcct001', name: 'EngageLab account', type: 'engageLabApi', data: { apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl: maUrl } },
			{ id: 'engageLabSms0001', name: 'EngageLab SMS account', type: 'engageLabSmsApi', data: { devKey: SMS_KEY, devSecret: SMS_SECRET, host: 'custom', baseUrl: smsUrl } },
			{ id: 'engageLabMail001', name: 'EngageLab Email account', type: 'engageLabEmailApi', data: { apiUser: EMAIL_API_USER, apiKey: EMAIL_API_KEY, host: 'custom', baseUrl: emailUrl } },
		]);
		await n8n.importWorkflows([EXAMPLE]);
	}, 20 * 60_000);

	afterAll(async () => {
		await Promise.all([ma.stop(), sms.stop(), email.stop()]);
		n8n?.remove();
	});

	it('CRM row → Set Contact → SMS and Email: each product gets exactly its requests, with its own key pair', async () => {
		const result = await n8n.execute('elabExMsgSend001');

		expect({ code: result.code, status: result.run?.status, error: result.run?.data.resultData.error?.message }).toEqual({ code: 0, status: 'success', error: undefined });
		expect(ma.received.map((r) => r.rawBody).sort()).toEqual([
			'{"euid":10362473,"contacts":{"email":"ada.lovelace@example.com","mobile_phone":"+6591234567"}}',
			'{"euid":10362474,"contacts":{"email":"grace.hopper@example.com","mobile_phone":"+447911123456"}}',
		]);
		expect(sms.received.map((r) => r.rawBody).sort()).toEqual([
			'{"to":["+447911123456"],"template":{"id":"123456789","params":{"order_no":"A-1002","delivery_time":"Friday"}}}',
			'{"to":["+6591234567"],"template":{"id":"123456789","params":{"order_no":"A-1001","delivery_time":"Friday"}}}',
		]);
		expect(sms.received.every((r) => r.authorization === `Basic ${Buffer.from(`${SMS_KEY}:${SMS_SECRET}`).toString('base64')}`)).toBe(true);
		expect(email.received.map((r) => JSON.parse(r.rawBody) as object)).toEqual(
			expect.arrayContaining([
				{
					from: 'Acme<support@mail.acme.com>',
					to: ['ada.lovelace@example.com'],
					request_id: 'shipped-A-1001',
					body: { subject: 'Your order %order% has shipped', content: { html: '<p>Hi %name%, order %order% is on its way.</p>' }, vars: { name: ['Ada'], order: ['A-1001'] } },
				},
			]),
		);
		expect(email.received).toHaveLength(2);
		expect(email.received.every((r) => r.authorization === `Basic ${Buffer.from(`${EMAIL_API_USER}:${EMAIL_API_KEY}`).toString('base64')}`)).toBe(true);

		const [smsOut] = outputsOf(result.run, 'EngageLab: Send SMS');
		expect(smsOut.map((i) => [i.json.to, i.json.accepted_count, i.pairedItem])).toEqual([
			[['+6591234567'], 1, { item: 0 }],
			[['+447911123456'], 1, { item: 1 }],
		]);
		const [emailOut] = outputsOf(result.run, 'EngageLab: Send Email');
		expect(emailOut.map((i) => [i.json.request_id, (i.json.email_ids as string[]).length])).toEqual([
			['shipped-A-1001', 1],
			['shipped-A-1002', 1],
		]);
		const printed = `${result.stdout}${result.stderr}${JSON.stringify(result.run ?? null)}`;
		for (const secret of [TEST_SECRET, SMS_SECRET, EMAIL_API_KEY]) expect(printed).not.toContain(secret);
	}, 300_000);
});
