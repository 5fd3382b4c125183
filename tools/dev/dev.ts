/**
 * `npm run dev`: the n8n editor on http://localhost:5678 with this package loaded from the working
 * tree (rebuilt by tsc --watch and reloaded by n8n), a local EngageLab emulator, a credential for it
 * and the demo workflow. The user folder persists between runs in the e2e cache.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

import { EngageLabEmulator, TEST_KEY, TEST_SECRET } from '../../test/support/emulator/ma/maEmulator';
import { cacheRoot, ensureN8n, N8N_VERSIONS } from '../../test/support/realN8n/install';
import { N8nUserFolder, OWNER, PACKAGE_NAME } from '../../test/support/realN8n/n8n';
import { REPO_ROOT } from '../../test/support/realN8n/paths';

const PORT = Number(process.env.N8N_PORT ?? 5678);

async function main(): Promise<void> {
	const target = N8N_VERSIONS.find((v) => v.version === (process.env.E2E_N8N ?? '2.8.4')) ?? N8N_VERSIONS[0];
	const install = await ensureN8n(target);
	const root = path.join(cacheRoot(), `dev-user-folder-${target.version}`);
	const n8n = N8nUserFolder.open(install, root);
	// The working tree itself, so a rebuild is what n8n loads.
	const link = path.join(root, '.n8n/nodes/node_modules', PACKAGE_NAME);
	mkdirSync(path.dirname(link), { recursive: true });
	rmSync(link, { recursive: true, force: true });
	symlinkSync(REPO_ROOT, link, 'dir');

	const emulator = new EngageLabEmulator();
	const url = await emulator.start();
	await n8n.importCredentials([
		{ id: 'engageLabDemo001', name: 'EngageLab (demo)', type: 'engageLabApi', data: { apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl: url } },
	]);
	await n8n.importWorkflows([path.join(REPO_ROOT, 'tools/demo/crm-export.workflow.json')]);

	const tsc = spawn(path.join(REPO_ROOT, 'node_modules/.bin/tsc'), ['-p', 'tsconfig.json', '--watch', '--preserveWatchOutput'], {
		cwd: REPO_ROOT,
		stdio: 'inherit',
	});
	const editor = await n8n.startEditor({ port: PORT, stdio: 'inherit', extraEnv: { N8N_DEV_RELOAD: 'true' } });
	const stop = () => {
		tsc.kill('SIGTERM');
		void editor.stop();
		void emulator.stop();
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	editor.process.once('exit', stop);
	console.log(
		`\nn8n editor: http://localhost:${PORT}  (log in as ${OWNER.email} / ${OWNER.password})` +
			`\nEngageLab emulator: ${url}, used by the credential "EngageLab (demo)"; workflow "EngageLab demo: CRM export → Set Contact".` +
			'\nEdit nodes/ or credentials/: tsc rebuilds dist/ and n8n reloads the node. Ctrl+C stops everything.\n',
	);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
