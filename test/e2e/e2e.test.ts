/**
 * The packed package inside a real n8n, loaded the way n8n loads a community package, running the
 * workflows in test/e2e/workflows through n8n's CLI against the emulator. Both the oldest supported
 * n8n and the newest that installs here. SKIP_E2E=1 skips it; E2E_N8N=2.8.4 picks one version.
 */
import path from 'node:path';

import type { IDataObject, INodeExecutionData, IRun } from 'n8n-workflow';

import { MA_ERROR_CODES } from '../../nodes/EngageLab/products/ma/errorTable';
import { PlainServer, type PlainHandler } from '../support/emulator/plainServer';
import { EngageLabEmulator, TEST_KEY, TEST_SECRET } from '../support/emulator/ma/maEmulator';
import { ensureN8n, N8N_VERSIONS } from '../support/realN8n/install';
import { N8nUserFolder, packPackage, type ExecuteResult } from '../support/realN8n/n8n';

const WORKFLOWS = path.join(__dirname, 'workflows');
const versions = N8N_VERSIONS.filter((v) => !process.env.E2E_N8N || process.env.E2E_N8N.split(',').includes(v.version));
/** The workflows of the rest of the MA API (Get EUID, Set Contact by user ID, Set Properties, Report). */
const MA_WORKFLOWS = ['get-euid', 'contact-by-user-id', 'set-properties', 'report-events'];
const suite = process.env.SKIP_E2E === '1' ? describe.skip : describe;
// Each test boots n8n (`n8n execute`): well past jest's 30 s default on a loaded 2-core machine.
jest.setTimeout(180_000);
const PAIR = Buffer.from(`${TEST_KEY}:${TEST_SECRET}`).toString('base64');

function outputsOf(run: IRun | undefined, node: string): INodeExecutionData[][] {
	return (run?.data.resultData.runData[node]?.[0]?.data?.main ?? []).map((o) => o ?? []);
}

suite.each(versions)('real n8n $version', (target) => {
	const emulator = new EngageLabEmulator();
	/** A proxy in front of EngageLab that redirects or echoes the credential (hostile-proxy.json), and where it redirects to. */
	const front = new PlainServer();
	const elsewhere = new PlainServer();
	let n8n: N8nUserFolder;
	/** Everything n8n printed or answered in this suite, scanned for the credential at the end. */
	const printed: string[] = [];
	const execute = async (workflowId: string): Promise<ExecuteResult> => {
		const result = await n8n.execute(workflowId);
		printed.push(result.stdout, result.stderr, JSON.stringify(result.run ?? null));
		return result;
	};
	/** Redirects by the item's e-mail (r301@…: 301 to another port; same307@…: 307 to the same origin); echo@… gets the credential echoed back. */
	const hostileProxy: PlainHandler = (req, res) => {
		const status = /"r(\d{3})@/.exec(req.body)?.[1];
		if (status) {
			res.writeHead(Number(status), { Location: `${elsewhere.url}/v1/user/contact` });
			res.end();
		} else if (req.body.includes('same307@')) {
			res.writeHead(307, { Location: '/v1/user/contact-moved' });
			res.end();
		} else {
			res.writeHead(500, { 'Content-Type': 'text/html' });
			res.end(`<html><pre>authorization: ${req.authorization ?? ''} key=${TEST_KEY} secret=${TEST_SECRET}</pre></html>`);
		}
	};

	beforeAll(async () => {
		const install = await ensureN8n(target);
		const url = await emulator.start();
		await front.start();
		await elsewhere.start();
		n8n = N8nUserFolder.create(install, packPackage());
		await n8n.importCredentials([
			{ id: 'engageLabCred001', name: 'EngageLab (emulator)', type: 'engageLabApi', data: { apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl: `${url}/` } },
			{ id: 'engageLabBadSec1', name: 'EngageLab (wrong secret)', type: 'engageLabApi', data: { apiKey: TEST_KEY, apiSecret: 'not-the-secret', dataCenter: 'custom', baseUrl: url } },
			{ id: 'engageLabHostil1', name: 'EngageLab (behind a hostile proxy)', type: 'engageLabApi', data: { apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl: front.url } },
		]);
		await n8n.importWorkflows(['crm-sync', 'big-euid', 'error-codes', 'fail-stop', 'wrong-secret', 'hostile-proxy', ...MA_WORKFLOWS].map((w) => path.join(WORKFLOWS, `${w}.json`)));
	}, 20 * 60_000);

	afterAll(async () => {
		await emulator.stop();
		await front.stop();
		await elsewhere.stop();
		n8n?.remove();
	});

	beforeEach(() => {
		emulator.reset();
		front.handler = hostileProxy;
		front.received.length = 0;
		elsewhere.received.length = 0;
	});

	it('CRM sync: EngageLab receives exactly the expected bodies, outputs are paired to inputs', async () => {
		const result = await execute('elabCrmSync00001');

		expect(result.code).toBe(0);
		expect(result.run?.status).toBe('success');
		// Sent concurrently, so compared regardless of arrival order.
		expect(emulator.received.map((r) => r.rawBody).sort()).toEqual([
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
		const result = await execute('elabBigEuid00001');

		expect(result.code).toBe(0);
		expect(emulator.received.map((r) => r.rawBody)).toEqual(['{"euid":9223372036854775807,"contacts":{"email":"max@example.com"}}']);
		expect(outputsOf(result.run, 'EngageLab')[0][0].json.euid).toBe('9223372036854775807');
	});

	it('every error code lands on the error output with its code and meaning; good items on the success output', async () => {
		const result = await execute('elabErrCodes0001');

		expect(result.code).toBe(0);
		const [delivered, failed] = outputsOf(result.run, 'EngageLab');
		expect(delivered.map((i) => i.json.crmId ?? i.json.euid)).toEqual(['1001', '1002']);
		const codes = Object.keys(MA_ERROR_CODES).map(Number);
		expect(failed).toHaveLength(codes.length + 1);
		expect(delivered.length + failed.length).toBe(17);
		for (const code of codes) {
			const item = failed.find((i) => i.json.crmId === `E${code}`);
			// -1 is transient: the node retries it (3 attempts by default) before giving up.
			const attempts = MA_ERROR_CODES[code].transient ? ' (after 3 attempts)' : '';
			expect(item?.json.error).toMatchObject({ code, message: `EngageLab error ${code}: ${MA_ERROR_CODES[code].meaning}${attempts}` });
			expect((item?.json.error as IDataObject).description).toContain(MA_ERROR_CODES[code].check);
		}
		expect(failed.find((i) => i.json.crmId === 'BAD-EUID')?.json.error).toMatchObject({ message: expect.stringMatching(/EUID "12ab" is not valid/) });
		expect([...delivered, ...failed].map((i) => (i.pairedItem as { item: number }).item).sort((a, b) => a - b)).toEqual([...Array(17).keys()]);
		expect(outputsOf(result.run, 'Failed')[0]).toHaveLength(15);
		expect(outputsOf(result.run, 'Delivered')[0]).toHaveLength(2);
		expect(emulator.received).toHaveLength(16 + 2); // 16 items sent, -1 twice more
	});

	it('without continue on fail the execution fails with the mapped error and a non-zero exit code', async () => {
		const result = await execute('elabFailStop0001');

		expect(result.code).not.toBe(0);
		expect(result.run?.status).toBe('error');
		const error = result.run?.data.resultData.error as IDataObject | undefined;
		expect(error?.message).toBe('EngageLab error 55108: Invalid EUID');
		expect(error?.description).toContain(MA_ERROR_CODES[55108].check);
		// What the editor's error panel reads: "Error code" (httpCode) and "Full message" (messages).
		expect({ httpCode: error?.httpCode, messages: error?.messages }).toEqual({ httpCode: '55108', messages: ['Original message from EngageLab: "invalid euid"'] });
		// Items up to the failing one were sent; the one after may have been in flight already (concurrency).
		expect(emulator.received.map((r) => r.rawBody)).toEqual(
			expect.arrayContaining([
				'{"euid":1001,"contacts":{"email":"ok1@example.com"}}',
				'{"euid":1002,"contacts":{"email":"emulator-force-55108@example.com"}}',
			]),
		);
	});

	it('a wrong API secret fails with 40050 and says to check key and secret', async () => {
		const result = await execute('elabBadSecret001');

		expect(result.code).not.toBe(0);
		const error = result.run?.data.resultData.error as IDataObject | undefined;
		expect(error?.message).toBe('EngageLab error 40050: Interface authentication failed');
		expect(error?.description).toMatch(/Check the API Key and API Secret/);
	});

	it('a Base URL that redirects (301/302/307/308, to another port or the same origin): never followed, the credential never leaves, each item fails naming the target', async () => {
		const result = await execute('elabHostile00001');

		expect(result.code).toBe(0);
		expect(elsewhere.received).toHaveLength(0);
		// Five redirects, each answered once; the echoing HTML 500 is retried (Set Contact is safe to repeat).
		expect(front.received.map((r) => r.path)).toEqual(Array(5 + 3).fill('/v1/user/contact'));
		const [items] = outputsOf(result.run, 'EngageLab');
		const errors = items.map((i) => (i.json.error as IDataObject | undefined)?.message);
		expect(errors.slice(0, 5)).toEqual([
			...[301, 302, 307, 308].map((s) => `The Base URL redirects to ${elsewhere.url} (HTTP ${s}); the node does not follow redirects`),
			`The Base URL redirects to ${front.url} (HTTP 307); the node does not follow redirects`,
		]);
		// The echoed credential comes back redacted (the run is scanned again at the end).
		expect(JSON.stringify(items[5].json.error)).toContain('[redacted]');
		expect(items.every((i) => i.json.code === undefined)).toBe(true);
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
					printed.push(JSON.stringify(outcome));
					expect({ style, change, ...outcome }).toMatchObject({ style, change, status, message: expect.stringMatching(message) });
				}
			}
			expect(emulator.received).toHaveLength(10);
			expect(emulator.contacts.size).toBe(0);

			// Only EngageLab's own answer passes; a redirect is named and not followed.
			const hostile = [
				['a 307 to another port', () => front.answer(307, '', { Location: `${elsewhere.url}/v1/user/contact` }), front.url, /^The Base URL redirects to http:\/\/127\.0\.0\.1:\d+ \(HTTP 307\)/],
				['an HTML page', () => front.answer(200, '<html>portal</html>', { 'Content-Type': 'text/html' }), front.url, /with an HTML page, not EngageLab's JSON/],
				['"success" to everything', () => front.answer(200, '{"code":0,"message":"success"}'), front.url, /answered "success" \(code 0\) to a request EngageLab always refuses/],
				['an empty JSON object', () => front.answer(200, '{}'), front.url, /not an EngageLab answer/],
				['a Base URL with /v1', () => undefined, `${emulator.url}/v1`, /has a path, query or fragment \(\/v1\)/],
			] as const;
			for (const [what, setUp, baseUrl, message] of hostile) {
				setUp();
				const outcome = await editor.testCredential('engageLabCred001', 'engageLabApi', { apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl });
				printed.push(JSON.stringify(outcome));
				expect({ what, ...outcome }).toMatchObject({ what, status: 'Error', message: expect.stringMatching(message) });
			}
			expect(elsewhere.received).toHaveLength(0);
		} finally {
			emulator.errorStyle = 'http200';
			await editor.stop();
		}
	}, 180_000);

	it('Get EUID: one request for the distinct IDs, exact EUIDs as text, unknown and empty IDs on the error output', async () => {
		emulator.ma.identities.set('user_id:crm-1', 10362473n);
		emulator.ma.identities.set('user_id:crm-2', 9223372036854775807n);
		const result = await execute('elabGetEuid00001');

		expect(result.code).toBe(0);
		expect(emulator.received.map((r) => [r.path, r.rawBody])).toEqual([
			['/v1/user/register', '{"identity_name":"user_id","identity_values":["crm-1","crm-2","ghost"]}'],
		]);
		const [found, failed] = outputsOf(result.run, 'EngageLab');
		expect(found.map((i) => [i.json.identityValue, i.json.euid, i.pairedItem])).toEqual([
			['crm-1', '10362473', { item: 0 }],
			['crm-2', '9223372036854775807', { item: 1 }],
			['crm-1', '10362473', { item: 2 }],
		]);
		expect(failed.map((i) => [i.json.row, (i.json.error as IDataObject).message, i.pairedItem])).toEqual([
			[3, 'No EngageLab user has the user_id "ghost"', { item: 3 }],
			[4, 'The user_id is empty', { item: 4 }],
		]);
	});

	it('Set Contact by User ID: looks the EUIDs up, then sets the contacts on them', async () => {
		emulator.ma.identities.set('user_id:crm-1', 10362473n);
		emulator.ma.identities.set('user_id:crm-2', 9223372036854775807n);
		const result = await execute('elabContactById1');

		expect(result.code).toBe(0);
		expect(emulator.received.map((r) => r.rawBody)).toEqual([
			'{"identity_name":"user_id","identity_values":["crm-1","crm-2"]}',
			'{"euid":10362473,"contacts":{"email":"ada@example.com"}}',
			'{"euid":9223372036854775807,"contacts":{"email":"grace@example.com"}}',
		]);
		const [items] = outputsOf(result.run, 'EngageLab');
		expect(items.map((i) => [i.json.euid, i.json.identityType, i.json.identityValue, i.json.code])).toEqual([
			['10362473', 'user_id', 'crm-1', 0],
			['9223372036854775807', 'user_id', 'crm-2', 0],
		]);
	});

	it('Set Properties: values keep their types (text, number, list, true/false, date), big EUID exact', async () => {
		const result = await execute('elabSetProps0001');

		expect(result.code).toBe(0);
		// Sorted: requests in flight together reach EngageLab in any order (the output keeps the input order).
		expect(emulator.received.map((r) => r.rawBody).sort()).toEqual([
			'{"euid":10362473,"type":"set","properties":{"plan":"pro","points":120,"tags":["new","web"],"vip":true,"synced_at":"2025-03-01 12:00:00"}}',
			'{"euid":9223372036854775807,"type":"set","properties":{"plan":"free","points":0,"tags":["app"],"vip":false,"synced_at":"2025-03-01 12:00:00"}}',
		]);
		expect(emulator.ma.properties.get('9223372036854775807')).toMatchObject({ plan: 'free', points: 0n, vip: false });
		expect(outputsOf(result.run, 'EngageLab')[0].map((i) => [i.json.euid, i.json.code, i.pairedItem])).toEqual([
			['10362473', 0, { item: 0 }],
			['9223372036854775807', 0, { item: 1 }],
		]);
	});

	it('Report: 120 events in 3 requests of at most 50, each with its own random_id, every output paired', async () => {
		const result = await execute('elabReport000001');

		expect(result.code).toBe(0);
		expect(emulator.received.map((r) => (r.body as { data: unknown[] }).data.length)).toEqual([50, 50, 20]);
		expect(emulator.received.every((r) => (r.body as IDataObject).app_key === '96441e4d73207a6517abfbbc')).toBe(true);
		expect(emulator.ma.events).toHaveLength(120);
		expect(new Set(emulator.ma.events.map((e) => e.random_id)).size).toBe(120);
		expect(emulator.ma.events[1]).toMatchObject({ euid: 10000091199n, event_name: 'sign_up', itime: 1740830401000n, properties: { source: 'web', n: 1n } });
		const [items] = outputsOf(result.run, 'EngageLab');
		expect(items).toHaveLength(120);
		expect(items.every((item, i) => item.json.code === 0 && (item.pairedItem as { item: number }).item === i && item.json.random_id === emulator.ma.events[i].random_id)).toBe(true);
	});

	it('leaves neither the API key, the secret nor the Basic auth pair in any output, error, description, or the user folder (database, logs)', async () => {
		const stored = n8n.storedText();
		expect(stored).toContain('elabCrmSync00001'); // the search does read the database
		expect(stored).toContain('elabHostile00001'); // and the run where the proxy echoed the credential
		const everything = [stored, ...printed].join('\n');
		expect(printed.join('\n')).toContain('[redacted]'); // the echo did arrive, and was redacted
		for (const secret of [TEST_KEY, TEST_SECRET, PAIR, Buffer.from(`${TEST_KEY}:not-the-secret`).toString('base64')]) {
			expect(everything.split(secret).length - 1).toBe(0);
		}
	});
});
