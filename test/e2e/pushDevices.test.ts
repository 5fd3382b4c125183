/**
 * App Push's device, tag and alias operations in real n8n (both pinned versions), through n8n's
 * CLI against the push emulator (test/e2e/workflows/push-devices.json): Update Device → Count
 * Tag Devices (a tag picked From List) → Delete Tag (By Name, one platform) → Delete Alias → Get
 * Device, each request as EngageLab expects it and the device's final state in the last output.
 * SKIP_E2E=1 skips it; E2E_N8N=2.8.4 picks one version.
 */
import path from 'node:path';

import type { INodeExecutionData, IRun } from 'n8n-workflow';

import { appPushInRealN8n } from '../support/realN8n/appPushN8n';
import { N8N_VERSIONS } from '../support/realN8n/install';

const WORKFLOWS = path.join(__dirname, 'workflows');
const versions = N8N_VERSIONS.filter((v) => !process.env.E2E_N8N || process.env.E2E_N8N.split(',').includes(v.version));
const suite = process.env.SKIP_E2E === '1' ? describe.skip : describe;

function outputOf(run: IRun | undefined, node: string): INodeExecutionData[] {
	return run?.data.resultData.runData[node]?.[0]?.data?.main?.[0] ?? [];
}

suite.each(versions)('App Push devices, tags and aliases in real n8n $version', (target) => {
	const { push, n8n } = appPushInRealN8n(target, [path.join(WORKFLOWS, 'push-devices.json')]);

	it('updates a device, counts a picked tag, deletes a tag and an alias, and reads the device back', async () => {
		push.addDevice('1a0018970ab49abda3e', { tags: ['beta'] });
		const result = await n8n().execute('elabE2ePushDevices1');

		expect({ code: result.code, status: result.run?.status, error: result.run?.data.resultData.error?.message }).toEqual({ code: 0, status: 'success', error: undefined });
		expect(push.requests.map((r) => `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`)).toEqual([
			'POST /v4/devices/1a0018970ab49abda3e',
			'GET /v4/tags_count?tags=vip&platform=android',
			'DELETE /v4/tags/gold?platform=android',
			'DELETE /v4/aliases/customer_7',
			'GET /v4/devices/1a0018970ab49abda3e',
		]);
		expect(JSON.parse(push.requests[0].body)).toEqual({ tags: { add: ['vip', 'gold'] }, alias: 'customer_7' });
		expect(outputOf(result.run, 'EngageLab: Count Tag Devices').map((i) => i.json)).toEqual([{ tag: 'vip', platform: 'android', count: 1 }]);
		expect(outputOf(result.run, 'EngageLab: Get Device').map((i) => i.json)).toEqual([{ registration_id: '1a0018970ab49abda3e', tags: ['beta', 'vip'], alias: '' }]);
		expect(JSON.stringify(result)).not.toContain(push.options.masterSecret);
	});
});
