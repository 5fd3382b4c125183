/**
 * `npm run bench:trigger`: 100 EngageLab callbacks posted at once to a real n8n, side by side
 * with n8n's own Webhook node, per pinned n8n version and expression-engine setting. EngageLab
 * wants each callback answered within 3 s; this prints what a machine and n8n's settings give.
 *
 * Flows, each published in one n8n: n8n's Webhook node (On Received, no auth), the EngageLab
 * Trigger version 2 (signed SMS callbacks) and version 1 (the same). Each burst waits until the
 * previous one's executions have finished; each flow gets two bursts, in alternating order.
 * Printed per burst: answer times (median, max), the n8n process's CPU per callback (from
 * /proc, executions included), and whether every callback started its execution.
 *
 * Why settings: from n8n 2.x, expressions run in an isolate, and n8n creates a fresh isolate for
 * each webhook request to any trigger except its own Webhook node, whether or not an expression
 * is evaluated; N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true makes n8n create one only when needed.
 * Version-1 webhook nodes cost one more expression per request (docs/callbacks.md).
 *
 * BENCH_TRIGGER_N8N=2.41.1 picks versions (comma-separated), BENCH_TRIGGER_CALLBACKS the burst size.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { batch, smsStatus } from '../test/support/emulator/callbacks/samples';
import { post, signed, TEST_CALLBACK_SECRETS as S, unsigned, type CallbackRequest } from '../test/support/emulator/callbacks/sender';
import { ensureN8n, N8N_VERSIONS } from '../test/support/realN8n/install';
import { N8nUserFolder, packPackage, type N8nEditor } from '../test/support/realN8n/n8n';
import { REPO_ROOT } from '../test/support/realN8n/paths';

const WORKFLOWS = path.join(REPO_ROOT, 'test/e2e/workflows');
const CALLBACKS = Number(process.env.BENCH_TRIGGER_CALLBACKS ?? '100');
const versions = N8N_VERSIONS.filter((v) => !process.env.BENCH_TRIGGER_N8N || process.env.BENCH_TRIGGER_N8N.split(',').includes(v.version));

interface Flow {
	name: string;
	workflowId: string;
	path: string;
	request: (url: string, id: string) => CallbackRequest;
}

const FLOWS: Flow[] = [
	{ name: "n8n's Webhook node", workflowId: 'elabTrigBase0001', path: '/webhook/elab-e2e-baseline', request: (url, id) => unsigned(url, batch([smsStatus(id)])) },
	{ name: 'EngageLab Trigger v2', workflowId: 'elabTrigSms00001', path: '/webhook/elab-e2e-sms/webhook', request: (url, id) => signed(url, S, batch([smsStatus(id)])) },
	{ name: 'EngageLab Trigger v1', workflowId: 'elabTrigSmsV1001', path: '/webhook/elab-bench-sms-v1/webhook', request: (url, id) => signed(url, S, batch([smsStatus(id)])) },
];

interface Setting {
	name: string;
	env: Record<string, string>;
	/** Only n8n versions with the isolate expression engine know the setting. */
	needsIsolateEngine: boolean;
}

const SETTINGS: Setting[] = [
	{ name: 'n8n defaults', env: {}, needsIsolateEngine: false },
	{ name: 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true', env: { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' }, needsIsolateEngine: true },
];

/** CPU milliseconds the process has used (user + system), from /proc. */
function cpuMs(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
	return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function executionCount(editor: N8nEditor, workflowId: string): Promise<{ total: number; unfinished: number }> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
	const page = await editor.rest<{ count: number; results: Array<{ status: string }> }>('GET', `/rest/executions?filter=${filter}&limit=100`);
	return { total: page.count, unfinished: page.results.filter((e) => e.status === 'running' || e.status === 'new').length };
}

async function burst(editor: N8nEditor, flow: Flow, round: number): Promise<string> {
	const before = await executionCount(editor, flow.workflowId);
	const pid = editor.process.pid!;
	const load = os.loadavg()[0];
	const cpuBefore = cpuMs(pid);
	const answers = await Promise.all(Array.from({ length: CALLBACKS }, (_, i) => post(flow.request(editor.url + flow.path, `${round}${String(i).padStart(4, '0')}`))));
	const until = Date.now() + 180_000;
	let now = await executionCount(editor, flow.workflowId);
	while ((now.total < before.total + CALLBACKS || now.unfinished > 0) && Date.now() < until) {
		await sleep(250);
		now = await executionCount(editor, flow.workflowId);
	}
	const cpuPerCallback = (cpuMs(pid) - cpuBefore) / CALLBACKS;
	const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
	const non200 = answers.filter((a) => a.status !== 200).length;
	const started = now.total - before.total;
	return `| ${flow.name} | ${Math.round(ms[Math.floor(ms.length / 2)])} | ${Math.round(ms[ms.length - 1])} | ${cpuPerCallback.toFixed(0)} | ${non200} | ${started}/${CALLBACKS} | ${load.toFixed(1)} |`;
}

async function measure(version: (typeof N8N_VERSIONS)[number], setting: Setting): Promise<string[]> {
	const install = await ensureN8n(version);
	const n8n = N8nUserFolder.create(install, packPackage());
	const rows: string[] = [];
	let editor: N8nEditor | undefined;
	try {
		await n8n.importCredentials([{ id: 'elabWebhookCred1', name: 'EngageLab callbacks (bench)', type: 'engageLabWebhookApi', data: { ...S } }]);
		const v2 = JSON.parse(readFileSync(path.join(WORKFLOWS, 'trigger-sms.json'), 'utf8'));
		const v1 = { ...v2, id: 'elabTrigSmsV1001', name: 'bench: SMS callbacks, trigger version 1' };
		v1.nodes = v2.nodes.map((node: Record<string, unknown>) => ({ ...node, typeVersion: 1, webhookId: 'elab-bench-sms-v1' }));
		const v1File = path.join(n8n.root, 'trigger-sms-v1.json');
		writeFileSync(v1File, JSON.stringify(v1));
		await n8n.importWorkflows([path.join(WORKFLOWS, 'trigger-baseline.json'), path.join(WORKFLOWS, 'trigger-sms.json'), v1File]);
		for (const flow of FLOWS) {
			const published = await n8n.cli(['publish:workflow', `--id=${flow.workflowId}`]);
			if (published.code !== 0) throw new Error(`publish:workflow ${flow.workflowId} failed:\n${published.stderr}`);
		}
		editor = await n8n.startEditor({ extraEnv: setting.env });
		for (const flow of FLOWS) {
			const until = Date.now() + 120_000;
			while ((await post(unsigned(editor.url + flow.path, {}))).status === 404) {
				if (Date.now() > until) throw new Error(`${flow.name}: webhook never registered`);
				await sleep(500);
			}
		}
		const order = [...FLOWS, ...[...FLOWS].reverse()];
		for (const [round, flow] of order.entries()) {
			await sleep(2000);
			rows.push(await burst(editor, flow, round));
		}
	} finally {
		await editor?.stop();
		n8n.remove();
	}
	return rows;
}

async function main(): Promise<void> {
	console.log(`${CALLBACKS} callbacks at once, ${os.cpus().length} CPUs; answer times in ms; CPU = n8n's process per callback, executions included\n`);
	for (const version of versions) {
		const isolateEngine = version.version !== '2.8.4';
		for (const setting of SETTINGS.filter((s) => isolateEngine || !s.needsIsolateEngine)) {
			console.log(`### n8n ${version.version}, ${setting.name}\n`);
			console.log('| flow | median | max | CPU ms | not 200 | executions | load |');
			console.log('|---|---|---|---|---|---|---|');
			for (const row of await measure(version, setting)) console.log(row);
			console.log('');
		}
	}
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
