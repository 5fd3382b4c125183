/**
 * `node tools/.build/tools/screenshot/push.js` (after `npm run build && npm run build:scripts`):
 * docs/push/guide.md's pictures of the App Push / Web Push forms in the real n8n editor, with each
 * push credential pointed at its own strict push emulator (test/support/emulator/push), so the tag
 * pickers and the credential test load from it as they do from EngageLab. Each picture is checked
 * for what it is for: the fields it is meant to show are on screen, and fields of the other
 * product are not. Saves docs/images/<shot>.png; `SHOTS=web-push-send-parameters,…` retakes only
 * some. Needs Debian's Chromium, as screenshot.ts.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { chromium, type Locator, type Page } from 'playwright-core';

import { PushEmulator } from '../../test/support/emulator/push/pushEmulator';
import { ensureN8n, N8N_VERSIONS } from '../../test/support/realN8n/install';
import { N8nUserFolder, OWNER, packPackage } from '../../test/support/realN8n/n8n';
import { REPO_ROOT } from '../../test/support/realN8n/paths';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const TRIGGER = 'When clicking ‘Execute workflow’';
const NODE_ID = 'c1b2c3d4-0005-4000-8000-000000000002';
const APP = { type: 'engageLabAppPushApi', id: 'engageLabShotApp', name: 'EngageLab App Push account' };
const WEB = { type: 'engageLabWebPushApi', id: 'engageLabShotWeb', name: 'EngageLab Web Push account' };
const HOOK = { type: 'engageLabWebhookApi', id: 'engageLabShotHok', name: 'EngageLab callbacks' };
const picked = (value: string) => ({ __rl: true, mode: 'list', value, cachedResultName: value });

interface NodeShot {
	file: string;
	/** Workflow id (16 characters). */
	id: string;
	type: string;
	typeVersion: number;
	parameters: object;
	credential: { type: string; id: string; name: string };
	/** Labels that must be on screen in the picture, and labels that must not be in the form at all. */
	shows: string[];
	hides?: string[];
	/** A taller window for a long form, so that the panel holds all of it. */
	height?: number;
}

const SHOTS: NodeShot[] = [
	{
		file: 'app-push-send-parameters.png',
		id: 'elabShotAppSend1',
		type: 'n8n-nodes-engagelab.engageLab',
		typeVersion: 2,
		parameters: {
			resource: 'appPush',
			operation: 'send',
			audience: 'custom',
			audienceFilters: { tags: picked('vip') },
			content: 'notification',
			alert: 'Your order A-1001 has shipped',
			platform: ['android', 'ios'],
			android: { title: 'Order shipped', channelId: 'orders', intentUrl: 'shop://orders/A-1001' },
			ios: { title: 'Order shipped', sound: 'default', badge: '+1', interruptionLevel: 'time-sensitive' },
			validateOnly: false,
			pushOptions: { duplicateProtection: true, timeToLive: 3600 },
		},
		credential: APP,
		shows: ['Audience Filters', 'Tags (Any)', 'Alert', 'Platforms', 'Android', 'Channel ID', 'iOS', 'Interruption Level', 'Validate Only', 'Duplicate Protection', 'Time To Live (Seconds)'],
		hides: ['Web', 'Browser Channel Distribution'],
		height: 1900,
	},
	{
		file: 'web-push-send-parameters.png',
		id: 'elabShotWebSnd1',
		type: 'n8n-nodes-engagelab.engageLab',
		typeVersion: 2,
		parameters: {
			resource: 'webPush',
			operation: 'send',
			audience: 'custom',
			audienceFilters: { aliases: 'buyer-1' },
			content: 'notification',
			alert: 'Back in stock: the blue kettle',
			web: {
				title: 'Acme Shop',
				url: 'https://shop.example/item/1',
				icon: 'https://shop.example/icon.png',
				buttons: { button: [{ text: 'View item', url: 'https://shop.example/item/1' }, { text: 'My orders', url: 'https://shop.example/orders' }] },
			},
			pushOptions: {},
		},
		credential: WEB,
		shows: ['Aliases', 'Alert', 'Web', 'Title', 'URL', 'Icon URL', 'Buttons', 'Validate Only'],
		hides: ['Platforms', 'Segment ID', 'iOS', 'HarmonyOS'],
		height: 2150,
	},
	{
		file: 'app-push-update-device-parameters.png',
		id: 'elabShotAppDev1',
		type: 'n8n-nodes-engagelab.engageLab',
		typeVersion: 2,
		parameters: { resource: 'appPush', operation: 'updateDevice', registrationId: '1a0018970ab49abda3e', updateFields: { addTags: 'vip, gold', removeTags: 'trial', alias: 'customer_7' } },
		credential: APP,
		shows: ['Registration ID', 'Tags to Add', 'Tags to Remove', 'Alias'],
	},
	{
		file: 'app-push-send-batch-parameters.png',
		id: 'elabShotAppBat1',
		type: 'n8n-nodes-engagelab.engageLab',
		typeVersion: 2,
		parameters: { resource: 'appPush', operation: 'sendBatch', targetType: 'regid', target: '={{ $json.devices }}', platform: ['android'], content: 'notification', alert: "={{ 'Order ' + $json.order + ' shipped' }}" },
		credential: APP,
		shows: ['Target Type', 'Target', 'Content', 'Alert'],
		hides: ['Audience Filters'],
		height: 1300,
	},
	{
		file: 'app-push-create-schedule-parameters.png',
		id: 'elabShotAppSch1',
		type: 'n8n-nodes-engagelab.engageLab',
		typeVersion: 2,
		parameters: {
			resource: 'appPush',
			operation: 'createSchedule',
			scheduleName: 'Weekly digest',
			trigger: 'periodical',
			startAt: '2026-12-08T00:00:00',
			endAt: '2027-06-30T00:00:00',
			timeOfDay: '09:00',
			repeat: 'day',
			frequency: 1,
			audience: 'all',
			content: 'notification',
			alert: 'Your daily digest is ready',
		},
		credential: APP,
		shows: ['Start', 'End', 'Time Of Day', 'Every', 'Audience', 'Alert'],
		height: 1700,
	},
	{
		file: 'trigger-push.png',
		id: 'elabShotTrigPsh',
		type: 'n8n-nodes-engagelab.engageLabTrigger',
		typeVersion: 3,
		parameters: { product: 'push', verification: 'signature', events: [] },
		credential: HOOK,
		shows: ['Product', 'Events', 'Verification'],
	},
];

/** The App Push credential form, tested at once by the editor: against the App Push emulator (Custom URL). */
const CREDENTIAL_SHOT = { file: 'push-credential.png', id: APP.id };

function workflow(shot: NodeShot): object {
	const node = {
		id: NODE_ID,
		name: shot.type.endsWith('Trigger') ? 'EngageLab Trigger' : 'EngageLab',
		type: shot.type,
		typeVersion: shot.typeVersion,
		position: [240, 0],
		parameters: shot.parameters,
		credentials: { [shot.credential.type]: { id: shot.credential.id, name: shot.credential.name } },
		...(shot.type.endsWith('Trigger') && { webhookId: 'elab-shot-push-callbacks' }),
	};
	const manual = { id: 'c1b2c3d4-0005-4000-8000-000000000001', name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	return {
		id: shot.id,
		name: `EngageLab: ${shot.file.replace(/(-parameters)?\.png$/, '')}`,
		nodes: shot.type.endsWith('Trigger') ? [node] : [manual, node],
		connections: shot.type.endsWith('Trigger') ? {} : { [TRIGGER]: { main: [[{ node: 'EngageLab', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Whether a label (exactly this text, with or without a required field's "*") is inside the
 * area the picture takes: visible, and not scrolled out of the panel or the window.
 */
async function onScreen(page: Page, area: Locator, text: string): Promise<boolean> {
	const box = await area.boundingBox();
	const viewport = page.viewportSize();
	if (!box || !viewport) return false;
	const bottom = Math.min(box.y + box.height, viewport.height);
	for (const match of await area.getByText(new RegExp(`^\\s*${escaped(text)}\\s*\\*?\\s*$`)).all()) {
		const at = (await match.isVisible()) ? await match.boundingBox() : null;
		if (at && at.y >= box.y && at.y + at.height <= bottom && at.x >= box.x && at.x + at.width <= box.x + box.width) return true;
	}
	return false;
}

async function shootNode(page: Page, url: string, shot: NodeShot, output: string): Promise<boolean> {
	await page.setViewportSize({ width: 1280, height: shot.height ?? 1000 });
	await page.goto(`${url}/workflow/${shot.id}/${NODE_ID}`, { waitUntil: 'networkidle' });
	const panel = page.locator('[data-test-id="ndv"]');
	await panel.waitFor({ state: 'visible', timeout: 60_000 });
	await panel.getByText(shot.shows[0], { exact: true }).first().waitFor({ state: 'visible', timeout: 60_000 });
	await page.waitForTimeout(3000); // tag pickers load from the emulator; fonts and the panel's animation
	const missing: string[] = [];
	for (const text of shot.shows) if (!(await onScreen(page, panel, text))) missing.push(text);
	const present: string[] = [];
	for (const text of shot.hides ?? []) if ((await panel.getByText(text, { exact: true }).count()) > 0) present.push(text);
	console.log(`${shot.file}: not on screen: ${missing.join(', ') || 'none'}; in the form but should not be: ${present.join(', ') || 'none'}`);
	await panel.screenshot({ path: output, animations: 'disabled' });
	return missing.length === 0 && present.length === 0;
}

/** The credential form with its Data Center list open (n8n draws the list outside the modal: the picture is the modal's area of the page). */
async function shootCredential(page: Page, url: string, output: string): Promise<boolean> {
	await page.setViewportSize({ width: 1280, height: 1000 });
	await page.goto(`${url}/home/credentials/${CREDENTIAL_SHOT.id}`, { waitUntil: 'networkidle' });
	const modal = page.locator('[data-test-id="editCredential-modal"]');
	await modal.waitFor({ state: 'visible', timeout: 60_000 });
	await page.waitForTimeout(3000); // the credential test against the emulator
	const tested = await onScreen(page, modal, 'Connection tested successfully');
	const fields = await Promise.all(['AppKey', 'Master Secret', 'Data Center'].map((t) => onScreen(page, modal, t)));
	await modal.locator('[data-test-id="parameter-input-host"]').click();
	await page.waitForTimeout(1000);
	const box = await modal.boundingBox();
	if (!box) return false;
	const listed = await Promise.all(['Singapore', 'Virginia', 'Frankfurt', 'Hong Kong', 'Japan', 'Brazil'].map(async (t) => {
		const option = page.locator('.el-select-dropdown__item, [role="option"]').filter({ hasText: t }).first();
		const at = (await option.isVisible()) ? await option.boundingBox() : null;
		return at !== null && at.y + at.height <= box.y + box.height;
	}));
	console.log(`${CREDENTIAL_SHOT.file}: AppKey, Master Secret, Data Center on screen: ${fields.join(', ')}; data centers listed: ${listed.join(', ')}; credential test passed: ${tested}`);
	await page.screenshot({ path: output, clip: box, animations: 'disabled' });
	return fields.every(Boolean) && listed.every(Boolean) && tested;
}

async function main(): Promise<void> {
	if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}. Install Debian's: apt-get install -y chromium`);
	const only = process.env.SHOTS?.split(',').map((s) => s.trim().replace(/\.png$/, ''));
	const wanted = (file: string) => !only || only.includes(file.replace(/\.png$/, ''));
	const target = N8N_VERSIONS.find((v) => v.version === (process.env.E2E_N8N ?? '2.41.1')) ?? N8N_VERSIONS[N8N_VERSIONS.length - 1];
	const app = new PushEmulator({ product: 'appPush', realClock: true });
	const web = new PushEmulator({ product: 'webPush', realClock: true });
	const [appUrl, webUrl] = await Promise.all([app.start(), web.start()]);
	// The tag pickers list these (GET /v4/tags).
	app.addDevice('1a0018970ab49abda3e', { tags: ['vip', 'buyers'] });
	web.addDevice('web-device-0001', { platform: 'web', tags: ['vip', 'newsletter'], alias: 'buyer-1' });
	const n8n = N8nUserFolder.create(await ensureN8n(target), packPackage());
	const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'] });
	let ok = true;
	try {
		await n8n.importCredentials([
			{ ...APP, data: { appKey: app.options.appKey, masterSecret: app.options.masterSecret, host: 'custom', baseUrl: appUrl } },
			{ ...WEB, data: { appKey: web.options.appKey, masterSecret: web.options.masterSecret, host: 'custom', baseUrl: webUrl } },
			{ ...HOOK, data: { username: 'callback-user', secret: 'your-callback-secret' } },
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
			const requests = (e: PushEmulator) => e.requests.map((r) => `${r.method} ${r.path}`).join(', ') || 'none';
			console.log(`n8n ${target.version}, requests to the App Push emulator: ${requests(app)}; to the Web Push emulator: ${requests(web)}`);
			if (!ok) process.exitCode = 2;
		} finally {
			await editor.stop();
		}
	} finally {
		await browser.close();
		await Promise.all([app.stop(), web.stop()]);
		n8n.remove();
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
