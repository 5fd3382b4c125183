/**
 * A run that meets nothing but 429s has a bound (RATE_LIMIT_BUDGET_MS, on the virtual clock):
 * once EngageLab has answered only 429 for that long across the run, the node stops sending and
 * every remaining item fails with an error that names the rate limit and what to set.
 */
import type { IDataObject } from 'n8n-workflow';

import { RATE_LIMIT_BUDGET_MS } from '../../nodes/EngageLab/transport/retry';
import { EngageLabFixture } from '../support/inProcess/maFixture';

const fx = new EngageLabFixture();
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => fx.reset());

const ids = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(100 + i) }));
const errorOf = (json: IDataObject) => json.error as { message: string; description: string };

describe.each(['auto', 'fixed'])('429 forever (Concurrency Mode %s, Retry-After 59 s)', (concurrencyMode) => {
	it('stops sending after the budget; every item fails naming the rate limit and Max Requests Per Second', async () => {
		fx.emulator.faultPath('/v1/user/contact', ...Array.from({ length: 20_000 }, () => ({ kind: 'http429' as const, retryAfter: '59' })));
		const started = fx.timing.now();

		const result = await fx.run(
			{ euid: '={{ $json.id }}', email: 'a@b.co', options: { concurrencyMode, concurrency: 10, maxAttempts: 3 } },
			ids(200),
			{ onError: 'continueRegularOutput' },
		);

		const elapsed = fx.timing.now() - started;
		// At most one more pause (the longest Retry-After honoured) after the budget ran out.
		expect(elapsed).toBeLessThanOrEqual(RATE_LIMIT_BUDGET_MS + 2 * 60_000);
		expect(fx.emulator.received.length).toBeLessThan(200);
		expect(result.items).toHaveLength(200);
		expect(result.items.map((i) => i.pairedItem)).toEqual(ids(200).map((_, item) => ({ item })));
		for (const item of result.items) {
			expect(errorOf(item.json).description).toContain('Set Max Requests Per Second');
			expect(errorOf(item.json).description).toContain('only "too many requests" (HTTP 429) for 5 minutes');
		}
		const notSent = result.items.filter((i) => errorOf(i.json).message.startsWith('Not sent'));
		expect(notSent.length).toBeGreaterThan(0);
	});
});
