/**
 * App Push in real n8n (both pinned versions), through n8n's CLI against the push emulator:
 * Validate Only (nothing sent) → Send → Get Statistics → Withdraw with the App Push credential
 * only (test/e2e/workflows/push-send.json). The message ID passes 2^53 and stays exact from one
 * node to the next; the cid is the node's own; the Master Secret is printed nowhere.
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

suite.each(versions)('App Push in real n8n $version', (target) => {
	const { push, n8n } = appPushInRealN8n(target, [path.join(WORKFLOWS, 'push-send.json')]);

	it('validates (nothing sent), sends once with a cid, reads the statistics and withdraws the exact message ID', async () => {
		const result = await n8n().execute('elabE2ePushSend1');

		expect({ code: result.code, status: result.run?.status, error: result.run?.data.resultData.error?.message }).toEqual({ code: 0, status: 'success', error: undefined });
		expect(push.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
			'POST /v4/push/validate',
			'POST /v4/push',
			'GET /v4/status/detail',
			expect.stringMatching(/^DELETE \/v4\/push\/withdraw\/\d{19}$/),
		]);
		expect(push.requests.every((r) => r.headers.authorization === push.authorization)).toBe(true);
		expect(push.sent).toHaveLength(1);
		const msgId = push.sent[0].msgId.toString();
		expect(BigInt(msgId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
		expect(push.sent[0].cid).toMatch(/^n8n-[A-Za-z0-9_-]{43}$/);

		const [validated] = outputsOf(result.run, 'EngageLab: Validate Push');
		expect(validated.map((i) => [i.json.validateOnly, i.json.valid, i.json.msg_id])).toEqual([[true, true, undefined]]);
		const [sent] = outputsOf(result.run, 'EngageLab: Send Push');
		expect(sent.map((i) => [i.json.msg_id, i.json.cid, i.pairedItem])).toEqual([[msgId, push.sent[0].cid, { item: 0 }]]);
		const [stats] = outputsOf(result.run, 'EngageLab: Push Statistics');
		expect(stats.map((i) => [i.json.message_id, i.json.found])).toEqual([[msgId, true]]);
		const [withdrawn] = outputsOf(result.run, 'EngageLab: Withdraw Push');
		expect(withdrawn.map((i) => [i.json.msg_id, i.json.withdrawn])).toEqual([[msgId, true]]);
		expect(push.requests[3].path).toBe(`/v4/push/withdraw/${msgId}`);
		expect(`${result.stdout}${result.stderr}${JSON.stringify(result.run ?? null)}`).not.toContain(push.options.masterSecret);
	}, 300_000);
});
