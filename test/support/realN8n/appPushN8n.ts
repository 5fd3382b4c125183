/**
 * The set-up the App Push e2e files share: a push emulator on the real clock, a fresh n8n user
 * folder of one pinned version with the packed package, the App Push credential pointed at the
 * emulator (id `engageLabPush001`) and the file's workflows; all removed after the file.
 * Registers its own beforeAll/afterAll: call it at the top of a describe.
 */
import { PushEmulator } from '../emulator/push/pushEmulator';
import { ensureN8n, type N8nVersion } from './install';
import { N8nUserFolder, packPackage } from './n8n';

export function appPushInRealN8n(target: N8nVersion, workflowFiles: string[]): { push: PushEmulator; n8n: () => N8nUserFolder } {
	const push = new PushEmulator({ realClock: true });
	let n8n: N8nUserFolder | undefined;

	beforeAll(async () => {
		const install = await ensureN8n(target);
		const url = await push.start();
		n8n = N8nUserFolder.create(install, packPackage());
		const { appKey, masterSecret } = push.options;
		await n8n.importCredentials([
			{ id: 'engageLabPush001', name: 'EngageLab App Push account', type: 'engageLabAppPushApi', data: { appKey, masterSecret, host: 'custom', baseUrl: url } },
		]);
		await n8n.importWorkflows(workflowFiles);
	}, 20 * 60_000);

	afterAll(async () => {
		await push.stop();
		n8n?.remove();
	});

	return {
		push,
		n8n: () => {
			if (!n8n) throw new Error('n8n is not set up (beforeAll failed)');
			return n8n;
		},
	};
}
