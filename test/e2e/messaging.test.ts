/**
 * Messaging in real n8n (both pinned versions), through n8n's CLI against the product emulators:
 * the example workflow examples/crm-contact-then-sms-and-email.json (CRM row → Set Contact with
 * the MA credential → SMS Send with the SMS credential → Email Send with the Email credential),
 * OTP Send → Verify (test/e2e/workflows/messaging-otp.json) and WhatsApp Send Template → Send
 * Text → Send Media (messaging-whatsapp.json), each with its own product's credential only;
 * SMS Schedule Time in a workflow timezone that is not the process's (messaging-sms-schedule.json);
 * every Email read and small write, and Get Templates of the four products with a filter each
 * (email-reads.json), as a user sees them: output items, what EngageLab received, nothing else.
 * Outputs stay paired to the input rows; one EngageLab error code per product reaches the error
 * output as the node's English error. An AI agent (fake OpenAI model) gets WhatsApp → Send Text
 * as a tool described by the node's own field descriptions.
 * SKIP_E2E=1 skips it; E2E_N8N=2.8.4 picks one version.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeExecutionData, IRun } from 'n8n-workflow';

import { EngageLab } from '../../nodes/EngageLab/EngageLab.node';
import { OTP_ERROR_CODES } from '../../nodes/EngageLab/products/otp/errorTable';
import { WHATSAPP_ERROR_CODES } from '../../nodes/EngageLab/products/whatsapp/errorTable';
import { someAddressLists } from '../support/emulator/email/addressLists';
import { EMAIL_API_KEY, EMAIL_API_USER, emailEmulator } from '../support/emulator/email/emailEmulator';
import { dayCounters } from '../support/emulator/email/statistics';
import type { Unsubscribe } from '../support/emulator/email/suppressionLists';
import { OTP_KEY, OTP_SECRET, otpEmulator } from '../support/emulator/otp/otpEmulator';
import { SMS_KEY, SMS_SECRET, smsEmulator } from '../support/emulator/sms/smsEmulator';
import { WA_KEY, WA_SECRET, whatsappEmulator } from '../support/emulator/whatsapp/whatsappEmulator';
import { EngageLabEmulator, TEST_KEY, TEST_SECRET } from '../support/emulator/ma/maEmulator';
import { FakeOpenAi } from '../support/realN8n/fakeOpenAi';
import { ensureN8n, N8N_VERSIONS } from '../support/realN8n/install';
import { N8nUserFolder, packPackage } from '../support/realN8n/n8n';

const EXAMPLE = path.join(__dirname, '..', '..', 'examples', 'crm-contact-then-sms-and-email.json');
const WORKFLOWS = path.join(__dirname, 'workflows');
const versions = N8N_VERSIONS.filter((v) => !process.env.E2E_N8N || process.env.E2E_N8N.split(',').includes(v.version));
const suite = process.env.SKIP_E2E === '1' ? describe.skip : describe;

function outputsOf(run: IRun | undefined, node: string): INodeExecutionData[][] {
	return (run?.data.resultData.runData[node]?.[0]?.data?.main ?? []).map((o) => o ?? []);
}

/** The field descriptions of WhatsApp → Send Text, as the node declares them (the model's instructions). */
function sendTextDescriptions(): Record<'to' | 'text', string> {
	const shown = new EngageLab().description.properties.filter((p) => p.displayOptions?.show?.resource?.includes('whatsapp') && p.displayOptions.show.operation?.includes('sendText'));
	return { to: shown.find((p) => p.name === 'to')!.description!, text: shown.find((p) => p.name === 'text')!.description! };
}

/**
 * An AI agent with WhatsApp → Send Text as its tool, To and Text defined by the model from the
 * fields' own descriptions (as the editor's "Defined automatically by the model" button writes
 * them), the model pointed at the fake OpenAI. Built from the node's description, so it follows it.
 */
function whatsappAgentWorkflow(dir: string): string {
	const d = sendTextDescriptions();
	const fromAi = (key: 'to' | 'text') => `={{ /*n8n-auto-generated-fromAI-override*/ $fromAI('${key}', \`${d[key]}\`, 'string') }}`;
	const workflow = {
		id: 'elabE2eAiWhatsAp',
		name: 'EngageLab e2e: AI agent with WhatsApp Send Text as a tool',
		active: false,
		nodes: [
			{ id: 'a1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'a2', name: 'Chat message', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [200, 0],
				parameters: { mode: 'manual', assignments: { assignments: [
					{ id: 'm1', name: 'chatInput', value: 'Tell +447911123456 on WhatsApp that their parcel arrives tomorrow', type: 'string' },
					{ id: 'm2', name: 'sessionId', value: 'e2e-session', type: 'string' },
				] }, options: {} },
			},
			{ id: 'a3', name: 'AI Agent', type: '@n8n/n8n-nodes-langchain.agent', typeVersion: 3, position: [400, 0], parameters: { options: { systemMessage: 'You send short WhatsApp messages for the support team with the EngageLab tool.' } } },
			{
				id: 'a4', name: 'OpenAI Chat Model', type: '@n8n/n8n-nodes-langchain.lmChatOpenAi', typeVersion: 1.2, position: [300, 220],
				parameters: { model: { __rl: true, mode: 'list', value: 'gpt-4.1-mini' }, options: {} },
				credentials: { openAiApi: { id: 'openAiFake000001', name: 'OpenAI (fake)' } },
			},
			{
				id: 'a5', name: 'EngageLab', type: 'n8n-nodes-engagelab.engageLabTool', typeVersion: 2, position: [520, 220],
				parameters: { descriptionType: 'auto', resource: 'whatsapp', operation: 'sendText', to: fromAi('to'), text: fromAi('text'), additionalFields: {}, options: {} },
				credentials: { engageLabWhatsAppApi: { id: 'engageLabWa00001', name: 'EngageLab WhatsApp account' } },
			},
		],
		connections: {
			Start: { main: [[{ node: 'Chat message', type: 'main', index: 0 }]] },
			'Chat message': { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
			'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
			EngageLab: { ai_tool: [[{ node: 'AI Agent', type: 'ai_tool', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
	const file = path.join(dir, 'messaging-ai-whatsapp.json');
	writeFileSync(file, JSON.stringify(workflow));
	return file;
}

const basic = (user: string, secret: string) => `Basic ${Buffer.from(`${user}:${secret}`).toString('base64')}`;

suite.each(versions)('messaging in real n8n $version', (target) => {
	const ma = new EngageLabEmulator();
	const sms = smsEmulator();
	const email = emailEmulator();
	const otp = otpEmulator();
	const wa = whatsappEmulator();
	const all = [ma, sms, email, otp, wa];
	const openAi = new FakeOpenAi();
	let n8n: N8nUserFolder;

	beforeAll(async () => {
		const install = await ensureN8n(target);
		const [maUrl, smsUrl, emailUrl, otpUrl, waUrl] = await Promise.all(all.map((e) => e.start()));
		const openAiUrl = await openAi.start();
		n8n = N8nUserFolder.create(install, packPackage());
		await n8n.importCredentials([
			{ id: 'engageLabAcct001', name: 'EngageLab account', type: 'engageLabApi', data: { apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl: maUrl } },
			{ id: 'engageLabSms0001', name: 'EngageLab SMS account', type: 'engageLabSmsApi', data: { devKey: SMS_KEY, devSecret: SMS_SECRET, host: 'custom', baseUrl: smsUrl } },
			{ id: 'engageLabMail001', name: 'EngageLab Email account', type: 'engageLabEmailApi', data: { apiUser: EMAIL_API_USER, apiKey: EMAIL_API_KEY, host: 'custom', baseUrl: emailUrl } },
			{ id: 'engageLabOtp0001', name: 'EngageLab OTP account', type: 'engageLabOtpApi', data: { devKey: OTP_KEY, devSecret: OTP_SECRET, host: 'custom', baseUrl: otpUrl } },
			{ id: 'engageLabWa00001', name: 'EngageLab WhatsApp account', type: 'engageLabWhatsAppApi', data: { devKey: WA_KEY, devSecret: WA_SECRET, host: 'custom', baseUrl: waUrl } },
			{ id: 'openAiFake000001', name: 'OpenAI (fake)', type: 'openAiApi', data: { apiKey: 'sk-fake-e2e', url: openAiUrl } },
		]);
		await n8n.importWorkflows([
			EXAMPLE,
			path.join(WORKFLOWS, 'messaging-otp.json'),
			path.join(WORKFLOWS, 'messaging-whatsapp.json'),
			path.join(WORKFLOWS, 'messaging-sms-schedule.json'),
			path.join(WORKFLOWS, 'email-reads.json'),
			whatsappAgentWorkflow(n8n.root),
		]);
	}, 20 * 60_000);

	afterAll(async () => {
		await Promise.all([...all.map((e) => e.stop()), openAi.stop()]);
		n8n?.remove();
	});

	beforeEach(() => {
		for (const e of all) e.reset();
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

	it('OTP Send → Verify with the OTP credential only: a right code verifies, a wrong one does not, an unreachable number leaves on the error output', async () => {
		// Every generated code is 123456 (what Ada types; Grace types a wrong one); Bob's number is unreachable.
		otp.state.nextCode = () => '123456';
		otp.state.failingRecipients.set('+6598765432', 5012);

		const result = await n8n.execute('elabE2eOtp000001');

		expect({ code: result.code, status: result.run?.status, error: result.run?.data.resultData.error?.message }).toEqual({ code: 0, status: 'success', error: undefined });
		for (const other of [ma, sms, email, wa]) expect(other.received).toHaveLength(0);
		expect(otp.received.every((r) => r.authorization === basic(OTP_KEY, OTP_SECRET))).toBe(true);
		const sends = otp.received.filter((r) => r.path === '/v1/messages').map((r) => r.rawBody).sort();
		expect(sends).toEqual(
			['+447911123456', '+6591234567', '+6598765432'].map((to, i) => `{"to":"${to}","template":{"id":"login-code","language":"en","params":{"name":"${['Grace', 'Ada', 'Bob'][i]}"}}}`),
		);
		const sent = otp.state.messages;
		const idOf = (to: string) => sent.find((m) => m.to === to)!.message_id;
		expect(otp.received.filter((r) => r.path === '/v1/verifications').map((r) => JSON.parse(r.rawBody) as object)).toEqual(
			expect.arrayContaining([
				{ message_id: idOf('+6591234567'), verify_code: '123456' },
				{ message_id: idOf('+447911123456'), verify_code: '000000' },
			]),
		);
		expect(otp.received).toHaveLength(5);

		const [codesSent, notSent] = outputsOf(result.run, 'EngageLab: Send Code');
		expect(codesSent.map((i) => [i.json.to, i.json.template_id, i.json.message_id, i.json.send_channel, i.pairedItem])).toEqual([
			['+6591234567', 'login-code', idOf('+6591234567'), 'whatsapp', { item: 0 }],
			['+447911123456', 'login-code', idOf('+447911123456'), 'whatsapp', { item: 1 }],
		]);
		const info = OTP_ERROR_CODES[5012];
		expect(notSent.map((i) => [i.json.name, i.pairedItem])).toEqual([['Bob', { item: 2 }]]);
		expect(notSent[0].json.error).toMatchObject({ message: `EngageLab OTP error 5012: ${info.meaning}` });
		expect((notSent[0].json.error as { description?: string }).description).toContain(info.check);
		const [verified] = outputsOf(result.run, 'EngageLab: Verify Code');
		expect(verified.map((i) => [i.json, i.pairedItem])).toEqual([
			[{ message_id: idOf('+6591234567'), verified: true }, { item: 0 }],
			[{ message_id: idOf('+447911123456'), verified: false }, { item: 1 }],
		]);
		expect(`${result.stdout}${result.stderr}${JSON.stringify(result.run ?? null)}`).not.toContain(OTP_SECRET);
	}, 300_000);

	it('WhatsApp Send Template → Send Text → Send Media with the WhatsApp credential only; a template not approved leaves on the error output', async () => {
		const result = await n8n.execute('elabE2eWhatsApp1');

		expect({ code: result.code, status: result.run?.status, error: result.run?.data.resultData.error?.message }).toEqual({ code: 0, status: 'success', error: undefined });
		for (const other of [ma, sms, email, otp]) expect(other.received).toHaveLength(0);
		expect(wa.received.every((r) => r.authorization === basic(WA_KEY, WA_SECRET) && r.path === '/v1/messages')).toBe(true);
		const bodies = wa.received.map((r) => JSON.parse(r.rawBody) as { to: string[]; body: { type: string } });
		const ofType = (type: string) => bodies.filter((b) => b.body.type === type).sort((a, b) => a.to[0].localeCompare(b.to[0]));
		const template = (name: string, order: string) => ({
			name: 'order_update',
			language: 'en',
			components: [
				{ type: 'header', parameters: [{ type: 'text', text: order }] },
				{ type: 'body', parameters: [name, order, 'Friday'].map((text) => ({ type: 'text', text })) },
			],
		});
		expect(ofType('template')).toEqual([
			{ to: ['+447911123456'], request_id: 'shipped-A-1001', body: { type: 'template', template: template('Ada', 'A-1001') } },
			{ to: ['+6591234567'], request_id: 'shipped-A-1002', body: { type: 'template', template: template('Grace', 'A-1002') } },
			{ to: ['+6598765432'], request_id: 'shipped-A-1003', body: { type: 'template', template: { ...template('Bob', 'A-1003'), name: 'spring_sale' } } },
		]);
		expect(ofType('text')).toEqual([
			{ to: ['+447911123456'], body: { type: 'text', text: { body: 'Thanks Ada! Reply here with any question about order A-1001.' } } },
			{ to: ['+6591234567'], body: { type: 'text', text: { body: 'Thanks Grace! Reply here with any question about order A-1002.' } } },
		]);
		expect(ofType('document')).toEqual(
			[['+447911123456', 'A-1001'], ['+6591234567', 'A-1002']].map(([to, order]) => ({
				to: [to],
				body: { type: 'document', document: { link: `https://cdn.example.com/receipts/${order}.pdf`, caption: 'Your receipt', filename: `receipt-${order}.pdf` } },
			})),
		);
		expect(wa.state.sent).toHaveLength(6);

		const idTo = (type: string, to: string) => wa.state.sent.find((m) => m.body.type === type && m.to[0] === to)!.message_id;
		const [templated, notSent] = outputsOf(result.run, 'EngageLab: WhatsApp Template');
		expect(templated.map((i) => [i.json, i.pairedItem])).toEqual([
			[{ to: ['+447911123456'], template: 'order_update', language: 'en', message_id: idTo('template', '+447911123456'), request_id: 'shipped-A-1001' }, { item: 0 }],
			[{ to: ['+6591234567'], template: 'order_update', language: 'en', message_id: idTo('template', '+6591234567'), request_id: 'shipped-A-1002' }, { item: 1 }],
		]);
		const info = WHATSAPP_ERROR_CODES[4001];
		expect(notSent.map((i) => [i.json.name, i.pairedItem])).toEqual([['Bob', { item: 2 }]]);
		expect(notSent[0].json.error).toMatchObject({ message: `EngageLab WhatsApp error 4001: ${info.meaning}` });
		expect((notSent[0].json.error as { description?: string }).description).toContain(info.check);
		const [texted] = outputsOf(result.run, 'EngageLab: WhatsApp Text');
		expect(texted.map((i) => [i.json.to, i.json.message_id, i.pairedItem])).toEqual([
			[['+447911123456'], idTo('text', '+447911123456'), { item: 0 }],
			[['+6591234567'], idTo('text', '+6591234567'), { item: 1 }],
		]);
		const [media] = outputsOf(result.run, 'EngageLab: WhatsApp Media');
		expect(media.map((i) => [i.json.to, i.json.media_type, i.json.message_id, i.pairedItem])).toEqual([
			[['+447911123456'], 'document', idTo('document', '+447911123456'), { item: 0 }],
			[['+6591234567'], 'document', idTo('document', '+6591234567'), { item: 1 }],
		]);
		expect(`${result.stdout}${result.stderr}${JSON.stringify(result.run ?? null)}`).not.toContain(WA_SECRET);
	}, 300_000);

	it("SMS Schedule Time without a zone is read in the workflow's timezone (Asia/Kolkata, not the process's), in a saved node v1; a number given twice is sent once", async () => {
		const result = await n8n.execute('elabE2eSmsSched1');

		expect({ code: result.code, status: result.run?.status, error: result.run?.data.resultData.error?.message }).toEqual({ code: 0, status: 'success', error: undefined });
		expect(sms.received).toHaveLength(1);
		const body = JSON.parse(sms.received[0].rawBody) as { to: string[]; schedule_time: number };
		// 10:00 on the workflow's clock is 04:30 UTC (Kolkata is UTC+5:30, no DST).
		expect(new Date(body.schedule_time * 1000).toISOString().slice(11, 19)).toBe('04:30:00');
		expect(body.to).toEqual(['+6591234567']);
	}, 300_000);

	it('Email reads and writes, each with the Email credential only: an address list created, filled, read, thinned, found and deleted; unsubscribes added, read, removed; complaints, delivery status, statistics; Get Templates of four products, one filter each', async () => {
		// What the account holds before: another list (its ID past 2^53) that must stay, one more
		// unsubscribe, a complaint in the range and one after it, two known delivery records, and a
		// template of each product that its filter must leave out.
		email.state.addressLists = someAddressLists(1, 9007199254740993n);
		email.state.nextListId = () => 9007199254740995n;
		const zoe: Unsubscribe = { email: 'zoe@example.com', api_user: 'acme_news', type: 2, unsubscribe_time: '2026-11-02T10:00:00+08:00', expire_time: '2028-11-02T10:00:00+08:00' };
		email.state.unsubscribes = [{ ...zoe }];
		const inRange = { email: 'x1@example.com', reason: 'from softbounce', complaint_time: '2026-11-05T09:00:00+0800', expire_time: '2027-11-05T09:00:00+0800' };
		email.state.complaints = [inRange, { ...inRange, email: 'x2@example.com', complaint_time: '2026-12-01T09:00:00+0800' }];
		const emailId = (n: number) => `${1764950400000 + n}_15555555_32350_1350.sc-10_10_126_221-inbound0$u${n}@example.com`;
		const record = (n: number, status: number, sub_status: number) => ({
			email_id: emailId(n), api_user: 'acme_news', email: `u${n}@example.com`, status, sub_status, sub_stat_desc: '', request_time: '2025-12-06 00:00:01', update_time: '2025-12-06 00:00:05',
		});
		email.state.statuses = [{ ...record(1, 1, 0), send_date: '2025-12-06' }, { ...record(2, 4, 406), send_date: '2025-12-06' }];
		otp.state.templates.push({ ...otp.state.templates[0], template_id: 'in-review', status: 1 });

		const result = await n8n.execute('elabE2eEmailRead');

		expect({ code: result.code, status: result.run?.status, error: result.run?.data.resultData.error?.message }).toEqual({ code: 0, status: 'success', error: undefined });
		// Each request once, in each branch's order, with the Email key pair; nothing else sent.
		const ids = [1, 2, 3].map((n) => encodeURIComponent(emailId(n))).join(';');
		expect(email.received.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /v1/address_lists',
			'POST /v1/address_lists/9007199254740995/members',
			'GET /v1/address_lists/9007199254740995/members?offset=0&limit=100',
			// Remove Bob names the list By Address: looked up first.
			'GET /v1/address_lists?address=e2e-news%40maillist.email.engagelab.com&offset=0&limit=100',
			'DELETE /v1/address_lists/9007199254740995/members?members=bob%40example.com',
			'GET /v1/address_lists?address=e2e-news%40maillist.email.engagelab.com&offset=0&limit=100',
			'DELETE /v1/address_lists/9007199254740995',
			'POST /v1/unsubscribes',
			'GET /v1/unsubscribes?email=ada%40example.com&offset=0&limit=100',
			'GET /v1/unsubscribes?email=grace%40example.com&offset=0&limit=100',
			'DELETE /v1/unsubscribes?email=ada%40example.com',
			'DELETE /v1/unsubscribes?email=grace%40example.com',
			'GET /v1/complaints?start_date=2026-11-01&end_date=2026-11-30&offset=0&limit=100',
			// u3 is not known on its UTC+8 day, so it alone is asked once more on its UTC day.
			`GET /v1/email_status?send_date=2025-12-06&email_ids=${ids}&offset=0&limit=100`,
			`GET /v1/email_status?send_date=2025-12-05&email_ids=${encodeURIComponent(emailId(3))}&offset=0&limit=100`,
			...['01', '02', '03'].map((d) => `GET /v1/stats_day?start_date=2026-12-${d}&end_date=2026-12-${d}&aggregate_by=1&time_zone=%2B8`),
			'GET /v1/templates?name=Welcome&offset=0&limit=100',
		]);
		expect(email.received.filter((r) => r.method === 'POST').map((r) => r.rawBody)).toEqual([
			'{"address":"e2e-news@maillist.email.engagelab.com","name":"E2E News","desc":"Weekly news, e2e"}',
			'{"members":["ada@example.com","grace@example.com","bob@example.com"]}',
			'{"email":"ada@example.com;grace@example.com"}',
		]);
		expect(email.received.every((r) => r.authorization === basic(EMAIL_API_USER, EMAIL_API_KEY))).toBe(true);
		expect(sms.received.map((r) => [r.method, r.path, r.authorization])).toEqual([['GET', '/v1/template-configs', basic(SMS_KEY, SMS_SECRET)]]);
		expect(otp.received.map((r) => [r.method, r.path, r.authorization])).toEqual([['GET', '/v1/template-configs', basic(OTP_KEY, OTP_SECRET)]]);
		expect(wa.received.map((r) => [r.method, r.path, r.authorization])).toEqual([['GET', '/v1/templates?status=APPROVED', basic(WA_KEY, WA_SECRET)]]);
		expect(ma.received).toHaveLength(0);
		// The account after: the other list untouched, the created one gone, only Zoe unsubscribed.
		expect(email.state.addressLists.map((l) => [String(l.address_list_id), l.address])).toEqual([['9007199254740993', 'list0@maillist.email.engagelab.com']]);
		expect(email.state.unsubscribes).toEqual([zoe]);

		const rows = (node: string, output = 0) => (outputsOf(result.run, node)[output] ?? []).map((i) => [i.json, i.pairedItem]);
		const stamp = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+0800$/);
		const listId = '9007199254740995';
		const list = { address_list_id: listId, address: 'e2e-news@maillist.email.engagelab.com', name: 'E2E News', description: 'Weekly news, e2e', create_time: stamp, update_time: stamp };
		const first = { item: 0 };
		expect(rows('Create List')).toEqual([[{ ...list, member_count: 0 }, first]]);
		const people = ['ada', 'grace', 'bob'].map((n) => `${n}@example.com`);
		expect(rows('Add Members')).toEqual(people.map((e) => [{ address_list_id: listId, email: e, member: true }, first]));
		expect(rows('Get Members')).toEqual(people.map((e) => [{ address_list_id: listId, email: e, create_time: stamp }, first]));
		expect(rows('Remove Bob')).toEqual([[{ address_list_id: listId, email: 'bob@example.com', member: false }, first]]);
		expect(rows('Find List')).toEqual([[{ ...list, member_count: 2 }, first]]);
		expect(rows('Delete List')).toEqual([[{ address_list_id: listId, deleted: true }, first]]);

		expect(rows('Add Unsubscribes')).toEqual([['ada', first], ['grace', first]].map(([n, p]) => [{ email: `${n as string}@example.com`, unsubscribed: true }, p]));
		const unsubscribed = expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
		// The API_USER is the credential's own (the emulator files an add under it): shown redacted.
		expect(rows('Check Unsubscribed')).toEqual(
			['ada', 'grace'].map((n, item) => [{ email: `${n}@example.com`, api_user: '[redacted]', type: 0, type_name: 'no_longer_wanted', unsubscribe_time: unsubscribed, expire_time: unsubscribed }, { item }]),
		);
		expect(rows('Remove Unsubscribes')).toEqual(['ada', 'grace'].map((n, item) => [{ email: `${n}@example.com`, unsubscribed: false }, { item }]));

		expect(rows('Get Complaints')).toEqual([[inRange, first]]);
		expect(rows('Get Delivery Status')).toEqual([
			[{ ...record(1, 1, 0), found: true, status_name: 'delivered', sub_status_name: null }, first],
			[{ ...record(2, 4, 406), found: true, status_name: 'invalid', sub_status_name: 'invalid_not_exist' }, first],
			[{ email_id: emailId(3), found: false }, first],
		]);
		expect(rows('Get Statistics').map(([json, paired]) => [(json as { date: string }).date, (json as { targets: number }).targets, paired])).toEqual([
			['2026-12-01', 100, first],
			['2026-12-02', 200, first],
			['2026-12-03', 300, first],
		]);
		const counters = Object.entries(dayCounters('2026-12-02')).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]);
		expect(rows('Get Statistics')[1][0]).toEqual({ date: '2026-12-02', ...Object.fromEntries(counters) });

		const templateRows = (node: string, key: string) => rows(node).map(([json, paired]) => [(json as Record<string, unknown>)[key], paired]);
		expect(templateRows('Email Templates', 'template_id')).toEqual([['82522', first]]);
		expect(rows('Email Templates')[0][0]).toMatchObject({ name: 'Welcome', template_invoke_name: 'welcome_mail' });
		expect(templateRows('SMS Templates', 'template_id')).toEqual([['123456789', first], ['123456790', first]]);
		expect(rows('SMS Templates').every(([json]) => (json as { approved: boolean }).approved)).toBe(true);
		expect(templateRows('OTP Templates', 'template_id')).toEqual([['login-code', first], ['email-code', first], ['order-notice', first]]);
		expect(templateRows('WhatsApp Templates', 'id')).toEqual([['406979728071589', first], ['406979728071590', first]]);
		expect(`${result.stdout}${result.stderr}${JSON.stringify(result.run ?? null)}`).not.toMatch(new RegExp([EMAIL_API_KEY, SMS_SECRET, OTP_SECRET, WA_SECRET].join('|')));
	}, 300_000);

	it("an AI agent's model gets WhatsApp → Send Text as a tool with each field's own description, and its call is sent", async () => {
		openAi.script(
			{ toolCall: { name: 'EngageLab', arguments: { to: '+447911123456', text: 'Your parcel arrives tomorrow.' } } },
			{ say: 'Sent.' },
		);

		const result = await n8n.execute('elabE2eAiWhatsAp');

		expect({ code: result.code, status: result.run?.status, error: result.run?.data.resultData.error?.message }).toEqual({ code: 0, status: 'success', error: undefined });
		const offered = openAi.requests[0]?.tools ?? [];
		expect(offered.map((t) => t.function.name)).toEqual(['EngageLab']);
		const d = sendTextDescriptions();
		expect(offered[0].function).toMatchObject({
			description: 'Send a WhatsApp text message in EngageLab',
			parameters: { type: 'object', required: ['to', 'text'], properties: { to: { type: 'string', description: d.to }, text: { type: 'string', description: d.text } } },
		});
		expect(Object.keys(offered[0].function.parameters.properties as object)).toEqual(['to', 'text']);
		expect(wa.received.map((r) => [r.authorization, r.rawBody])).toEqual([
			[basic(WA_KEY, WA_SECRET), '{"to":["+447911123456"],"body":{"type":"text","text":{"body":"Your parcel arrives tomorrow."}}}'],
		]);
		for (const other of [ma, sms, email, otp]) expect(other.received).toHaveLength(0);
		const toolResult = openAi.requests[1]?.messages.find((m) => m.role === 'tool');
		expect(String(toolResult?.content)).toContain(wa.state.sent[0].message_id);
		expect(outputsOf(result.run, 'AI Agent')[0][0].json.output).toBe('Sent.');
	}, 180_000);
});
