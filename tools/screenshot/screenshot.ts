/**
 * `npm run screenshot`: the README's pictures, taken in the real n8n editor.
 *
 * Packs this package, installs it into a fresh n8n user folder (as e2e does), imports credentials
 * and a workflow, starts `n8n start` (owner set up through the REST API), then drives headless
 * Chromium with playwright-core: logs in as the owner and saves, under docs/images/:
 * - set-contact-parameters.png: a filled-in Set Contact (the README's first picture);
 * - form-<operation>.png: every operation's form in its default state (a new node, version 2);
 * - credential.png: the credential form (the Custom data center pointing at the local emulator, so
 *   that n8n's automatic credential test passes without the internet);
 * - error-panel.png: the error panel of an EngageLab code error (code 55108 with a Chinese
 *   message, answered on HTTP 200 by the local emulator), its details opened.
 *
 * Needs Debian's Chromium (not a browser downloaded by Playwright):  apt-get install -y chromium
 * Another binary: CHROMIUM=/path/to/chrome npm run screenshot.  n8n version: E2E_N8N=2.8.4 (default 2.41.1).
 * Not part of CI (Chromium is not guaranteed there); run it by hand after changing the node's UI.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { chromium, type Page } from 'playwright-core';

import { EngageLabEmulator, TEST_KEY, TEST_SECRET } from '../../test/support/emulator/ma/maEmulator';
import { ensureN8n, N8N_VERSIONS } from '../../test/support/realN8n/install';
import { N8nUserFolder, OWNER, packPackage } from '../../test/support/realN8n/n8n';
import { REPO_ROOT } from '../../test/support/realN8n/paths';

const IMAGES = path.join(REPO_ROOT, 'docs/images');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const WORKFLOW_ID = 'elabScreenshot01';
const TRIGGER = 'When clicking ‘Execute workflow’';
const NODE_TYPE = 'n8n-nodes-engagelab.engageLab';
const SHOT_CREDENTIAL = { engageLabApi: { id: 'engageLabShot001', name: 'EngageLab account' } };

/** The forms to picture: node id, name and parameters (only resource and operation: the default state). */
const FORMS = [
	{ file: 'form-get-euid.png', id: 'c1b2c3d4-0003-4000-8000-000000000011', name: 'Get EUID', resource: 'user', operation: 'getEuid' },
	{ file: 'form-set-contact.png', id: 'c1b2c3d4-0003-4000-8000-000000000012', name: 'Set Contact', resource: 'user', operation: 'setContact' },
	{ file: 'form-set-properties.png', id: 'c1b2c3d4-0003-4000-8000-000000000013', name: 'Set Properties', resource: 'user', operation: 'setProperties' },
	{ file: 'form-report.png', id: 'c1b2c3d4-0003-4000-8000-000000000014', name: 'Report', resource: 'event', operation: 'report' },
];
const FILLED_ID = 'c1b2c3d4-0003-4000-8000-000000000002';
const ERROR_NODE = 'Set Contact (EngageLab error)';

const CHINESE_MESSAGE = '无效的euid';

function workflow(): object {
	const at = (i: number): [number, number] => [240 + 240 * (i % 3), 200 * Math.floor(i / 3)];
	return {
		id: WORKFLOW_ID,
		name: 'EngageLab: the node in the editor',
		nodes: [
			{ id: 'c1b2c3d4-0003-4000-8000-000000000001', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: FILLED_ID,
				name: 'EngageLab',
				type: NODE_TYPE,
				typeVersion: 2,
				position: at(1),
				parameters: {
					resource: 'user',
					operation: 'setContact',
					identifyBy: 'euid',
					euid: '10362473',
					email: 'ada.lovelace@example.com',
					mobilePhone: '18023456879',
					landlinePhone: '',
					whatsappPhone: '8618023456879',
					options: { timeout: 30000 },
				},
				credentials: SHOT_CREDENTIAL,
			},
			{
				id: 'c1b2c3d4-0003-4000-8000-000000000003',
				name: ERROR_NODE,
				type: NODE_TYPE,
				typeVersion: 2,
				position: at(0),
				parameters: { resource: 'user', operation: 'setContact', euid: '10362473', email: 'ada.lovelace@example.com', options: {} },
				credentials: { engageLabApi: { id: 'engageLabEmu0001', name: 'EngageLab (local emulator)' } },
			},
			...FORMS.map((f, i) => ({
				id: f.id,
				name: f.name,
				type: NODE_TYPE,
				typeVersion: 2,
				position: at(i + 2),
				parameters: { resource: f.resource, operation: f.operation },
				credentials: SHOT_CREDENTIAL,
			})),
		],
		connections: { [TRIGGER]: { main: [[{ node: ERROR_NODE, type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

async function settle(page: Page): Promise<void> {
	await page.waitForTimeout(1200); // fonts, icons and the panel's opening animation
}

async function main(): Promise<void> {
	if (!existsSync(CHROMIUM)) {
		throw new Error(`No Chromium at ${CHROMIUM}. Install Debian's: apt-get install -y chromium (or set CHROMIUM=/path/to/chrome)`);
	}
	const target = N8N_VERSIONS.find((v) => v.version === (process.env.E2E_N8N ?? '2.41.1')) ?? N8N_VERSIONS[N8N_VERSIONS.length - 1];
	const n8n = N8nUserFolder.create(await ensureN8n(target), packPackage());
	const emulator = new EngageLabEmulator();
	const emulatorUrl = await emulator.start();
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
	});
	try {
		await n8n.importCredentials([
			{ id: 'engageLabShot001', name: 'EngageLab account', type: 'engageLabApi', data: { apiKey: 'your-api-key', apiSecret: 'your-api-secret', dataCenter: 'singapore' } },
			{ id: 'engageLabEmu0001', name: 'EngageLab (local emulator)', type: 'engageLabApi', data: { apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl: emulatorUrl } },
		]);
		const file = path.join(n8n.root, 'screenshot-workflow.json');
		writeFileSync(file, JSON.stringify(workflow()));
		await n8n.importWorkflows([file]);
		const editor = await n8n.startEditor();
		try {
			console.log(`n8n ${target.version} editor at ${editor.url}; taking the screenshots with ${CHROMIUM}`);
			const context = await browser.newContext({ viewport: { width: 1280, height: 940 }, deviceScaleFactor: 1, colorScheme: 'light', locale: 'en-US' });
			const page = await context.newPage();
			// The owner's session cookie, through the same REST login the editor's sign-in form uses.
			const login = await context.request.post(`${editor.url}/rest/login`, { data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password } });
			if (!login.ok()) throw new Error(`login failed: HTTP ${login.status()} ${await login.text()}`);
			mkdirSync(IMAGES, { recursive: true });
			const saved = (name: string) => {
				console.log(`saved docs/images/${name}`);
				return path.join(IMAGES, name);
			};

			// n8n opens a node's parameter panel from the URL /workflow/<id>/<node id>.
			const form = async (nodeId: string, name: string) => {
				await page.goto(`${editor.url}/workflow/${WORKFLOW_ID}/${nodeId}`, { waitUntil: 'networkidle' });
				const panel = page.locator('[data-test-id="ndv"]');
				await panel.waitFor({ state: 'visible', timeout: 60_000 });
				await page.locator('[data-test-id="parameter-input-resource"]').waitFor({ state: 'visible' });
				await settle(page);
				await panel.screenshot({ path: saved(name), animations: 'disabled' });
			};
			await form(FILLED_ID, 'set-contact-parameters.png');
			for (const f of FORMS) await form(f.id, f.file);

			// The credential form: n8n opens it from /home/credentials/<id> and tests it at once, so the
			// picture uses the credential that reaches the emulator (Custom), whose test passes here.
			await page.goto(`${editor.url}/home/credentials/engageLabEmu0001`, { waitUntil: 'networkidle' });
			const modal = page.locator('[data-test-id="editCredential-modal"]');
			await modal.waitFor({ state: 'visible', timeout: 60_000 });
			await page.getByText('Connection tested successfully').waitFor({ state: 'visible', timeout: 30_000 });
			await settle(page);
			await modal.screenshot({ path: saved('credential.png'), animations: 'disabled' });

			// The error panel: run the workflow once in the editor (EngageLab answers 55108 on HTTP 200), open the node.
			emulator.reset();
			emulator.script({ status: 200, body: JSON.stringify({ code: 55108, message: CHINESE_MESSAGE }) });
			await page.goto(`${editor.url}/workflow/${WORKFLOW_ID}`, { waitUntil: 'networkidle' });
			await page.locator('[data-test-id="execute-workflow-button"]').first().click();
			await page.locator(`[data-node-name="${ERROR_NODE}"]`).first().waitFor({ state: 'visible' });
			await page.waitForTimeout(4000); // the run and its push message
			await page.locator(`[data-node-name="${ERROR_NODE}"]`).first().dblclick();
			const panel = page.locator('[data-test-id="ndv"]');
			await panel.waitFor({ state: 'visible', timeout: 60_000 });
			const details = panel.locator('.node-error-view details > summary').first();
			await details.waitFor({ state: 'visible', timeout: 30_000 });
			await details.click();
			// The toast repeats the panel's title over the bottom of the panel: closed for the picture.
			await page.locator('.el-notification__closeBtn').first().click({ timeout: 5_000 }).catch(() => undefined);
			await settle(page);
			await panel.screenshot({ path: saved('error-panel.png'), animations: 'disabled' });
			if (emulator.received.length !== 1) throw new Error(`the error run sent ${emulator.received.length} requests, expected 1`);
		} finally {
			await editor.stop();
		}
	} finally {
		await browser.close();
		await emulator.stop();
		n8n.remove();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
