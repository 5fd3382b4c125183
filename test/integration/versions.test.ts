/**
 * Version 2 of the node at work (version 1 is pinned by test/compat/v1Workflows.test.ts), and the
 * run's one scheduler: Identify User By's lookups are requests of the run like any other.
 */
import type { IDataObject } from 'n8n-workflow';

import { CREDENTIAL_TYPE, EngageLabFixture, NODE_TYPE } from '../support/inProcess/maFixture';
import { runNode } from '../support/inProcess/runWorkflow';

const fx = new EngageLabFixture();
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => fx.reset());

const runV2 = async (parameters: IDataObject, items: IDataObject[]) =>
	await runNode(
		{ nodeTypes: fx.nodeTypes, credentialsHelper: fx.credentialsHelper },
		{ type: NODE_TYPE, typeVersion: 2, parameters: parameters as never, credentialTypes: [CREDENTIAL_TYPE] },
		items,
	);
const report = { resource: 'event', operation: 'report', euid: '={{ $json.euid }}', eventName: 'order_paid', eventTime: '1740830400000' };
const bodies = () => fx.emulator.received.map((r) => r.body as { app_key?: string; data: Array<{ random_id: string }> });

describe('version 2: Report reads App Key, Report ID and Batch Size from Additional Fields', () => {
	it('sends them as version 1 sent its top-level fields', async () => {
		const result = await runV2(
			{ ...report, additionalFields: { appKey: 'k1', randomId: '=order-{{ $json.euid }}', batchSize: 2 } },
			[{ euid: '1' }, { euid: '2' }, { euid: '3' }],
		);
		expect(result.status).toBe('success');
		expect(bodies().map((b) => [b.app_key, b.data.map((e) => e.random_id)])).toEqual([
			['k1', ['order-1', 'order-2']],
			['k1', ['order-3']],
		]);
		expect(result.items.map((i) => i.json.app_key)).toEqual(['k1', 'k1', 'k1']);
	});

	it('without them: no app key, a random Report ID per event, 50 events per request', async () => {
		const result = await runV2(report, Array.from({ length: 51 }, (_, i) => ({ euid: String(i + 1) })));
		expect(result.status).toBe('success');
		expect(bodies().map((b) => [b.app_key, b.data.length])).toEqual([
			[undefined, 50],
			[undefined, 1],
		]);
		expect(new Set(bodies().flatMap((b) => b.data.map((e) => e.random_id))).size).toBe(51);
	});

	it('ignores top-level fields a version-1 node would have read', async () => {
		await runV2({ ...report, appKey: 'old', batchSize: 1 }, [{ euid: '1' }, { euid: '2' }]);
		expect(bodies().map((b) => [b.app_key, b.data.length])).toEqual([[undefined, 2]]);
	});
});

describe('one scheduler for every request of a run', () => {
	const byUserId = { identifyBy: 'userId', identityValue: '={{ $json.id }}', email: 'a@example.com', options: { concurrency: 3 } };
	const users = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `crm-${i}` }));
	beforeEach(() => {
		for (let i = 0; i < 150; i++) fx.emulator.ma.identities.set(`user_id:crm-${i}`, BigInt(1000 + i));
	});

	it('looks up each chunk of 100 identifiers when the first item needing it runs, not all up front', async () => {
		const result = await fx.run(byUserId, users(150));
		expect(result.status).toBe('success');
		const paths = fx.emulator.received.map((r) => r.path);
		const lookups = paths.flatMap((p, i) => (p === '/v1/user/register' ? [i] : []));
		expect(lookups).toHaveLength(2);
		expect(lookups[0]).toBe(0);
		// The second lookup (items 100-149) is sent among the contacts, once item 100 is reached.
		expect(lookups[1]).toBeGreaterThan(90);
		expect((fx.emulator.received[lookups[1]].body as { identity_values: string[] }).identity_values).toHaveLength(50);
		expect(result.items.map((i) => i.json.euid)).toEqual(users(150).map((_, i) => String(1000 + i)));
	});

	it('lookups and contacts together never exceed Concurrency', async () => {
		fx.emulator.latencyMs = 20;
		// The first contact is answered only once another request has been: they overlap at any speed.
		fx.emulator.faultEuid('1000', { kind: 'delay', untilAnswered: 1 });
		await fx.run(byUserId, users(150));
		expect(fx.emulator.maxInFlight).toBeLessThanOrEqual(3);
		expect(fx.emulator.maxInFlight).toBeGreaterThanOrEqual(2);
	});

	it("a 429 on a lookup pauses the run's other requests too", async () => {
		// The first lookup goes through; the second (items 100-149) gets a 429 with Retry-After 5 s.
		fx.emulator.faultPath('/v1/user/register', { kind: 'delay', ms: 0 }, { kind: 'http429', retryAfter: '5' });
		const result = await fx.run(byUserId, users(150));
		expect(result.status).toBe('success');
		const limited = fx.emulator.received.findIndex((r) => r.status === 429);
		expect(fx.emulator.received[limited].path).toBe('/v1/user/register');
		// Requests that arrive after it (but for the ones already past the gate, at most Concurrency - 1) wait out the pause.
		const after = fx.emulator.received.slice(limited + 1);
		const waited = after.filter((r) => r.at - fx.emulator.received[limited].at >= 5000);
		expect(after.length - waited.length).toBeLessThanOrEqual(2);
		expect(waited.length).toBeGreaterThan(40);
	});
});
