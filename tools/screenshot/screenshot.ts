/**
 * `npm run screenshot`: the README's picture of the node's parameters, taken in the real n8n editor.
 *
 * Packs this package, installs it into a fresh n8n user folder (as e2e does), imports a credential
 * and a small workflow, starts `n8n start` (owner set up through the REST API), then drives headless
 * Chromium with playwright-core: logs in as the owner, opens the workflow with the EngageLab node's
 * parameter panel, and saves a PNG to docs/images/set-contact-parameters.png.
 *
 * Needs Debian's Chromium (not a browser downloaded by Playwright):  apt-get install -y chromium
 * Another binary: CHROMIUM=/path/to/chrome npm run screenshot.  n8n version: E2E_N8N=2.8.4 (default 2.41.1).
 * Not part of CI (Chromium is not guaranteed there); run it by hand after changing the node's UI.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { chromium } from 'playwright-core';

import { ensureN8n, N8N_VERSIONS } from '../../test/e2e/lib/install';
import { N8nUserFolder, OWNER, packPackage } from '../../test/e2e/lib/n8n';
import { REPO_ROOT } from '../../test/e2e/lib/paths';

const OUTPUT = path.join(REPO_ROOT, 'docs/images/set-contact-parameters.png');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const WORKFLOW_ID = 'elabScreenshot01';
const NODE_ID = 'c1b2c3d4-0003-4000-8000-000000000002';

/** What the picture shows: a filled-in Set Contact, one field mapped from the input as users do. */
const workflow = {
	id: WORKFLOW_ID,
	name: 'EngageLab: Set Contact',
	nodes: [
		{ id: 'c1b2c3d4-0003-4000-8000-000000000001', name: 'When clicking ‘Execute workflow’', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: NODE_ID,
			name: 'EngageLab',
			type: 'n8n-nodes-engagelab.engageLab',
			typeVersion: 1,
			position: [240, 0],
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
			credentials: { engageLabApi: { id: 'engageLabShot001', name: 'EngageLab account' } },
		},
	],
	connections: { 'When clicking ‘Execute workflow’': { main: [[{ node: 'EngageLab', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
	active: false,
};

async function main(): Promise<void> {
	if (!existsSync(CHROMIUM)) {
		throw new Error(`No Chromium at ${CHROMIUM}. Install Debian's: apt-get install -y chromium (or set CHROMIUM=/path/to/chrome)`);
	}
	const target = N8N_VERSIONS.find((v) => v.version === (process.env.E2E_N8N ?? '2.41.1')) ?? N8N_VERSIONS[N8N_VERSIONS.length - 1];
	const n8n = N8nUserFolder.create(await ensureN8n(target), packPackage());
	const browser = await chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
	});
	try {
		await n8n.importCredentials([
			{ id: 'engageLabShot001', name: 'EngageLab account', type: 'engageLabApi', data: { apiKey: 'your-api-key', apiSecret: 'your-api-secret', dataCenter: 'singapore' } },
		]);
		const file = path.join(n8n.root, 'screenshot-workflow.json');
		writeFileSync(file, JSON.stringify(workflow));
		await n8n.importWorkflows([file]);
		const editor = await n8n.startEditor();
		try {
			console.log(`n8n ${target.version} editor at ${editor.url}; taking the screenshot with ${CHROMIUM}`);
			const context = await browser.newContext({ viewport: { width: 1280, height: 940 }, deviceScaleFactor: 1, colorScheme: 'light', locale: 'en-US' });
			const page = await context.newPage();
			// The owner's session cookie, through the same REST login the editor's sign-in form uses.
			const login = await context.request.post(`${editor.url}/rest/login`, { data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password } });
			if (!login.ok()) throw new Error(`login failed: HTTP ${login.status()} ${await login.text()}`);
			// n8n opens a node's parameter panel from the URL /workflow/<id>/<node id>.
			await page.goto(`${editor.url}/workflow/${WORKFLOW_ID}/${NODE_ID}`, { waitUntil: 'networkidle' });
			const panel = page.locator('[data-test-id="ndv"]');
			await panel.waitFor({ state: 'visible', timeout: 60_000 });
			await page.locator('[data-test-id="parameter-input-euid"]').waitFor({ state: 'visible' });
			await page.waitForTimeout(1000); // fonts, icons and the panel's opening animation
			mkdirSync(path.dirname(OUTPUT), { recursive: true });
			await panel.screenshot({ path: OUTPUT, animations: 'disabled' });
			console.log(`saved ${path.relative(REPO_ROOT, OUTPUT)}`);
		} finally {
			await editor.stop();
		}
	} finally {
		await browser.close();
		n8n.remove();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
