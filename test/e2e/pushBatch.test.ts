/**
 * App Push → Send Batch in real n8n (both pinned versions), through n8n's CLI against the push
 * emulator (test/e2e/workflows/push-batch.json): three items, one with two devices, make one
 * batch request of four entries with a cid each; each target becomes its own output item paired
 * with its input item, its message ID (past 2^53) exact into Get Statistics.
 * SKIP_E2E=1 skips it; E2E_N8N=2.8.4 picks one version.
 */
import path from 'node:path';

import type { INodeExecutionData, IRun } from 'n8n-workflow';

import { appPushInRealN8n } from '../support/realN8n/appPushN8n';
import { N8N_VERSIONS } from '../support/realN8n/install';

const WORKFLOWS = path.join(__dirname, 'workflows');
const versions = N8N_VERSIONS.filter((v) => !process.env.E2E_N8N || process.env.E2E_N8N.split(',').includes(v.version));
const suite = process.env.SKIP_E2E === '1' ? describe.skip : describe;

function outputsOf(run: IRun | undefined, node: string): INodeExecutionData[][] {
	return (run?.data.resultData.runData[node]?.[0]?.data?.main ?? []).map((o) => o ?? []);
}

suite.each(versions)('App Push Send Batch in real n8n $version', (target) => {
	const { push, n8n } = appPushInRealN8n(target, [path.join(WORKFLOWS, 'push-batch.json')]);

	it('sends one batch of four targets, outputs a result per target paired with its item, and reads each exact message ID', async () => {
		const result = await n8n().execute('elabE2ePushBatch1');

		expect({ code: result.code, status: result.run?.status, error: result.run?.data.resultData.error?.message }).toEqual({ code: 0, status: 'success', error: undefined });
		const batches = push.requests.filter((r) => r.path === '/v4/batch/push/regid');
		expect(batches).toHaveLength(1);
		const entries = (JSON.parse(batches[0].body) as { requests: Array<{ target: string; notification: { alert: string }; options: { cid: string } }> }).requests;
		expect(entries.map((e) => [e.target, e.notification.alert])).toEqual([
			['rid-a1', 'Order A-1 shipped'],
			['rid-a2', 'Order A-1 shipped'],
			['rid-b1', 'Order B-2 shipped'],
			['rid-c1', 'Order C-3 shipped'],
		]);
		expect(new Set(entries.map((e) => e.options.cid)).size).toBe(4);
		expect(push.sent).toHaveLength(4);

		const [sent] = outputsOf(result.run, 'EngageLab: Send Batch');
		const ids = push.sent.map((s) => s.msgId.toString());
		expect(BigInt(ids[0]) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
		expect(sent.map((i) => [i.json.target, i.json.msg_id, i.json.cid, i.json.success, i.pairedItem])).toEqual([
			['rid-a1', ids[0], entries[0].options.cid, true, { item: 0 }],
			['rid-a2', ids[1], entries[1].options.cid, true, { item: 0 }],
			['rid-b1', ids[2], entries[2].options.cid, true, { item: 1 }],
			['rid-c1', ids[3], entries[3].options.cid, true, { item: 2 }],
		]);
		const [stats] = outputsOf(result.run, 'EngageLab: Batch Statistics');
		expect(stats.map((i) => i.json.message_id)).toEqual(ids);
		expect(`${result.stdout}${result.stderr}${JSON.stringify(result.run ?? null)}`).not.toContain(push.options.masterSecret);
	}, 300_000);
});
