/**
 * Messaging in real n8n (both pinned versions), through n8n's CLI against the product emulators:
 * the example workflow examples/crm-contact-then-sms-and-email.json (CRM row → Set Contact with
 * the MA credential → SMS Send with the SMS credential → Email Send with the Email credential),
 * OTP Send → Verify (test/e2e/workflows/messaging-otp.json) and WhatsApp Send Template → Send
 * Text → Send Media (messaging-whatsapp.json), each with its own product's credential only;
 * SMS Schedule Time in a workflow timezone that is not the process's (messaging-sms-schedule.json).
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
import { EMAIL_API_KEY, EMAIL_API_USER, emailEmulator } from '../support/emulator/email/emailEmulator';
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
