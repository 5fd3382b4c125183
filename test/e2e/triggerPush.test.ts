/**
 * App Push and Web Push callbacks to the EngageLab Trigger inside a real n8n (both pinned versions,
 * one `n8n start` each): the address check answered with the bare echostr as plain text and no
 * execution, signed status rows started as items, forged, unsigned and replayed callbacks refused.
 * "Nothing started" is proved by order, not by waiting: after the requests that must start nothing,
 * one genuine callback (the marker) is sent, and once its execution has finished the workflow must
 * have exactly the executions the genuine callbacks started. SKIP_E2E=1 skips it; E2E_N8N=2.8.4
 * picks one version.
 */
import path from 'node:path';

import { parse } from 'flatted';
import type { IDataObject, IRunExecutionData } from 'n8n-workflow';

import { batch, pushStatus } from '../support/emulator/callbacks/samples';
import { post, signed, tampered, TEST_CALLBACK_SECRETS as S, unsigned, withAuthorization, withBody, type CallbackRequest } from '../support/emulator/callbacks/sender';
import { ensureN8n, N8N_VERSIONS } from '../support/realN8n/install';
import { N8nUserFolder, packPackage, type N8nEditor } from '../support/realN8n/n8n';

const WORKFLOWS = path.join(__dirname, 'workflows');
const versions = N8N_VERSIONS.filter((v) => !process.env.E2E_N8N || process.env.E2E_N8N.split(',').includes(v.version));
const suite = process.env.SKIP_E2E === '1' ? describe.skip : describe;

const FLOWS = {
	appPush: { id: 'elabTrigAppPush1', hook: 'elab-e2e-app-push', file: 'trigger-app-push.json' },
	webPushV3: { id: 'elabTrigWebPush1', hook: 'elab-e2e-web-push', file: 'trigger-web-push-v3.json' },
};
type Flow = keyof typeof FLOWS;

interface ExecutionSummary {
	id: string;
	status: string;
}

/** The answer with the headers that say how a browser would read it. */
async function answer(request: CallbackRequest): Promise<{ status: number; body: string; type: string | null; nosniff: string | null }> {
	const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
	return { status: response.status, body: await response.text(), type: response.headers.get('content-type'), nosniff: response.headers.get('x-content-type-options') };
}

suite.each(versions)('App Push and Web Push callbacks in real n8n $version', (target) => {
	let n8n: N8nUserFolder;
	let editor: N8nEditor;
	const url = (flow: Flow) => `${editor.url}/webhook/${FLOWS[flow].hook}/webhook`;

	const executions = async (flow: Flow): Promise<ExecutionSummary[]> => {
		const filter = encodeURIComponent(JSON.stringify({ workflowId: FLOWS[flow].id }));
		return (await editor.rest<{ results: ExecutionSummary[] }>('GET', `/rest/executions?filter=${filter}&limit=100`)).results;
	};
	/** Polls until the workflow has `count` executions and none is still running (a hang ends at 90 s). */
	const waitFor = async (flow: Flow, count: number): Promise<ExecutionSummary[]> => {
		const until = Date.now() + 90_000;
		let list = await executions(flow);
		while ((list.length < count || list.some((e) => e.status === 'running' || e.status === 'new')) && Date.now() < until) {
			await new Promise((r) => setTimeout(r, 300));
			list = await executions(flow);
		}
		return list;
	};
	const itemsOf = async (executionId: string): Promise<IDataObject[]> => {
		const execution = await editor.rest<{ data: string }>('GET', `/rest/executions/${executionId}`);
		const run = parse(execution.data) as IRunExecutionData;
		return (run.resultData.runData['EngageLab Trigger']?.[0]?.data?.main?.[0] ?? []).map((item) => item.json);
	};
	const messageIdsOf = async (list: ExecutionSummary[]) => (await Promise.all(list.map((e) => itemsOf(e.id)))).map((items) => items.map((i) => i.messageId)).sort();

	beforeAll(async () => {
		const install = await ensureN8n(target);
		n8n = N8nUserFolder.create(install, packPackage());
		await n8n.importCredentials([{ id: 'elabWebhookCred1', name: 'EngageLab callbacks (e2e)', type: 'engageLabWebhookApi', data: { ...S } }]);
		await n8n.importWorkflows(Object.values(FLOWS).map((f) => path.join(WORKFLOWS, f.file)));
		for (const { id } of Object.values(FLOWS)) {
			const published = await n8n.cli(['publish:workflow', `--id=${id}`]);
			if (published.code !== 0) throw new Error(`publish:workflow ${id} failed:\n${published.stdout}\n${published.stderr}`);
		}
		editor = await n8n.startEditor();
		// n8n may still be activating published workflows after its REST API answers: wait until each
		// webhook is registered (an empty body is the connectivity check: 200, nothing starts).
		for (const flow of Object.keys(FLOWS) as Flow[]) {
			const until = Date.now() + 120_000;
			while ((await post(unsigned(url(flow), {}))).status === 404) {
				if (Date.now() > until) throw new Error(`the ${flow} workflow's webhook was never registered`);
				await new Promise((r) => setTimeout(r, 500));
			}
		}
	}, 20 * 60_000);

	afterAll(async () => {
		await editor?.stop();
		n8n?.remove();
	});

	it('App Push (node version 2): the address check gets the bare echostr as plain text and starts nothing; a signed batch starts one execution with its rows; forged, unsigned and replayed callbacks get 401', async () => {
		const echo = await answer(unsigned(url('appPush'), { echostr: 'k3+Q/9=x' }));
		expect(echo).toEqual({ status: 200, body: 'k3+Q/9=x', type: 'text/plain; charset=utf-8', nosniff: 'nosniff' });

		const rows = [pushStatus('1666165485030094861', 'delivered'), pushStatus('1666165485030094862', 'click')];
		const genuine = signed(url('appPush'), S, batch(rows));
		const accepted = await post(genuine);
		expect({ status: accepted.status, body: accepted.body }).toEqual({ status: 200, body: '' });
		const refused: number[] = [];
		for (const request of [
			genuine,
			tampered(signed(url('appPush'), S, batch([pushStatus('1666165485030094863')]))),
			unsigned(url('appPush'), batch([pushStatus('1666165485030094864')])),
			signed(url('appPush'), S, batch([pushStatus('1666165485030094865')]), { secret: 'not-the-secret' }),
		])
			refused.push((await post(request)).status);
		expect(refused).toEqual([401, 401, 401, 401]);
		expect((await post(signed(url('appPush'), S, batch([pushStatus('1666165485030094899', 'read')])))).status).toBe(200);

		const list = await waitFor('appPush', 2);
		expect(list.map((e) => e.status)).toEqual(['success', 'success']);
		expect(await messageIdsOf(list)).toEqual([['1666165485030094861', '1666165485030094862'], ['1666165485030094899']]);
		const first = (await Promise.all(list.map((e) => itemsOf(e.id)))).find((items) => items.length === 2)!;
		expect(first.map((i) => [i.product, i.event, i.eventKind, i.batchIndex, i.batchSize])).toEqual([
			['push', 'delivered', 'message_status', 0, 2],
			['push', 'click', 'message_status', 1, 2],
		]);
		expect(first.map((i) => i.payload)).toEqual(rows);
		expect(first[0].customArgs).toEqual({ order_id: 'order-1666165485030094861' });
	}, 300_000);

	it('Web Push (node version 3, its defaults): the address check is echoed without any secret; without the secret token, or a forged body on a captured header, 401; with the Bearer token one execution', async () => {
		const echo = await answer(unsigned(url('webPushV3'), { echostr: '12345678' }));
		expect(echo).toEqual({ status: 200, body: '12345678', type: 'text/plain; charset=utf-8', nosniff: 'nosniff' });

		const bearer = (request: CallbackRequest) => withAuthorization(request, `Bearer ${S.urlToken}`);
		const genuine = bearer(signed(url('webPushV3'), S, batch([pushStatus('1666165485030095001', 'delivered', 'web')])));
		const forged = withBody(
			{ ...genuine, headers: { 'content-type': 'application/json', 'X-CALLBACK-ID': genuine.headers['X-CALLBACK-ID'] } },
			batch([pushStatus('1666165485030095001', 'delivered_failed', 'web')]),
		);
		const statuses: number[] = [];
		for (const request of [forged, signed(url('webPushV3'), S, batch([pushStatus('1666165485030095002', 'delivered', 'web')])), genuine, genuine])
			statuses.push((await post(request)).status);
		expect(statuses).toEqual([401, 401, 200, 401]);
		expect((await post(bearer(signed(url('webPushV3'), S, batch([pushStatus('1666165485030095099', 'read', 'web')]))))).status).toBe(200);

		const list = await waitFor('webPushV3', 2);
		expect(list.map((e) => e.status)).toEqual(['success', 'success']);
		const items = (await Promise.all(list.map((e) => itemsOf(e.id)))).flat();
		expect(items.map((i) => [i.product, i.messageId, i.event, i.repeatsDropped]).sort()).toEqual([
			['webPush', '1666165485030095001', 'delivered', 0],
			['webPush', '1666165485030095099', 'read', 0],
		]);
	}, 300_000);
});
