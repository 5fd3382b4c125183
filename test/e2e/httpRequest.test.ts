/**
 * The EngageLab API credential in n8n's own HTTP Request node ("Predefined Credential Type"), for
 * endpoints the EngageLab node does not cover: in a real n8n, the request carries the credential's
 * HTTP Basic auth and EngageLab's answer comes back as the node's output. The URL is typed in full
 * (the credential's data center does not set it). SKIP_E2E=1 skips it; E2E_N8N=2.41.1 picks one version.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeExecutionData, IRun } from 'n8n-workflow';

import { EngageLabEmulator, TEST_KEY, TEST_SECRET } from '../support/emulator/ma/maEmulator';
import { ensureN8n, N8N_VERSIONS } from '../support/realN8n/install';
import { N8nUserFolder, packPackage } from '../support/realN8n/n8n';

const versions = N8N_VERSIONS.filter((v) => !process.env.E2E_N8N || process.env.E2E_N8N.split(',').includes(v.version));
const suite = process.env.SKIP_E2E === '1' ? describe.skip : describe;
const PAIR = Buffer.from(`${TEST_KEY}:${TEST_SECRET}`).toString('base64');

function outputOf(run: IRun | undefined, node: string): INodeExecutionData[] {
	return run?.data.resultData.runData[node]?.[0]?.data?.main?.[0] ?? [];
}

suite.each(versions)('real n8n $version: HTTP Request node with the EngageLab API credential', (target) => {
	const emulator = new EngageLabEmulator();
	let n8n: N8nUserFolder;

	beforeAll(async () => {
		const install = await ensureN8n(target);
		const url = await emulator.start();
		n8n = N8nUserFolder.create(install, packPackage());
		await n8n.importCredentials([
			{ id: 'engageLabCred001', name: 'EngageLab (emulator)', type: 'engageLabApi', data: { apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl: url } },
		]);
		const workflow = readFileSync(path.join(__dirname, 'workflows', 'http-request-credential.json'), 'utf8').replace('EMULATOR_URL', url);
		const file = path.join(n8n.root, 'http-request-credential.json');
		writeFileSync(file, workflow);
		await n8n.importWorkflows([file]);
	}, 20 * 60_000);

	afterAll(async () => {
		await emulator.stop();
		n8n?.remove();
	});

	it('sends the request with the credential and outputs EngageLab\'s answer', async () => {
		const result = await n8n.execute('elabHttpRequest1');

		expect({ code: result.code, status: result.run?.status, error: result.run?.data.resultData.error?.message }).toEqual({ code: 0, status: 'success', error: undefined });
		expect(emulator.received.map((r) => [r.path, r.authorization, r.rawBody.replace(/\s/g, '')])).toEqual([
			['/v1/user/contact', `Basic ${PAIR}`, '{"euid":10362473,"contacts":{"email":"ada@example.com"}}'],
		]);
		expect(outputOf(result.run, 'HTTP Request').map((i) => i.json)).toEqual([{ code: 0, message: 'success' }]);
	}, 180_000);
});
