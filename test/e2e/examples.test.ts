/**
 * What users see of the package in a real n8n (the packed tarball installed as a community
 * package, as in e2e.test.ts): every workflow in examples/ imports with n8n's CLI and uses only
 * node types and versions that n8n has; the CRM CSV, OTP sign-in (through its live webhooks),
 * WhatsApp order and unsubscribes → CRM examples run against the emulators; and the
 * editor's REST API serves the node with its codex (categories, docs), light and dark icons,
 * descriptions on every parameter, and its AI-tool variant (usableAsTool).
 * SKIP_E2E=1 skips it; E2E_N8N=2.8.4 picks one version.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject, INodeExecutionData, INodeProperties, INodePropertyOptions, INodeTypeDescription, IRun } from 'n8n-workflow';

import { CATALOG } from '../../nodes/EngageLab/catalog';
import { EngageLab } from '../../nodes/EngageLab/EngageLab.node';
import { EMAIL_API_KEY, EMAIL_API_USER, emailEmulator } from '../support/emulator/email/emailEmulator';
import type { Unsubscribe } from '../support/emulator/email/suppressionLists';
import { generatedCode, OTP_KEY, OTP_SECRET, otpEmulator } from '../support/emulator/otp/otpEmulator';
import { WA_KEY, WA_SECRET, whatsappEmulator } from '../support/emulator/whatsapp/whatsappEmulator';
import { EngageLabEmulator, TEST_KEY, TEST_SECRET } from '../support/emulator/ma/maEmulator';
import { PushEmulator } from '../support/emulator/push/pushEmulator';
import { FakeOpenAi } from '../support/realN8n/fakeOpenAi';
import { ensureN8n, N8N_VERSIONS } from '../support/realN8n/install';
import { N8nUserFolder, packPackage, type N8nEditor } from '../support/realN8n/n8n';
import { REPO_ROOT } from '../support/realN8n/paths';

const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
const examples = readdirSync(EXAMPLES_DIR)
	.filter((f) => f.endsWith('.json'))
	.map((file) => ({ file, workflow: JSON.parse(readFileSync(path.join(EXAMPLES_DIR, file), 'utf8')) as ExampleWorkflow }));
const NODE = 'n8n-nodes-engagelab.engageLab';
const versions = N8N_VERSIONS.filter((v) => !process.env.E2E_N8N || process.env.E2E_N8N.split(',').includes(v.version));
const suite = process.env.SKIP_E2E === '1' ? describe.skip : describe;

interface ExampleNode {
	id: string;
	name: string;
	type: string;
	typeVersion: number;
	position: [number, number];
	parameters: IDataObject;
	credentials?: Record<string, { id: string; name: string }>;
}

interface ExampleWorkflow {
	id: string;
	name: string;
	nodes: ExampleNode[];
	connections: IDataObject;
}

/**
 * The AI agent example, runnable by `n8n execute`: its chat trigger swapped for a manual trigger and
 * a fixed chat message, its model pointed at the fake OpenAI. The agent, the model and the
 * EngageLab tool node (with every `$fromAI()` parameter) are the example's own.
 */
function runnableAgentExample(
	dir: string,
	{ file = 'ai-agent-set-contact.json', id = 'elabAiAgentRun01', chatInput = 'Set the email of user 10362473 to ada@example.com' } = {},
): string {
	const example = examples.find((e) => e.file === file)!.workflow;
	const trigger = example.nodes.find((n) => n.type === '@n8n/n8n-nodes-langchain.chatTrigger')!;
	const nodes: ExampleNode[] = example.nodes
		.filter((n) => n !== trigger)
		.map((n) => (n.type === '@n8n/n8n-nodes-langchain.lmChatOpenAi' ? { ...n, credentials: { openAiApi: { id: 'openAiFake000001', name: 'OpenAI (fake)' } } } : n));
	nodes.push(
		{ id: 'run-1', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [-400, 0], parameters: {} },
		{
			id: 'run-2', name: 'Chat message', type: 'n8n-nodes-base.set', typeVersion: 3.4, position: [-200, 0],
			parameters: { mode: 'manual', assignments: { assignments: [
				{ id: 'm1', name: 'chatInput', value: chatInput, type: 'string' },
				{ id: 'm2', name: 'sessionId', value: 'e2e-session', type: 'string' },
			] }, options: {} },
		},
	);
	const connections = { ...example.connections } as Record<string, unknown>;
	const agentLink = connections[trigger.name];
	delete connections[trigger.name];
	connections.Start = { main: [[{ node: 'Chat message', type: 'main', index: 0 }]] };
	connections['Chat message'] = agentLink;
	const runnable = path.join(dir, `${id}.json`);
	writeFileSync(runnable, JSON.stringify({ ...example, id, name: `${example.name}, runnable`, nodes, connections }));
	return runnable;
}

/**
 * A scheduled example, runnable by `n8n execute` (which starts from a manual trigger): its
 * schedule trigger swapped for one, in a time zone of the test's choosing. The rest is the
 * example's own.
 */
function runnableScheduledExample(dir: string, file: string, id: string, timezone: string): string {
	const example = examples.find((e) => e.file === file)!.workflow;
	const nodes = example.nodes.map((n) =>
		n.type === 'n8n-nodes-base.scheduleTrigger' ? { ...n, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} } : n,
	);
	const runnable = path.join(dir, `${id}.json`);
	writeFileSync(runnable, JSON.stringify({ ...example, id, name: `${example.name}, runnable`, nodes, settings: { executionOrder: 'v1', timezone } }));
	return runnable;
}

const HOUR_MS = 3_600_000;

/**
 * A fixed-offset zone where it is about noon now, so that "today" and "yesterday" there cannot
 * change while the test runs (midnight is at least 11 hours away), whenever it runs.
 */
function noonZone(now: number): { zone: string; offsetHours: number } {
	const offsetHours = ((12 - new Date(now).getUTCHours() + 36) % 24) - 12;
	// IANA's Etc zones count the other way round: Etc/GMT-3 is UTC+3.
	const zone = offsetHours === 0 ? 'Etc/GMT' : `Etc/GMT${offsetHours > 0 ? '-' : '+'}${Math.abs(offsetHours)}`;
	return { zone, offsetHours };
}

/** A moment as EngageLab writes it: UTC+8 wall time with its offset. */
const engageLabTime = (t: number) => `${new Date(t + 8 * HOUR_MS).toISOString().slice(0, 19)}+08:00`;
/** The day (yyyy-MM-dd) of a moment at a UTC offset. */
const dayAt = (t: number, offsetHours: number) => new Date(t + offsetHours * HOUR_MS).toISOString().slice(0, 10);

/** Both theme variants are served, differ, and are SVG. */
async function expectThemedIcons(editor: N8nEditor, iconUrl: unknown): Promise<void> {
	const { light, dark } = (iconUrl ?? {}) as { light?: string; dark?: string };
	expect(light).toMatch(/\.svg$/);
	expect(dark).toMatch(/\.svg$/);
	expect(light).not.toBe(dark);
	const bodies: string[] = [];
	for (const url of [light, dark]) {
		const response = await editor.get(`/${url}`);
		expect(response.status).toBe(200);
		bodies.push(await response.text());
	}
	for (const body of bodies) expect(body).toMatch(/^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
	expect(bodies[0]).not.toBe(bodies[1]);
}

function outputsOf(run: IRun | undefined, node: string): INodeExecutionData[][] {
	return (run?.data.resultData.runData[node]?.[0]?.data?.main ?? []).map((o) => o ?? []);
}

/**
 * Every parameter, collection entry and choice of an options parameter in a description, with its
 * path; not the "Custom API Call" choice n8n adds to every node whose credential it can reuse.
 */
function allProperties(properties: INodeProperties[], prefix = ''): Array<{ path: string; property: { description?: string } }> {
	return properties.flatMap((property) => {
		const here = `${prefix}${property.name}`;
		const nested = (property.options ?? []).flatMap((option) => {
			if ('type' in option) return allProperties([option as INodeProperties], `${here}.`);
			if ('value' in option && option.value !== '__CUSTOM_API_CALL__') return [{ path: `${here}=${String(option.value)}`, property: option }];
			return [];
		});
		return [{ path: here, property }, ...nested];
	});
}

it('examples/ has the CRM CSV example, and every example uses the EngageLab node with a credential', () => {
	expect(examples.map((e) => e.file)).toContain('crm-csv-to-set-contact.json');
	for (const { workflow } of examples) {
		const engageLab = workflow.nodes.filter((n) => n.type.startsWith('n8n-nodes-engagelab.'));
		expect(engageLab.length).toBeGreaterThan(0);
		for (const node of engageLab) {
			if (node.type === 'n8n-nodes-engagelab.engageLabTrigger') expect(node.credentials?.engageLabWebhookApi?.id).toBe('engageLabHooks001');
			// Messaging nodes use their product's credential (the ids test/e2e/messaging.test.ts imports).
			else if (node.credentials?.engageLabSmsApi) expect(node.credentials.engageLabSmsApi.id).toBe('engageLabSms0001');
			else if (node.credentials?.engageLabEmailApi) expect(node.credentials.engageLabEmailApi.id).toBe('engageLabMail001');
			else if (node.credentials?.engageLabOtpApi) expect(node.credentials.engageLabOtpApi.id).toBe('engageLabOtp0001');
			else if (node.credentials?.engageLabWhatsAppApi) expect(node.credentials.engageLabWhatsAppApi.id).toBe('engageLabWa00001');
			// App Push as test/e2e/push.test.ts and this file import it; Web Push's id is the one this file would import.
			else if (node.credentials?.engageLabAppPushApi) expect(node.credentials.engageLabAppPushApi.id).toBe('engageLabPush001');
			else if (node.credentials?.engageLabWebPushApi) expect(node.credentials.engageLabWebPushApi.id).toBe('engageLabWPush01');
			else expect(node.credentials?.engageLabApi?.id).toBe('engageLabAcct001');
		}
	}
});

suite.each(versions)('examples and the editor in real n8n $version', (target) => {
	const emulator = new EngageLabEmulator();
	const otp = otpEmulator();
	const wa = whatsappEmulator();
	const email = emailEmulator();
	const push = new PushEmulator({ realClock: true });
	const openAi = new FakeOpenAi();
	let n8n: N8nUserFolder;

	beforeAll(async () => {
		const install = await ensureN8n(target);
		const url = await emulator.start();
		const [otpUrl, waUrl, pushUrl, emailUrl] = await Promise.all([otp.start(), wa.start(), push.start(), email.start()]);
		const openAiUrl = await openAi.start();
		n8n = N8nUserFolder.create(install, packPackage());
		// The id and name every example refers to, pointed at the emulator.
		await n8n.importCredentials([
			{ id: 'engageLabAcct001', name: 'EngageLab account', type: 'engageLabApi', data: { apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl: url } },
			{ id: 'engageLabOtp0001', name: 'EngageLab OTP account', type: 'engageLabOtpApi', data: { devKey: OTP_KEY, devSecret: OTP_SECRET, host: 'custom', baseUrl: otpUrl } },
			{ id: 'engageLabWa00001', name: 'EngageLab WhatsApp account', type: 'engageLabWhatsAppApi', data: { devKey: WA_KEY, devSecret: WA_SECRET, host: 'custom', baseUrl: waUrl } },
			{ id: 'engageLabMail001', name: 'EngageLab Email account', type: 'engageLabEmailApi', data: { apiUser: EMAIL_API_USER, apiKey: EMAIL_API_KEY, host: 'custom', baseUrl: emailUrl } },
			{ id: 'engageLabPush001', name: 'EngageLab App Push account', type: 'engageLabAppPushApi', data: { appKey: push.options.appKey, masterSecret: push.options.masterSecret, host: 'custom', baseUrl: pushUrl } },
			{ id: 'openAiFake000001', name: 'OpenAI (fake)', type: 'openAiApi', data: { apiKey: 'sk-fake-e2e', url: openAiUrl } },
		]);
	}, 20 * 60_000);

	afterAll(async () => {
		await Promise.all([emulator.stop(), otp.stop(), wa.stop(), push.stop(), email.stop()]);
		await openAi.stop();
		n8n?.remove();
	});

	it('every file in examples/ imports with `n8n import:workflow`', async () => {
		await expect(n8n.importWorkflows(examples.map((e) => path.join(EXAMPLES_DIR, e.file)))).resolves.toBeUndefined();
		const listed = await n8n.cli(['list:workflow']);
		for (const { workflow } of examples) expect(listed.stdout).toContain(`${workflow.id}|${workflow.name}`);
	}, 120_000);

	it('the CRM CSV example runs: three rows reach EngageLab exactly, the row without an EUID leaves on the error output', async () => {
		emulator.reset();
		const result = await n8n.execute('elabExCsvSync001');

		expect(result.code).toBe(0);
		expect(result.run?.status).toBe('success');
		// Sorted: requests in flight together reach EngageLab in any order (the output keeps the input order).
		expect(emulator.received.map((r) => r.rawBody).sort()).toEqual([
			'{"euid":10362473,"contacts":{"email":"ada.lovelace@example.com","mobile_phone":"18023456879"}}',
			'{"euid":10362474,"contacts":{"email":"grace.hopper@example.com","landline_phone":"02012345678","whatsapp_phone":"8618023456880"}}',
			'{"euid":9223372036854775807,"contacts":{"email":"edsger.dijkstra@example.com","mobile_phone":"18000000004"}}',
		]);
		const [synced, failed] = outputsOf(result.run, 'EngageLab: Set Contact');
		expect(synced.map((i) => [i.json.euid, i.json.code, i.json.message])).toEqual([
			['10362473', 0, 'success'],
			['10362474', 0, 'success'],
			['9223372036854775807', 0, 'success'],
		]);
		expect(failed).toHaveLength(1);
		expect(failed[0].json.crm_id).toBe('CRM-1003');
		expect((failed[0].json.error as IDataObject).message).toMatch(/EUID "pending" is not valid/);
		expect(outputsOf(result.run, 'Synced')[0]).toHaveLength(3);
		expect(outputsOf(result.run, 'Needs attention')[0]).toHaveLength(1);
	}, 120_000);

	it('the WhatsApp order example runs: each order gets the order confirmation template with its body variables, the order with a local number is recorded as a failure', async () => {
		wa.reset();
		// The approved template the example names (a user's account has its own; the emulator's fixtures do not include it).
		wa.state.templates.push({
			id: '406979728071600', name: 'order_confirmation', language: 'en', category: 'UTILITY', status: 'APPROVED',
			components: [{ type: 'BODY', text: 'Hi {{1}}, thanks for your order {{2}}. Total: {{3}}.' }],
		});

		const result = await n8n.execute('elabExWaOrder001');

		expect({ code: result.code, status: result.run?.status, error: result.run?.data.resultData.error?.message }).toEqual({ code: 0, status: 'success', error: undefined });
		const auth = `Basic ${Buffer.from(`${WA_KEY}:${WA_SECRET}`).toString('base64')}`;
		expect(wa.received.every((r) => r.authorization === auth && r.path === '/v1/messages')).toBe(true);
		const body = (to: string, name: string, order: string, total: string) =>
			`{"to":["${to}"],"body":{"type":"template","template":{"name":"order_confirmation","language":"en","components":[{"type":"body","parameters":[{"type":"text","text":"${name}"},{"type":"text","text":"${order}"},{"type":"text","text":"${total}"}]}]}},"request_id":"order-confirmation-${order}"}`;
		// Sorted: requests in flight together reach EngageLab in any order.
		expect(wa.received.map((r) => r.rawBody).sort()).toEqual([body('+447911123456', 'Ada', 'A-1001', '£42.00'), body('+6591234567', 'Grace', 'A-1002', 'S$18.50')]);
		const idTo = (to: string) => wa.state.sent.find((m) => m.to[0] === to)!.message_id;
		const [sent, failed] = outputsOf(result.run, 'EngageLab: Order Confirmation');
		expect(sent.map((i) => [i.json, i.pairedItem])).toEqual([
			[{ to: ['+447911123456'], template: 'order_confirmation', language: 'en', message_id: idTo('+447911123456'), request_id: 'order-confirmation-A-1001' }, { item: 0 }],
			[{ to: ['+6591234567'], template: 'order_confirmation', language: 'en', message_id: idTo('+6591234567'), request_id: 'order-confirmation-A-1002' }, { item: 1 }],
		]);
		expect(failed.map((i) => i.pairedItem)).toEqual([{ item: 2 }]);
		expect(outputsOf(result.run, 'Sent')[0]).toHaveLength(2);
		const recorded = outputsOf(result.run, 'Record failure')[0].map((i) => i.json);
		expect(recorded).toEqual([{ order_id: 'A-1003', whatsapp: '07700 900123', reason: expect.stringContaining('"07700 900123" is not a phone number in E.164 format'), what_to_check: expect.stringContaining('Check the To field') }]);
		expect(`${result.stdout}${result.stderr}${JSON.stringify(result.run ?? null)}`).not.toContain(WA_SECRET);
	}, 120_000);

	it("the AI agent example: n8n offers the model the EngageLab tool with a description and a described field for each parameter, and the model's call reaches EngageLab", async () => {
		await n8n.importWorkflows([runnableAgentExample(n8n.root)]);
		emulator.reset();
		openAi.script(
			{ toolCall: { name: 'EngageLab', arguments: { euid: '10362473', email: 'ada@example.com', mobilePhone: '', landlinePhone: '', whatsappPhone: '' } } },
			{ say: 'Done: the email of user 10362473 is now ada@example.com.' },
		);

		const result = await n8n.execute('elabAiAgentRun01');

		expect({ code: result.code, status: result.run?.status, error: result.run?.data.resultData.error?.message }).toEqual({ code: 0, status: 'success', error: undefined });
		// The tool schema n8n hands the model: one function per tool, JSON Schema parameters.
		const offered = openAi.requests[0]?.tools ?? [];
		expect(offered.map((t) => t.function.name)).toEqual(['EngageLab']);
		const fieldDescriptions = Object.fromEntries(
			new EngageLab().description.properties.filter((p) => p.displayOptions?.show?.operation?.includes('setContact')).map((p) => [p.name, p.description]),
		);
		expect(Object.keys((offered[0].function.parameters.properties ?? {}) as object)).toEqual(['euid', 'email', 'mobilePhone', 'landlinePhone', 'whatsappPhone']);
		expect(offered[0].function).toMatchObject({
			name: 'EngageLab',
			description: 'Set contact information of a user in EngageLab',
			parameters: {
				type: 'object',
				required: ['euid', 'email', 'mobilePhone', 'landlinePhone', 'whatsappPhone'],
				properties: Object.fromEntries(
					['euid', 'email', 'mobilePhone', 'landlinePhone', 'whatsappPhone'].map((key) => [key, { type: 'string', description: fieldDescriptions[key] }]),
				),
			},
		});
		if (process.env.SHOW_TOOL_SCHEMA) process.stderr.write(`${JSON.stringify(offered[0], null, 2)}\n`);
		// The call went through the node: exactly the given contact, empty ones left out.
		expect(emulator.received.map((r) => r.rawBody)).toEqual(['{"euid":10362473,"contacts":{"email":"ada@example.com"}}']);
		const toolResult = openAi.requests[1]?.messages.find((m) => m.role === 'tool');
		expect(String(toolResult?.content)).toMatch(/"code":\s*0/);
		expect(outputsOf(result.run, 'AI Agent')[0][0].json.output).toBe('Done: the email of user 10362473 is now ada@example.com.');
	}, 180_000);

	it("the order-shipped App Push example runs: one push per order to the buyer's alias, each with its own cid and the order in custom_args; the order without an alias leaves on the error output, nothing sent for it", async () => {
		push.requests.length = 0;
		push.sent.length = 0;
		const result = await n8n.execute('elabExPushShip01');

		expect({ code: result.code, status: result.run?.status, error: result.run?.data.resultData.error?.message }).toEqual({ code: 0, status: 'success', error: undefined });
		expect(push.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v4/push', 'POST /v4/push']);
		expect(push.requests.every((r) => r.headers.authorization === push.authorization)).toBe(true);
		// Sorted by alias: pushes in flight together reach EngageLab in any order.
		type PushBody = { to: { alias: string[] }; custom_args?: IDataObject; body: { notification: { alert: string; android: IDataObject }; options: IDataObject } };
		const bodies = push.requests.map((r) => JSON.parse(r.body) as PushBody).sort((a, b) => a.to.alias.join().localeCompare(b.to.alias.join()));
		expect(bodies.map((b) => [b.to, b.body.notification.alert, b.custom_args, b.body.notification.android.title])).toEqual([
			[{ alias: ['buyer-1001'] }, 'Your order A-2001 is on its way with DHL.', { order_id: 'A-2001' }, 'Order shipped'],
			[{ alias: ['buyer-1002'] }, 'Your order A-2002 is on its way with UPS.', { order_id: 'A-2002' }, 'Order shipped'],
		]);
		expect(push.sent).toHaveLength(2);
		const cids = push.sent.map((s) => s.cid);
		expect(cids.every((cid) => /^n8n-[A-Za-z0-9_-]{43}$/.test(cid ?? ''))).toBe(true);
		expect(new Set(cids).size).toBe(2);
		const [pushed, failed] = outputsOf(result.run, 'EngageLab: Shipped Push');
		const msgIdOf = (cid: unknown) => push.sent.find((s) => s.cid === cid)?.msgId.toString();
		expect(pushed.map((i) => [i.pairedItem, i.json.msg_id === msgIdOf(i.json.cid)])).toEqual([
			[{ item: 0 }, true],
			[{ item: 1 }, true],
		]);
		expect(failed.map((i) => i.pairedItem)).toEqual([{ item: 2 }]);
		expect(outputsOf(result.run, 'Pushed')[0]).toHaveLength(2);
		expect(outputsOf(result.run, 'Record failure')[0].map((i) => i.json)).toEqual([
			{ order_id: 'A-2003', buyer_alias: '', reason: expect.stringContaining('The audience is empty'), what_to_check: expect.any(String) },
		]);
		expect(`${result.stdout}${result.stderr}${JSON.stringify(result.run ?? null)}`).not.toContain(push.options.masterSecret);
	}, 120_000);

	it('the AI agent App Push example: the model calls Send App Push with its $fromAI() fields, and EngageLab receives exactly one push, with a cid', async () => {
		await n8n.importWorkflows([runnableAgentExample(n8n.root, { file: 'ai-agent-app-push.json', id: 'elabAiPushRun001', chatInput: 'Tell buyer-1001 that order A-2001 has shipped' })]);
		push.requests.length = 0;
		push.sent.length = 0;
		openAi.script(
			{ toolCall: { name: 'Send_App_Push', arguments: { alias: 'buyer-1001', title: 'Order shipped', alert: 'Your order A-2001 has shipped.' } } },
			{ say: 'Sent: buyer-1001 was told that order A-2001 has shipped.' },
		);

		const result = await n8n.execute('elabAiPushRun001');

		expect({ code: result.code, status: result.run?.status, error: result.run?.data.resultData.error?.message }).toEqual({ code: 0, status: 'success', error: undefined });
		const offered = openAi.requests[0]?.tools ?? [];
		expect(offered.map((t) => t.function.name)).toEqual(['Send_App_Push']);
		expect(offered[0].function.description).toMatch(/push/i);
		expect(Object.keys((offered[0].function.parameters.properties ?? {}) as object).sort()).toEqual(['alert', 'alias', 'title']);
		expect(push.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /v4/push']);
		expect(push.sent).toHaveLength(1);
		expect(push.sent[0].cid).toMatch(/^n8n-[A-Za-z0-9_-]{43}$/);
		const { to, body } = JSON.parse(push.requests[0].body) as { to: unknown; body: { notification: { alert: string; android: IDataObject; ios: { alert: IDataObject } } } };
		expect([to, body.notification.alert, body.notification.android.title, body.notification.ios.alert.title]).toEqual([
			{ alias: ['buyer-1001'] },
			'Your order A-2001 has shipped.',
			'Order shipped',
			'Order shipped',
		]);
		const toolResult = openAi.requests[1]?.messages.find((m) => m.role === 'tool');
		expect(String(toolResult?.content)).toContain(push.sent[0].msgId.toString());
		expect(outputsOf(result.run, 'AI Agent')[0][0].json.output).toBe('Sent: buyer-1001 was told that order A-2001 has shipped.');
		expect(`${result.stdout}${result.stderr}${JSON.stringify(result.run ?? null)}`).not.toContain(push.options.masterSecret);
	}, 180_000);

	it('the unsubscribes → CRM example: every unsubscribe since yesterday 00:00 (its time zone), read across pages, each once, none from before, as CRM opt-outs', async () => {
		const now = Date.now();
		const { zone, offsetHours } = noonZone(now);
		await n8n.importWorkflows([runnableScheduledExample(n8n.root, 'unsubscribes-to-crm.json', 'elabUnsubCrmRun1', zone)]);
		const today = dayAt(now, offsetHours);
		const yesterdayStart = Date.parse(`${today}T00:00:00Z`) - offsetHours * HOUR_MS - 24 * HOUR_MS;
		// One every 15 minutes from four days before today to a minute ago (one exactly at the
		// window's start), and one a second before the window.
		const times = [yesterdayStart - 1000];
		for (let t = yesterdayStart - 72 * HOUR_MS; t < now - 60_000; t += HOUR_MS / 4) times.push(t);
		times.sort((a, b) => a - b);
		const types = ['no_longer_wanted', 'never_subscribed', 'spam', 'fraud'];
		email.reset();
		email.state.unsubscribes = times.map((t, i): Unsubscribe => ({
			email: `optout${i}@example.com`,
			api_user: i % 2 ? 'acme_news' : 'acme_batch',
			type: i % 4,
			unsubscribe_time: engageLabTime(t),
			expire_time: engageLabTime(t + 730 * 24 * HOUR_MS),
		}));
		const records = email.state.unsubscribes.map((r, i) => ({ ...r, t: times[i] }));
		// What EngageLab answers for the example's days (the day before yesterday to tomorrow, in UTC+8 days).
		const [startDay, endDay] = [dayAt(now - 48 * HOUR_MS, offsetHours), dayAt(now + 24 * HOUR_MS, offsetHours)];
		const answered = records.filter((r) => r.unsubscribe_time.slice(0, 10) >= startDay && r.unsubscribe_time.slice(0, 10) <= endDay);
		const expected = records.filter((r) => r.t >= yesterdayStart);
		// The data has what the example must handle: more than a page, answers from before the window.
		expect(answered.length).toBeGreaterThan(200);
		expect(expected.length).toBeGreaterThan(100);
		expect(answered.some((r) => r.t < yesterdayStart)).toBe(true);

		const result = await n8n.execute('elabUnsubCrmRun1');

		expect({ code: result.code, status: result.run?.status, error: result.run?.data.resultData.error?.message }).toEqual({ code: 0, status: 'success', error: undefined });
		const auth = `Basic ${Buffer.from(`${EMAIL_API_USER}:${EMAIL_API_KEY}`).toString('base64')}`;
		expect(email.received.every((r) => r.authorization === auth && r.method === 'GET')).toBe(true);
		expect(email.received.map((r) => r.path)).toEqual(
			Array.from({ length: Math.ceil(answered.length / 100) }, (_, i) => `/v1/unsubscribes?start_date=${startDay}&end_date=${endDay}&offset=${i * 100}&limit=100`),
		);
		expect(outputsOf(result.run, 'Get Unsubscribes')[0].map((i) => i.json.email)).toEqual(answered.map((r) => r.email));
		const updates = outputsOf(result.run, 'CRM update')[0].map((i) => i.json);
		expect(updates).toEqual(expected.map((r) => ({ email: r.email, email_opt_out: true, opt_out_reason: types[r.type], opt_out_at: r.unsubscribe_time })));
		expect(new Set(updates.map((u) => u.email)).size).toBe(updates.length);
		expect(`${result.stdout}${result.stderr}${JSON.stringify(result.run ?? null)}`).not.toContain(EMAIL_API_KEY);
	}, 120_000);

	describe("in the editor's node catalogue (/types/nodes.json, what the editor's nodes panel shows)", () => {
		let editor: N8nEditor;
		let catalogue: INodeTypeDescription[];
		const served = (name: string) => catalogue.find((d) => d.name === name);

		beforeAll(async () => {
			// Published before n8n starts, so the sign-up example's webhook is live.
			for (const id of ['elabExSignup0001', 'elabExOtpLogin01']) {
				const published = await n8n.cli(['publish:workflow', `--id=${id}`]);
				if (published.code !== 0) throw new Error(`publish:workflow failed:\n${published.stdout}\n${published.stderr}`);
			}
			editor = await n8n.startEditor();
			catalogue = (await (await editor.get('/types/nodes.json')).json()) as INodeTypeDescription[];
		}, 180_000);

		afterAll(async () => await editor?.stop());

		it('the sign-up example: a POST to its webhook runs Get EUID → Set Contact → Report sign_up against EngageLab', async () => {
			emulator.reset();
			emulator.ma.identities.set('user_id:crm-000123', 9223372036854775807n);
			const signup = { user_id: 'crm-000123', email: 'ada@example.com', phone: '18023456879', signed_up_at: '2025-03-01T12:00:00Z', source: 'web', plan: 'free' };

			const response = await fetch(`${editor.url}/webhook/engagelab-signup`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(signup),
			});
			expect(response.status).toBe(200);
			for (const until = Date.now() + 120_000; emulator.received.length < 3 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 200));

			expect(emulator.received.map((r) => r.path)).toEqual(['/v1/user/register', '/v1/user/contact', '/v1/event/report']);
			expect(emulator.received[0].rawBody).toBe('{"identity_name":"user_id","identity_values":["crm-000123"]}');
			expect(emulator.received[1].rawBody).toBe('{"euid":9223372036854775807,"contacts":{"email":"ada@example.com","mobile_phone":"18023456879"}}');
			expect(emulator.received[2].rawBody).toContain('"euid":9223372036854775807');
			expect(JSON.parse(emulator.received[2].rawBody.replace(/"euid":(\d+)/, '"euid":"$1"'))).toEqual({
				data: [{ euid: '9223372036854775807', event_name: 'sign_up', itime: Date.parse(signup.signed_up_at), random_id: 'sign_up-crm-000123', properties: { source: 'web', plan: 'free' } }],
			});
			expect(emulator.ma.events).toHaveLength(1);
		}, 180_000);

		it("the OTP sign-in example: its send webhook answers the message_id of the code EngageLab sent, its verify webhook answers verified false for a wrong code, true for the right one, false with the reason once used", async () => {
			otp.reset();
			const post = async (hook: string, body: object) => {
				const response = await fetch(`${editor.url}/webhook/${hook}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
				return { status: response.status, body: (await response.json()) as Record<string, unknown> };
			};

			const sent = await post('engagelab-otp-send', { phone: '+6591234567' });
			const messageId = otp.state.messages[0]?.message_id;
			expect(sent).toEqual({ status: 200, body: { sent: true, message_id: messageId } });
			expect(otp.received.map((r) => [r.path, r.rawBody])).toEqual([['/v1/messages', '{"to":"+6591234567","template":{"id":"login-code","language":"en"}}']]);
			expect(otp.received[0].authorization).toBe(`Basic ${Buffer.from(`${OTP_KEY}:${OTP_SECRET}`).toString('base64')}`);
			// What the person received by WhatsApp or SMS.
			const code = generatedCode(otp, messageId)!;
			const wrong = code === '000000' ? '111111' : '000000';

			expect(await post('engagelab-otp-verify', { message_id: messageId, code: wrong })).toEqual({ status: 200, body: { verified: false } });
			expect(await post('engagelab-otp-verify', { message_id: messageId, code })).toEqual({ status: 200, body: { verified: true } });
			const again = await post('engagelab-otp-verify', { message_id: messageId, code });
			expect(again.status).toBe(200);
			expect(again.body).toEqual({ verified: false, error: expect.stringMatching(/^EngageLab OTP error 3003: /) });
			expect(otp.received.slice(1).map((r) => [r.path, r.rawBody])).toEqual(
				[wrong, code, code].map((c) => ['/v1/verifications', `{"message_id":"${messageId}","verify_code":"${c}"}`]),
			);

			// A number without a country code: no request, the send webhook answers 422 with what to fix.
			const bad = await post('engagelab-otp-send', { phone: '91234567' });
			expect(bad.status).toBe(422);
			expect(bad.body).toEqual({ sent: false, error: expect.stringContaining('"91234567" is not a phone number in E.164 format') });
			expect(otp.received).toHaveLength(4);
			expect(JSON.stringify([sent, again, bad])).not.toContain(OTP_SECRET);
		}, 180_000);

		it('has every node type and version the examples use', () => {
			const used = new Set(examples.flatMap((e) => e.workflow.nodes).map((n) => `${n.type}@${n.typeVersion}`));
			const known = new Set(catalogue.flatMap((d) => [d.version].flat().map((v) => `${d.name}@${v}`)));
			expect([...used].filter((key) => !known.has(key))).toEqual([]);
		});

		it('shows the node with its codex (categories, EngageLab docs), distinct light and dark icons, and a description on every parameter', async () => {
			const description = served(NODE);

			expect(description).toMatchObject({ displayName: 'EngageLab', usableAsTool: true, subtitle: expect.stringContaining('$parameter') });
			expect(description?.codex).toMatchObject({
				categories: expect.arrayContaining(['Marketing', 'Communication']),
				resources: {
					primaryDocumentation: [{ url: expect.stringMatching(/^https:\/\/www\.engagelab\.com\/docs\/marketing-automation\/rest-api\//) }, expect.anything()],
					credentialDocumentation: [{ url: expect.stringMatching(/^https:\/\/www\.engagelab\.com\/docs\//) }],
				},
			});
			await expectThemedIcons(editor, description?.iconUrl);
			const missing = allProperties(description?.properties ?? []).filter(({ property }) => !(property.description ?? '').trim());
			expect(missing.map((m) => m.path)).toEqual([]);
		});

		it('shows the credential with the same light and dark icons and its documentation link', async () => {
			const credentials = (await (await editor.get('/types/credentials.json')).json()) as Array<{ name: string; iconUrl?: unknown; documentationUrl?: string }>;
			const credential = credentials.find((c) => c.name === 'engageLabApi');

			expect(credential?.documentationUrl).toMatch(/^https:\/\/www\.engagelab\.com\/docs\//);
			await expectThemedIcons(editor, credential?.iconUrl);
		});

		it('offers the node to AI agents as "EngageLab Tool", with the tool description settings n8n adds', () => {
			const tool = served(`${NODE}Tool`);

			expect(tool).toMatchObject({ displayName: 'EngageLab Tool', outputs: ['ai_tool'], inputs: [] });
			expect(tool?.codex).toMatchObject({ categories: ['AI'], subcategories: { AI: ['Tools'] } });
			expect(tool?.properties.map((p) => p.name)).toEqual([
				'descriptionType',
				'toolDescription',
				...(served(NODE)?.properties.map((p) => p.name) ?? []),
			]);
			// Every operation of every resource, each with the action n8n makes the tool's description
			// from; n8n adds its own "Custom API Call" entry (an HTTP Request with this credential).
			const operations = (tool?.properties ?? []).filter((p) => p.name === 'operation').flatMap((p) => p.options as INodePropertyOptions[]);
			const ours = operations.filter((o) => o.value !== '__CUSTOM_API_CALL__');
			// Every resource's picker entries, as the catalog lists them: what the package offers is what n8n serves.
			const offered = CATALOG.flatMap((o) => o.resources.flatMap((r) => r.options.map((op) => op.value)));
			expect(offered).toEqual(expect.arrayContaining(['getEuid', 'report', 'send', 'setContact', 'setProperties', 'verify', 'withdraw', 'getUnsubscribes']));
			expect(ours.map((o) => o.value).sort()).toEqual(offered.sort());
			for (const operation of ours) expect(operation).toMatchObject({ action: expect.stringMatching(/^[A-Z]\w+ .{10,}/), description: expect.stringMatching(/^\S.{30,}/) });
			expect(ours.find((o) => o.value === 'setContact')?.action).toBe('Set contact information of a user');
		});
	});
});
