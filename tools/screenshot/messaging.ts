/**
 * `node tools/.build/tools/screenshot/messaging.js` (after `npm run build && npm run build:scripts`):
 * the messaging guide's pictures of the forms in the real n8n editor (SMS → Send, Email → Send,
 * OTP → Send, WhatsApp → Send Template, and the OTP credential), with each product's credential
 * pointed at its local emulator so template pickers and template variables load as they do
 * against EngageLab. It also checks what the pictures are for: Resource stays a parameter of the
 * node (n8n did not take it for the credential selector) and the template variables are fields.
 * Saves docs/images/<shot>.png; `SHOTS=otp-send-parameters,…` retakes only some. Needs Debian's
 * Chromium, as screenshot.ts.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { chromium, type Page } from 'playwright-core';

import { ensureN8n, N8N_VERSIONS } from '../../test/support/realN8n/install';
import { N8nUserFolder, OWNER, packPackage } from '../../test/support/realN8n/n8n';
import { REPO_ROOT } from '../../test/support/realN8n/paths';
import { EMAIL_API_KEY, EMAIL_API_USER, emailEmulator } from '../../test/support/emulator/email/emailEmulator';
import { OTP_KEY, OTP_SECRET, otpEmulator } from '../../test/support/emulator/otp/otpEmulator';
import { SMS_KEY, SMS_SECRET, smsEmulator } from '../../test/support/emulator/sms/smsEmulator';
import { WA_KEY, WA_SECRET, whatsappEmulator } from '../../test/support/emulator/whatsapp/whatsappEmulator';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TRIGGER = 'When clicking ‘Execute workflow’';
/** The resource mapper's stored value, its schema as the node's lookup describes the template's variables. */
const mapped = (value: Record<string, string>, labels: Record<string, string> = {}) => ({
	mappingMode: 'defineBelow',
	value,
	matchingColumns: [],
	schema: Object.keys(value).map((id) => ({ id, displayName: labels[id] ?? id, required: true, defaultMatch: false, display: true, type: 'string', canBeUsedToMatch: false })),
});

interface NodeShot {
	file: string;
	/** Workflow id (16 characters) and the one EngageLab node's parameters and credential. */
	id: string;
	parameters: object;
	credential: { type: string; id: string; name: string };
	/** Text that shows the template variables loaded as fields. */
	variable?: string;
}

const SHOTS: NodeShot[] = [
	{
		file: 'sms-send-parameters.png',
		id: 'elabShotSmsSend1',
		parameters: {
			resource: 'sms',
			operation: 'send',
			to: '+6591234567',
			template: { __rl: true, mode: 'list', value: '123456789', cachedResultName: 'Order Notification (123456789)' },
			templateVariables: mapped({ order_no: 'A-1001', delivery_time: 'Friday' }),
			options: {},
		},
		credential: { type: 'engageLabSmsApi', id: 'engageLabShotSms', name: 'EngageLab SMS account' },
		variable: 'delivery_time',
	},
	{
		file: 'email-send-parameters.png',
		id: 'elabShotMailSnd1',
		parameters: {
			resource: 'email',
			operation: 'send',
			from: 'Acme <support@mail.acme.com>',
			to: 'ada.lovelace@example.com',
			subject: 'Your order %order% has shipped',
			html: '<p>Hi %name%, order %order% is on its way.</p>',
			options: {},
		},
		credential: { type: 'engageLabEmailApi', id: 'engageLabShotEml', name: 'EngageLab Email account' },
	},
	{
		file: 'otp-send-parameters.png',
		id: 'elabShotOtpSend1',
		parameters: {
			resource: 'otp',
			operation: 'send',
			to: '+6591234567',
			template: { __rl: true, mode: 'list', value: 'login-code', cachedResultName: 'Login code (login-code)' },
			options: {},
		},
		credential: { type: 'engageLabOtpApi', id: 'engageLabShotOtp', name: 'EngageLab OTP account' },
	},
	{
		file: 'whatsapp-send-template-parameters.png',
		id: 'elabShotWaTmpl01',
		parameters: {
			resource: 'whatsapp',
			operation: 'sendTemplate',
			to: '+447911123456',
			template: { __rl: true, mode: 'list', value: 'order_update|en', cachedResultName: 'order_update (en)' },
			templateVariables: mapped(
				{ header_1: 'A-1001', body_1: 'Ada', body_2: 'A-1001', body_3: 'Friday' },
				{ header_1: 'Header {{1}}', body_1: 'Body {{1}}', body_2: 'Body {{2}}', body_3: 'Body {{3}}' },
			),
			options: {},
		},
		credential: { type: 'engageLabWhatsAppApi', id: 'engageLabShotWa1', name: 'EngageLab WhatsApp account' },
		variable: 'Body {{3}}',
	},
];

/**
 * The OTP credential form. The editor tests a credential when it opens it: this one points at the
 * OTP emulator (Custom URL), so the test runs against it (never EngageLab's real host) and passes.
 */
const CREDENTIAL_SHOT = { file: 'otp-credential.png', id: 'engageLabShotOtp' };

const NODE_ID = 'c1b2c3d4-0004-4000-8000-000000000002';

function workflow(shot: NodeShot): object {
	return {
		id: shot.id,
		name: `EngageLab: ${shot.file.replace(/-parameters\.png$/, '')}`,
		nodes: [
			{ id: 'c1b2c3d4-0004-4000-8000-000000000001', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: NODE_ID,
				name: 'EngageLab',
				type: 'n8n-nodes-engagelab.engageLab',
				typeVersion: 2,
				position: [240, 0],
				parameters: shot.parameters,
				credentials: { [shot.credential.type]: { id: shot.credential.id, name: shot.credential.name } },
			},
		],
		connections: { [TRIGGER]: { main: [[{ node: 'EngageLab', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

async function shootNode(page: Page, url: string, shot: NodeShot, output: string): Promise<boolean> {
	await page.goto(`${url}/workflow/${shot.id}/${NODE_ID}`, { waitUntil: 'networkidle' });
	const panel = page.locator('[data-test-id="ndv"]');
	await panel.waitFor({ state: 'visible', timeout: 60_000 });
	await page.locator('[data-test-id="parameter-input-to"]').waitFor({ state: 'visible', timeout: 60_000 });
	await page.waitForTimeout(3000); // template lists and the resource mapper's fields load from the emulator
	const resourceShown = await page.locator('[data-test-id="parameter-input-resource"]').isVisible();
	const variablesShown = shot.variable === undefined || (await page.getByText(shot.variable).first().isVisible());
	console.log(`${shot.file}: Resource shown as a parameter: ${resourceShown}; template variables shown: ${variablesShown}`);
	await panel.screenshot({ path: output, animations: 'disabled' });
	return resourceShown && variablesShown;
}

async function shootCredential(page: Page, url: string, output: string): Promise<boolean> {
	await page.goto(`${url}/home/credentials/${CREDENTIAL_SHOT.id}`, { waitUntil: 'networkidle' });
	const modal = page.locator('[data-test-id="editCredential-modal"]');
	await modal.waitFor({ state: 'visible', timeout: 60_000 });
	await page.waitForTimeout(3000); // the credential test against the emulator
	const hostShown = await modal.getByText('Host').first().isVisible();
	const tested = await modal.getByText('Connection tested successfully').first().isVisible();
	console.log(`${CREDENTIAL_SHOT.file}: Host choice shown: ${hostShown}; credential test passed: ${tested}`);
	await modal.screenshot({ path: output, animations: 'disabled' });
	return hostShown && tested;
}

async function main(): Promise<void> {
	if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}. Install Debian's: apt-get install -y chromium`);
	const only = process.env.SHOTS?.split(',').map((s) => s.trim().replace(/\.png$/, ''));
	const wanted = (file: string) => !only || only.includes(file.replace(/\.png$/, ''));
	const target = N8N_VERSIONS.find((v) => v.version === (process.env.E2E_N8N ?? '2.41.1')) ?? N8N_VERSIONS[N8N_VERSIONS.length - 1];
	const emulators = { engageLabSmsApi: smsEmulator(), engageLabEmailApi: emailEmulator(), engageLabOtpApi: otpEmulator(), engageLabWhatsAppApi: whatsappEmulator() };
	const [smsUrl, emailUrl, otpUrl, waUrl] = await Promise.all(Object.values(emulators).map((e) => e.start()));
	const n8n = N8nUserFolder.create(await ensureN8n(target), packPackage());
	const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
	let ok = true;
	try {
		await n8n.importCredentials([
			{ id: 'engageLabShotSms', name: 'EngageLab SMS account', type: 'engageLabSmsApi', data: { devKey: SMS_KEY, devSecret: SMS_SECRET, host: 'custom', baseUrl: smsUrl } },
			{ id: 'engageLabShotEml', name: 'EngageLab Email account', type: 'engageLabEmailApi', data: { apiUser: EMAIL_API_USER, apiKey: EMAIL_API_KEY, host: 'custom', baseUrl: emailUrl } },
			{ id: 'engageLabShotOtp', name: 'EngageLab OTP account', type: 'engageLabOtpApi', data: { devKey: OTP_KEY, devSecret: OTP_SECRET, host: 'custom', baseUrl: otpUrl } },
			{ id: 'engageLabShotWa1', name: 'EngageLab WhatsApp account', type: 'engageLabWhatsAppApi', data: { devKey: WA_KEY, devSecret: WA_SECRET, host: 'custom', baseUrl: waUrl } },
		]);
		const files = SHOTS.map((shot) => {
			const file = path.join(n8n.root, `${shot.id}.json`);
			writeFileSync(file, JSON.stringify(workflow(shot)));
			return file;
		});
		await n8n.importWorkflows(files);
		const editor = await n8n.startEditor();
		try {
			const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1, colorScheme: 'light', locale: 'en-US' });
			const page = await context.newPage();
			const login = await context.request.post(`${editor.url}/rest/login`, { data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password } });
			if (!login.ok()) throw new Error(`login failed: HTTP ${login.status()} ${await login.text()}`);
			mkdirSync(path.join(REPO_ROOT, 'docs/images'), { recursive: true });
			for (const shot of SHOTS.filter((s) => wanted(s.file))) {
				ok = (await shootNode(page, editor.url, shot, path.join(REPO_ROOT, 'docs/images', shot.file))) && ok;
			}
			if (wanted(CREDENTIAL_SHOT.file)) ok = (await shootCredential(page, editor.url, path.join(REPO_ROOT, 'docs/images', CREDENTIAL_SHOT.file))) && ok;
			const requests = Object.entries(emulators).map(([type, e]) => `${type}: ${e.received.map((r) => `${r.method} ${r.path.split('?')[0]}`).join(', ') || 'none'}`);
			console.log(`n8n ${target.version}, requests to the emulators: ${requests.join('; ')}`);
			if (!ok) process.exitCode = 2;
		} finally {
			await editor.stop();
		}
	} finally {
		await browser.close();
		await Promise.all(Object.values(emulators).map((e) => e.stop()));
		n8n.remove();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
