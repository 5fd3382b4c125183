/**
 * The packed package inside a real n8n, loaded the way n8n loads a community package, running the
 * workflows in test/e2e/workflows through n8n's CLI against the emulator. Both the oldest supported
 * n8n and the newest that installs here. SKIP_E2E=1 skips it; E2E_N8N=2.8.4 picks one version.
 */
import path from 'node:path';

import type { IDataObject, INodeExecutionData, IRun } from 'n8n-workflow';

import { ERROR_CODES } from '../../nodes/EngageLab/transport/errorCodes';
import { EngageLabEmulator, TEST_KEY, TEST_SECRET } from '../emulator/server';
import { ensureN8n, N8N_VERSIONS } from './lib/install';
import { N8nUserFolder, packPackage } from './lib/n8n';

const WORKFLOWS = path.join(__dirname, 'workflows');
const versions = N8N_VERSIONS.filter((v) => !process.env.E2E_N8N || process.env.E2E_N8N.split(',').includes(v.version));
const suite = process.env.SKIP_E2E === '1' ? describe.skip : describe;

function outputsOf(run: IRun | undefined, node: string): INodeExecutionData[][] {
	return (run?.data.resultData.runData[node]?.[0]?.data?.main ?? []).map((o) => o ?? []);
}

suite.each(versions)('real n8n $version', (target) => {
	const emulator = new EngageLabEmulator();
	let n8n: N8nUserFolder;

	beforeAll(async () => {
		const install = await ensureN8n(target);
		const url = await emulator.start();
		n8n = N8nUserFolder.create(install, packPackage());
		await n8n.importCredentials([
			{ id: 'engageLabCred001', name: 'EngageLab (emulator)', type: 'engageLabApi', data: { apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl: `${url}/` } },
			{ id: 'engageLabBadSec1', name: 'EngageLab (wrong secret)', type: 'engageLabApi', data: { apiKey: TEST_KEY, apiSecret: 'not-the-secret', dataCenter: 'custom', baseUrl: url } },
		]);
		await n8n.importWorkflows(['crm-sync', 'big-euid', 'error-codes', 'fail-stop', 'wrong-secret'].map((w) => path.join(WORKFLOWS, `${w}.json`)));
	}, 20 * 60_000);

	afterAll(async () => {
		await emulator.stop();
		n8n?.remove();
	});

	beforeEach(() => emulator.reset());

	it('CRM sync: EngageLab receives exactly the expected bodies, outputs are paired to inputs', async () => {
		const result = await n8n.execute('elabCrmSync00001');

		expect(result.code).toBe(0);
		expect(result.run?.status).toBe('success');
		expect(emulator.received.map((r) => r.rawBody)).toEqual([
			'{"euid":10362473,"contacts":{"email":"ada@example.com","mobile_phone":"18023456879"}}',
			'{"euid":10362474,"contacts":{"email":"grace@example.com","landline_phone":"02012345678"}}',
			'{"euid":10362475,"contacts":{"mobile_phone":"18000000003","whatsapp_phone":"8618000000003"}}',
		]);
		expect(emulator.received.every((r) => r.authorization === `Basic ${Buffer.from(`${TEST_KEY}:${TEST_SECRET}`).toString('base64')}`)).toBe(true);
		const [items] = outputsOf(result.run, 'EngageLab');
		expect(items.map((i) => [i.json.euid, i.json.code, i.json.message, i.pairedItem])).toEqual([
			['10362473', 0, 'success', { item: 0 }],
			['10362474', 0, 'success', { item: 1 }],
			['10362475', 0, 'success', { item: 2 }],
		]);
	});

	it('the largest EUID set through an expression arrives digit for digit', async () => {
		const result = await n8n.execute('elabBigEuid00001');

		expect(result.code).toBe(0);
		expect(emulator.received.map((r) => r.rawBody)).toEqual(['{"euid":9223372036854775807,"contacts":{"email":"max@example.com"}}']);
		expect(outputsOf(result.run, 'EngageLab')[0][0].json.euid).toBe('9223372036854775807');
	});

	it('every error code lands on the error output with its code and meaning; good items on the success output', async () => {
		const result = await n8n.execute('elabErrCodes0001');

		expect(result.code).toBe(0);
		const [delivered, failed] = outputsOf(result.run, 'EngageLab');
		expect(delivered.map((i) => i.json.crmId ?? i.json.euid)).toEqual(['1001', '1002']);
		const codes = Object.keys(ERROR_CODES).map(Number);
		expect(failed).toHaveLength(codes.length + 1);
		expect(delivered.length + failed.length).toBe(17);
		for (const code of codes) {
			const item = failed.find((i) => i.json.crmId === `E${code}`);
			// -1 is transient: retried, by default 3 attempts in all.
			const attempts = code === -1 ? ' (after 3 attempts)' : '';
			expect(item?.json.error).toMatchObject({ code, message: `EngageLab error ${code}: ${ERROR_CODES[code].meaning}${attempts}` });
			expect((item?.json.error as IDataObject).description).toContain(ERROR_CODES[code].check);
		}
		expect(failed.find((i) => i.json.crmId === 'BAD-EUID')?.json.error).toMatchObject({ message: expect.stringMatching(/EUID "12ab" is not valid/) });
		expect([...delivered, ...failed].map((i) => (i.pairedItem as { item: number }).item).sort((a, b) => a - b)).toEqual([...Array(17).keys()]);
		expect(outputsOf(result.run, 'Failed')[0]).toHaveLength(15);
		expect(outputsOf(result.run, 'Delivered')[0]).toHaveLength(2);
		expect(emulator.received).toHaveLength(16 + 2);
	});

	it('without continue on fail the execution fails with the mapped error and a non-zero exit code', async () => {
		const result = await n8n.execute('elabFailStop0001');

		expect(result.code).not.toBe(0);
		expect(result.run?.status).toBe('error');
		const error = result.run?.data.resultData.error as IDataObject | undefined;
		expect(error?.message).toBe('EngageLab error 55108: Invalid EUID');
		expect(error?.description).toContain(ERROR_CODES[55108].check);
		// The three rows are in flight together (default concurrency 5) before the failure is seen.
		expect(emulator.received).toHaveLength(3);
	});

	it('a wrong API secret fails with 40050 and says to check key and secret', async () => {
		const result = await n8n.execute('elabBadSecret001');

		expect(result.code).not.toBe(0);
		const error = result.run?.data.resultData.error as IDataObject | undefined;
		expect(error?.message).toBe('EngageLab error 40050: Interface authentication failed');
		expect(error?.description).toMatch(/Check the API Key and API Secret/);
	});

	it("the editor's credential test passes for a valid key and fails with EngageLab's reason, errors as HTTP 200 or 401/403", async () => {
		const cases = [
			[{}, 'OK', /^Connection successful/],
			[{ apiSecret: 'not-the-secret' }, 'Error', /^EngageLab error 40050: Interface authentication failed\. Check the API Key and API Secret/],
			[{ apiKey: 'key-50031' }, 'Error', /^EngageLab error 50031: Invalid project ID\./],
			[{ apiKey: 'key-50034' }, 'Error', /^EngageLab error 50034: Project ID does not exist\./],
			[{ apiKey: 'key-50074' }, 'Error', /^EngageLab error 50074: API data source does not exist\./],
		] as const;
		emulator.accounts = {
			[TEST_KEY]: { secret: TEST_SECRET },
			'key-50031': { secret: TEST_SECRET, failWith: 50031 },
			'key-50034': { secret: TEST_SECRET, failWith: 50034 },
			'key-50074': { secret: TEST_SECRET, failWith: 50074 },
		};
		const editor = await n8n.startEditor();
		try {
			for (const style of ['http200', 'httpStatus'] as const) {
				emulator.errorStyle = style;
				for (const [change, status, message] of cases) {
					const data = { apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl: emulator.url, ...change };
					const outcome = await editor.testCredential('engageLabCred001', 'engageLabApi', data);
					expect({ style, change, ...outcome }).toMatchObject({ style, change, status, message: expect.stringMatching(message) });
				}
			}
			expect(emulator.received).toHaveLength(10);
			expect(emulator.contacts.size).toBe(0);
		} finally {
			emulator.errorStyle = 'http200';
			await editor.stop();
		}
	}, 180_000);

	it('leaves neither the API secret nor the Basic auth pair in the user folder (database, logs)', async () => {
		const stored = n8n.storedText();
		expect(stored).toContain('elabCrmSync00001'); // the search does read the database
		expect(stored).not.toContain(TEST_SECRET);
		expect(stored).not.toContain(Buffer.from(`${TEST_KEY}:${TEST_SECRET}`).toString('base64'));
		expect(stored).not.toContain(Buffer.from(`${TEST_KEY}:not-the-secret`).toString('base64'));
	});
});
