/**
 * `node tools/.build/tools/screenshot/messaging.js` (after `npm run build && npm run build:scripts`):
 * the messaging guide's picture of SMS → Send in the real n8n editor, with the SMS credential
 * pointed at the local SMS emulator so the template picker and the template's variables load as
 * they do against EngageLab. It also checks what the picture is for: Resource stays a parameter of
 * the node (n8n did not take it for the credential selector) and the variables are fields.
 * Saves docs/images/sms-send-parameters.png. Needs Debian's Chromium, as screenshot.ts.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { chromium } from 'playwright-core';

import { ensureN8n, N8N_VERSIONS } from '../../test/e2e/lib/install';
import { N8nUserFolder, OWNER, packPackage } from '../../test/e2e/lib/n8n';
import { REPO_ROOT } from '../../test/e2e/lib/paths';
import { SMS_KEY, SMS_SECRET, smsEmulator } from '../../test/emulator/messaging/sms';

const OUTPUT = path.join(REPO_ROOT, 'docs/images/sms-send-parameters.png');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const WORKFLOW_ID = 'elabShotSmsSend1';
const NODE_ID = 'c1b2c3d4-0004-4000-8000-000000000002';

function workflow(): object {
	return {
		id: WORKFLOW_ID,
		name: 'EngageLab: SMS → Send',
		nodes: [
			{ id: 'c1b2c3d4-0004-4000-8000-000000000001', name: 'When clicking ‘Execute workflow’', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: NODE_ID,
				name: 'EngageLab',
				type: 'n8n-nodes-engagelab.engageLab',
				typeVersion: 2,
				position: [240, 0],
				parameters: {
					resource: 'sms',
					operation: 'send',
					to: '+6591234567',
					template: { __rl: true, mode: 'list', value: '123456789', cachedResultName: 'Order Notification (123456789)' },
					templateVariables: {
						mappingMode: 'defineBelow',
						value: { order_no: 'A-1001', delivery_time: 'Friday' },
						matchingColumns: [],
						schema: ['order_no', 'delivery_time'].map((id) => ({ id, displayName: id, required: true, defaultMatch: false, display: true, type: 'string', canBeUsedToMatch: false })),
					},
					options: {},
				},
				credentials: { engageLabSmsApi: { id: 'engageLabShotSms', name: 'EngageLab SMS account' } },
			},
		],
		connections: { 'When clicking ‘Execute workflow’': { main: [[{ node: 'EngageLab', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

async function main(): Promise<void> {
	if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}. Install Debian's: apt-get install -y chromium`);
	const target = N8N_VERSIONS.find((v) => v.version === (process.env.E2E_N8N ?? '2.41.1')) ?? N8N_VERSIONS[N8N_VERSIONS.length - 1];
	const sms = smsEmulator();
	const smsUrl = await sms.start();
	const n8n = N8nUserFolder.create(await ensureN8n(target), packPackage());
	const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
	try {
		await n8n.importCredentials([
			{ id: 'engageLabShotSms', name: 'EngageLab SMS account', type: 'engageLabSmsApi', data: { devKey: SMS_KEY, devSecret: SMS_SECRET, host: 'custom', baseUrl: smsUrl } },
		]);
		const file = path.join(n8n.root, 'sms-workflow.json');
		writeFileSync(file, JSON.stringify(workflow()));
		await n8n.importWorkflows([file]);
		const editor = await n8n.startEditor();
		try {
			const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1, colorScheme: 'light', locale: 'en-US' });
			const page = await context.newPage();
			const login = await context.request.post(`${editor.url}/rest/login`, { data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password } });
			if (!login.ok()) throw new Error(`login failed: HTTP ${login.status()} ${await login.text()}`);
			await page.goto(`${editor.url}/workflow/${WORKFLOW_ID}/${NODE_ID}`, { waitUntil: 'networkidle' });
			const panel = page.locator('[data-test-id="ndv"]');
			await panel.waitFor({ state: 'visible', timeout: 60_000 });
			await page.locator('[data-test-id="parameter-input-to"]').waitFor({ state: 'visible', timeout: 60_000 });
			await page.waitForTimeout(3000); // the resource mapper's fields load from the emulator
			const resourceShown = await page.locator('[data-test-id="parameter-input-resource"]').isVisible();
			const variablesShown = await page.getByText('delivery_time').first().isVisible();
			console.log(`n8n ${target.version}: Resource shown as a parameter: ${resourceShown}; template variables shown: ${variablesShown}; requests to the SMS emulator: ${sms.received.map((r) => `${r.method} ${r.path}`).join(', ') || 'none'}`);
			mkdirSync(path.dirname(OUTPUT), { recursive: true });
			await panel.screenshot({ path: OUTPUT, animations: 'disabled' });
			console.log(`saved ${path.relative(REPO_ROOT, OUTPUT)}`);
			if (!resourceShown) process.exitCode = 2;
		} finally {
			await editor.stop();
		}
	} finally {
		await browser.close();
		await sms.stop();
		n8n.remove();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
