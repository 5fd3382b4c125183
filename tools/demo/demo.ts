/**
 * `npm run demo`: the example workflow (a CRM export with one bad row → EngageLab Set Contact) in a
 * real n8n with the packed package installed, against the local emulator, and a readable summary.
 * With ENGAGELAB_API_KEY and ENGAGELAB_API_SECRET set (and optionally ENGAGELAB_DATA_CENTER:
 * singapore | virginia), the same workflow runs against the real EngageLab instead.
 */
import path from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { EngageLabEmulator, TEST_KEY, TEST_SECRET } from '../../test/support/emulator/ma/maEmulator';
import { ensureN8n, N8N_VERSIONS } from '../../test/support/realN8n/install';
import { N8nUserFolder, packPackage } from '../../test/support/realN8n/n8n';
import { REPO_ROOT } from '../../test/support/realN8n/paths';

const WORKFLOW = path.join(REPO_ROOT, 'tools/demo/crm-export.workflow.json');

async function main(): Promise<number> {
	const real = process.env.ENGAGELAB_API_KEY && process.env.ENGAGELAB_API_SECRET;
	const emulator = real ? undefined : new EngageLabEmulator();
	const url = await emulator?.start();
	const target = N8N_VERSIONS.find((v) => v.version === (process.env.E2E_N8N ?? '2.8.4')) ?? N8N_VERSIONS[0];
	say(`EngageLab demo: n8n ${target.version}, ${real ? `the real EngageLab (${process.env.ENGAGELAB_DATA_CENTER ?? 'singapore'})` : `the local EngageLab emulator at ${url}`}`);
	const n8n = N8nUserFolder.create(await ensureN8n(target), packPackage());
	try {
		await n8n.importCredentials([
			{
				id: 'engageLabDemo001',
				name: 'EngageLab (demo)',
				type: 'engageLabApi',
				data: real
					? { apiKey: process.env.ENGAGELAB_API_KEY, apiSecret: process.env.ENGAGELAB_API_SECRET, dataCenter: process.env.ENGAGELAB_DATA_CENTER ?? 'singapore' }
					: { apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl: url },
			},
		]);
		await n8n.importWorkflows([WORKFLOW]);
		say('running the workflow "CRM export → EngageLab Set Contact" in n8n …');
		const result = await n8n.execute('elabDemoCrm00001');
		if (!result.run) {
			say(`n8n printed no run data (exit ${result.code}):\n${result.stdout.slice(-2000)}${result.stderr.slice(-2000)}`);
			return 1;
		}
		if (emulator) {
			heading(`What EngageLab received (${emulator.received.length} requests)`);
			for (const r of emulator.received) {
				console.log(`  ${r.method} ${r.path}  Authorization: Basic ***  →  HTTP ${r.status} ${r.response}`);
				console.log(`    ${r.rawBody}`);
			}
		}
		const runData = result.run.data.resultData.runData;
		const [synced = [], failed = []] = (runData.EngageLab?.[0]?.data?.main ?? []).map((o) => o ?? []);
		heading(`Success output (${synced.length} items)`);
		synced.forEach((item) => console.log(`  ${describeItem(item)}`));
		heading(`Error output (${failed.length} items)`);
		failed.forEach((item) => console.log(`  ${describeItem(item)}`));
		const error = result.run.data.resultData.error;
		if (error) console.log(`\nThe execution failed: ${error.message}`);
		console.log(`\nn8n exit code ${result.code}; run status "${result.run.status}".`);
		return result.code ?? 1;
	} finally {
		n8n.remove();
		await emulator?.stop();
	}
}

function describeItem(item: INodeExecutionData): string {
	const json = item.json;
	const source = `input #${(item.pairedItem as { item: number }).item}${json.crmId ? ` (${String(json.crmId)})` : ''}`;
	if (json.error) {
		const error = json.error as IDataObject;
		return `${source}: ${String(error.message)}\n      ${String(error.description ?? '')}`;
	}
	return `${source}: EUID ${String(json.euid)} ← ${JSON.stringify(json.contacts)}: code ${String(json.code)} ${String(json.message)}`;
}

function say(message: string): void {
	console.log(`\n${message}`);
}

function heading(title: string): void {
	console.log(`\n${title}\n${'─'.repeat(title.length)}`);
}

main().then(
	(code) => (process.exitCode = code),
	(error: unknown) => {
		console.error(error);
		process.exitCode = 1;
	},
);
