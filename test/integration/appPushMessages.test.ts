/**
 * App Push → Withdraw and → Get Statistics against the push emulator, through n8n-core's real
 * request helpers: the paths, message IDs past 2^53 kept as strings, 100 IDs per statistics
 * request, refused IDs before sending, and a withdraw retried after a reset.
 */
import { APP_PUSH } from '../../nodes/EngageLab/products/push/appPush.product';
import { PushFixture } from '../support/inProcess/pushFixture';

const fx = new PushFixture(APP_PUSH);
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(async () => await fx.restart());

const push = { operation: 'send', audience: 'all', content: 'notification', alert: 'Hi' };

async function sentIds(count: number): Promise<string[]> {
	const result = await fx.run(push, Array.from({ length: count }, () => ({})));
	return result.items.map((i) => i.json.msg_id as string);
}

describe('App Push → Withdraw', () => {
	it('DELETEs /v4/push/withdraw/{msg_id} with the exact digits and outputs them as a string', async () => {
		const [id] = await sentIds(1);
		const result = await fx.run({ operation: 'withdraw', messageId: '={{ $json.id }}' }, [{ id }]);

		expect(BigInt(id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
		const request = fx.emulator.requests.at(-1)!;
		expect([request.method, request.path, request.body]).toEqual(['DELETE', `/v4/push/withdraw/${id}`, '']);
		expect(result.items).toEqual([{ json: { request_id: '', msg_id: id, withdrawn: true }, pairedItem: { item: 0 } }]);
	});

	it('refuses a message ID that is not digits, or a number past 2^53, before sending', async () => {
		const result = await fx.run({ operation: 'withdraw', messageId: '={{ $json.id }}' }, [{ id: 'abc' }, { id: 2 ** 60 }], { onError: 'continueErrorOutput' });

		expect(fx.emulator.requests).toHaveLength(0);
		expect(result.errorItems.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(JSON.stringify(result.errorItems[1].json)).toContain('too large to be exact');
	});

	it('is retried after a reset (a second withdraw cannot push anything); an unknown ID is 21003 on the error output', async () => {
		const [id] = await sentIds(1);
		fx.emulator.fault({ kind: 'resetBeforeApply', path: '/v4/push/withdraw' });
		const result = await fx.run({ operation: 'withdraw', messageId: '={{ $json.id }}' }, [{ id }, { id: '42' }], { onError: 'continueErrorOutput' });

		expect(result.items.map((i) => i.json.msg_id)).toEqual([id]);
		expect(JSON.stringify(result.errorItems[0].json)).toContain('21003');
		expect(result.errorItems[0].pairedItem).toEqual({ item: 1 });
	});
});

describe('App Push → Get Statistics', () => {
	it('asks 100 message IDs per request, one output per item, unknown IDs found: false', async () => {
		const ids = await sentIds(3);
		const before = fx.emulator.requests.length;
		const asked = [...ids, ...Array.from({ length: 100 }, (_, i) => String(9_000_000_000_000_000_000n + BigInt(i)))];
		const result = await fx.run({ operation: 'getStatistics', messageId: '={{ $json.id }}' }, asked.map((id) => ({ id })));

		const requests = fx.emulator.requests.slice(before);
		expect(requests.map((r) => [r.method, r.path])).toEqual([
			['GET', '/v4/status/detail'],
			['GET', '/v4/status/detail'],
		]);
		expect(requests[0].rawQuery).toBe(`message_ids=${asked.slice(0, 100).join(',')}`);
		expect(result.items).toHaveLength(103);
		expect(result.items.map((i) => i.json.message_id)).toEqual(asked);
		expect(result.items.map((i) => i.pairedItem)).toEqual(asked.map((_, item) => ({ item })));
		expect(result.items.slice(0, 3).map((i) => i.json.found)).toEqual([true, true, true]);
		expect(result.items[3].json.found).toBe(false);
	});
});
