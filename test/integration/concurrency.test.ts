/**
 * Several requests in flight: a real pool bounded by Concurrency, output in input order and
 * paired, continue on fail and the first error as a one-at-a-time run would give them, and
 * pacing to Max Requests Per Second.
 */
import { ExecuteContext } from 'n8n-core';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { AUTO_MAX_CONCURRENCY, DEFAULT_CONCURRENCY } from '../../nodes/EngageLab/runOptions';
import { AUTO_INITIAL_CONCURRENCY } from '../../nodes/EngageLab/execution/adaptiveConcurrency';
import { realTiming } from '../../nodes/EngageLab/transport/clock';
import { mulberry32 } from '../support/emulator/random';
import type { ReceivedRequest } from '../support/emulator/ma/maEmulator';
import { EngageLabFixture } from '../support/inProcess/maFixture';

const fx = new EngageLabFixture();
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => fx.reset());

const params = (options: INodeParameters = {}) => ({ euid: '={{ $json.id }}', email: '={{ $json.mail }}', options });
const rows = (n: number, mail = (i: number) => `user${i}@example.com`) =>
	Array.from({ length: n }, (_, i) => ({ id: String(1000 + i), mail: mail(i) }));
const euidOf = (i: number) => String(1000 + i);

describe('the pool', () => {
	it.each([1, 4, DEFAULT_CONCURRENCY, 12])('keeps at most %i requests in flight, and uses them', async (concurrency) => {
		fx.emulator.latencyMs = 15;
		// Item 0 is answered only once another request has been: with more than one slot, two overlap at any speed.
		if (concurrency > 1) fx.emulator.faultEuid(euidOf(0), { kind: 'delay', untilAnswered: 1 });

		const result = await fx.run(params({ concurrency }), rows(60));

		expect(result.items).toHaveLength(60);
		expect(fx.emulator.maxInFlight).toBeLessThanOrEqual(concurrency);
		if (concurrency > 1) expect(fx.emulator.maxInFlight).toBeGreaterThan(1);
	});

	it(`defaults to ${DEFAULT_CONCURRENCY} in flight`, async () => {
		fx.emulator.latencyMs = 15;
		fx.emulator.faultEuid(euidOf(0), { kind: 'delay', untilAnswered: 1 });

		await fx.run(params(), rows(40));

		expect(fx.emulator.maxInFlight).toBeLessThanOrEqual(DEFAULT_CONCURRENCY);
		expect(fx.emulator.maxInFlight).toBeGreaterThan(1);
	});

	it('starts the next request as soon as one finishes, not when a whole batch has', async () => {
		// Item 0 is answered only after 6 other requests have finished. With 3 in flight, a pool
		// sends items 1-6 through the 2 other slots meanwhile; batches of 3 would wait on item 0.
		fx.emulator.faultEuid(euidOf(0), { kind: 'delay', untilAnswered: 6 });

		const result = await fx.run(params({ concurrency: 3 }), rows(10));

		expect(result.status).toBe('success');
		const first = fx.emulator.received.find((r) => r.euid === euidOf(0))!;
		expect(first.finishedAs).toBeGreaterThanOrEqual(7);
		expect(fx.emulator.maxInFlight).toBeLessThanOrEqual(3);
	});
});

describe('order and pairing with answers out of order', () => {
	it('outputs come in input order, each paired with its input', async () => {
		const random = mulberry32(11);
		const n = 120;
		for (let i = 1; i < n; i++) fx.emulator.faultEuid(euidOf(i), { kind: 'delay', ms: Math.floor(random() * 25) });
		fx.emulator.faultEuid(euidOf(0), { kind: 'delay', untilAnswered: 10 });

		const result = await fx.run(params({ concurrency: 8 }), rows(n));

		const answerOrder = [...fx.emulator.received].sort((a, b) => a.finishedAs! - b.finishedAs!).map((r) => r.euid);
		expect(answerOrder).not.toEqual(rows(n).map((r) => r.id)); // answers did come back out of order
		expect(result.items.map((i) => [i.json.euid, i.json.contacts, i.pairedItem])).toEqual(
			rows(n).map((r, item) => [r.id, { email: r.mail }, { item }]),
		);
	});
});

describe('failures under concurrency', () => {
	/** Valid rows, an invalid EUID (refused before sending), business errors, and retries that run out. */
	const mixed = rows(40, (i) => (i % 9 === 4 ? `emulator-force-55108-${i}@x.co` : `user${i}@example.com`)).map((r, i) =>
		i % 13 === 6 ? { ...r, id: `bad-${i}` } : r,
	);
	const expected = (i: number): string => {
		if (i % 13 === 6) return `EUID "bad-${i}" is not valid: an EUID contains digits only (for example 10362473)`;
		if (i % 9 === 4) return 'EngageLab error 55108: Invalid EUID';
		if (i % 7 === 2) return 'EngageLab answered HTTP 502 with a body that is not JSON (after 2 attempts)';
		return 'ok';
	};
	const prepare = () => {
		fx.emulator.latencyMs = 5;
		for (let i = 0; i < mixed.length; i++) {
			if (i % 7 === 2) fx.emulator.faultEuid(euidOf(i), 'http502', 'http502');
			if (i % 5 === 0) fx.emulator.faultEuid(euidOf(i), { kind: 'delay', ms: 30 });
		}
	};

	it('continue on fail: one output per input, in order, each with its own result or error', async () => {
		prepare();

		const result = await fx.run(params({ concurrency: 6, maxAttempts: 2 }), mixed, { onError: 'continueRegularOutput' });

		expect(result.status).toBe('success');
		expect(result.items.map((i) => i.pairedItem)).toEqual(mixed.map((_, item) => ({ item })));
		expect(result.items.map((i) => (i.json.error as IDataObject | undefined)?.message ?? 'ok')).toEqual(
			mixed.map((_, i) => expected(i)),
		);
		expect(result.items.filter((i) => !i.json.error).map((i) => i.json.euid)).toEqual(
			mixed.filter((_, i) => expected(i) === 'ok').map((r) => r.id),
		);
	});

	it('continue using the error output: each item on the right output, paired', async () => {
		prepare();

		const result = await fx.run(params({ concurrency: 6, maxAttempts: 2 }), mixed, { onError: 'continueErrorOutput' });

		const ok = mixed.map((_, i) => i).filter((i) => expected(i) === 'ok');
		const failed = mixed.map((_, i) => i).filter((i) => expected(i) !== 'ok');
		expect(result.items.map((i) => i.pairedItem)).toEqual(ok.map((item) => ({ item })));
		expect(result.errorItems.map((i) => [i.pairedItem, (i.json.error as IDataObject).message, i.json.id])).toEqual(
			failed.map((item) => [{ item }, expected(item), mixed[item].id]),
		);
	});

	it('without continue on fail, the error is the first failing item in input order, even if a later one failed first', async () => {
		// Item 1's business error is answered late; item 3's at once, while item 1 is still in flight.
		fx.emulator.faultEuid(euidOf(1), { kind: 'delay', untilAnswered: 2, ms: 20 });
		const input = rows(12, (i) => (i === 1 || i === 3 ? `emulator-force-${i === 1 ? 55103 : 55108}@x.co` : `u${i}@x.co`));

		const result = await fx.run(params({ concurrency: 4 }), input);

		const error = result.error as NodeApiError;
		expect(error.message).toBe('EngageLab error 55103: User attribute value is empty');
		expect(error.context.itemIndex).toBe(1);
		const failures = fx.emulator.received.filter((r) => r.response.includes('"code":55'));
		expect(failures.sort((a, b) => a.finishedAs! - b.finishedAs!).map((r) => r.euid)).toEqual([euidOf(3), euidOf(1)]);
		// It stopped taking new items: not all 12 were sent.
		expect(fx.emulator.received.length).toBeLessThan(12);
	});

	it('without continue on fail, the error names the later items that were in flight and written all the same', async () => {
		// Items 0-3 start together; item 1 is refused at once, 0, 2 and 3 are answered (and written) after it.
		for (const i of [0, 2, 3]) fx.emulator.faultEuid(euidOf(i), { kind: 'delay', untilAnswered: 1 });
		const input = rows(12, (i) => (i === 1 ? 'emulator-force-55108@x.co' : `u${i}@x.co`));

		const result = await fx.run(params({ concurrency: 4 }), input);

		const error = result.error as NodeApiError;
		expect(error.message).toBe('EngageLab error 55108: Invalid EUID');
		expect(error.context.itemIndex).toBe(1);
		expect(error.context.writtenAfterError).toEqual([2, 3]);
		expect(error.description).toMatch(/The run stopped at item 1, but the requests for items 2, 3, already sent \(Concurrency\), succeeded: they were written to EngageLab\.$/);
		expect([...fx.emulator.contacts.keys()].sort()).toEqual([euidOf(0), euidOf(2), euidOf(3)]);
		expect(fx.emulator.received).toHaveLength(4);
	});

	it('one at a time, nothing after the failing item is written, and the error says nothing more', async () => {
		const input = rows(5, (i) => (i === 1 ? 'emulator-force-55108@x.co' : `u${i}@x.co`));

		const result = await fx.run(params({ concurrency: 1 }), input);

		const error = result.error as NodeApiError;
		expect(error.context.writtenAfterError).toBeUndefined();
		expect(error.description).not.toMatch(/stopped at item/);
		expect(fx.emulator.received).toHaveLength(2);
	});

	it('without continue on fail, an invalid item stops the run at that item', async () => {
		const input = rows(30).map((r, i) => (i === 9 ? { ...r, id: 'nine' } : r));

		const result = await fx.run(params({ concurrency: 4 }), input);

		expect((result.error as Error).message).toMatch(/^EUID "nine" is not valid/);
		expect((result.error as NodeApiError).context.itemIndex).toBe(9);
		expect(fx.emulator.received.map((r) => Number(r.euid) - 1000).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
	});
});

describe('pacing: Max Requests Per Second', () => {
	/** The k-th request (by arrival) came no sooner than `start` + (k - 1) intervals: never above the rate. */
	function expectPaced(received: ReceivedRequest[], start: number, perSecond: number) {
		const at = received.map((r) => r.at).sort((a, b) => a - b);
		at.forEach((t, k) => expect(t - start).toBeGreaterThanOrEqual((k * 1000) / perSecond - 1e-6));
	}

	it('spaces requests evenly, retries included (virtual clock)', async () => {
		fx.emulator.faultEuid(euidOf(3), 'http500');
		fx.emulator.faultEuid(euidOf(17), 'reset');
		const start = fx.timing.now();

		const result = await fx.run(params({ concurrency: 5, maxRequestsPerSecond: 10, retryDelay: 1 }), rows(30));

		expect(result.status).toBe('success');
		expect(fx.emulator.received).toHaveLength(32);
		expectPaced(fx.emulator.received, start, 10);
	});

	it('really waits with n8n\'s sleep (real clock)', async () => {
		const real = new EngageLabFixture({ timing: realTiming });
		await real.start();
		try {
			const start = Date.now();
			const result = await real.run(params({ concurrency: 5, maxRequestsPerSecond: 20 }), rows(25));
			expect(result.status).toBe('success');
			expectPaced(real.emulator.received, start, 20);
		} finally {
			await real.stop();
		}
	});

	it('0 means no pacing', async () => {
		await fx.run(params({ maxRequestsPerSecond: 0 }), rows(20));

		expect(fx.waits).toEqual([]);
	});
});

describe('Concurrency Mode Auto', () => {
	it(`starts at ${AUTO_INITIAL_CONCURRENCY}, grows while answers come back as fast, never above Concurrency (its cap)`, async () => {
		fx.emulator.latencyMs = 10;

		const result = await fx.run(params({ concurrencyMode: 'auto', concurrency: 24 }), rows(400));

		expect(result.status).toBe('success');
		expect(result.items.map((i) => [i.json.euid, i.pairedItem])).toEqual(rows(400).map((r, item) => [r.id, { item }]));
		expect(fx.emulator.maxInFlight).toBeGreaterThan(AUTO_INITIAL_CONCURRENCY);
		expect(fx.emulator.maxInFlight).toBeLessThanOrEqual(24);
	});

	it(`is version 2's default, with a cap of ${AUTO_MAX_CONCURRENCY}; version 1 stays at ${DEFAULT_CONCURRENCY} in flight`, async () => {
		fx.emulator.latencyMs = 10;
		const v2 = await fx.run(params(), rows(600), { typeVersion: 2 });
		expect(v2.status).toBe('success');
		expect(fx.emulator.maxInFlight).toBeGreaterThan(DEFAULT_CONCURRENCY);
		expect(fx.emulator.maxInFlight).toBeLessThanOrEqual(AUTO_MAX_CONCURRENCY);

		fx.reset();
		fx.emulator.latencyMs = 10;
		const v1 = await fx.run(params(), rows(600), { typeVersion: 1 });
		expect(v1.status).toBe('success');
		expect(fx.emulator.maxInFlight).toBeLessThanOrEqual(DEFAULT_CONCURRENCY);
	});

	it('Fixed keeps version 2 at Concurrency', async () => {
		fx.emulator.latencyMs = 10;
		fx.emulator.faultEuid(euidOf(0), { kind: 'delay', untilAnswered: 1 });
		await fx.run(params({ concurrencyMode: 'fixed' }), rows(200), { typeVersion: 2 });
		expect(fx.emulator.maxInFlight).toBeLessThanOrEqual(DEFAULT_CONCURRENCY);
		expect(fx.emulator.maxInFlight).toBeGreaterThan(1);
	});

	it('after 429s, every item is still delivered exactly once, in order, after a pause of the whole run', async () => {
		fx.emulator.latencyMs = 10;
		for (const i of [150, 151, 152]) fx.emulator.faultEuid(euidOf(i), { kind: 'http429', retryAfter: '1' });

		const result = await fx.run(params({ concurrencyMode: 'auto', concurrency: 64 }), rows(300));

		expect(result.status).toBe('success');
		expect(result.items.map((i) => [i.json.euid, i.json.code, i.pairedItem])).toEqual(rows(300).map((r, item) => [r.id, 0, { item }]));
		expect(fx.emulator.writes).toBe(300);
		expect(fx.emulator.received.filter((r) => r.status === 429)).toHaveLength(3);
		expect(Math.max(...fx.waits)).toBeGreaterThanOrEqual(1000);
	});

	it('behind an account rate limit, every item is delivered (retries after a 429 wait for a slot of the shrunk limit)', async () => {
		fx.emulator.latencyMs = 5;
		fx.emulator.rateLimit = 20; // requests a second, a second's worth of burst; 429 with Retry-After: 1 past it

		const result = await fx.run(params(), rows(400), { typeVersion: 2 });

		expect(result.status).toBe('success');
		expect(result.items.map((i) => [i.json.euid, i.json.code])).toEqual(rows(400).map((r) => [r.id, 0]));
		expect(fx.emulator.writes).toBe(400);
		expect(fx.emulator.rateLimited).toBeGreaterThan(0); // it did find the limit
	});

	it('when the account limit drops with many in flight, no item fails: retries wait for a slot of the shrunk limit, and 429s do not use up Max Attempts', async () => {
		fx.emulator.latencyMs = 5;
		const run = fx.run(params({ concurrency: 64 }), rows(600), { typeVersion: 2 });
		// Once Auto has grown, the account suddenly allows 5 requests a second.
		while (fx.emulator.received.length < 250) await new Promise((resolve) => setTimeout(resolve, 2));
		const inFlight = fx.emulator.maxInFlight;
		fx.emulator.rateLimit = 5;
		const result = await run;

		expect(inFlight).toBeGreaterThan(10);
		expect(fx.emulator.rateLimited).toBeGreaterThan(0);
		expect(result.status).toBe('success');
		expect(fx.emulator.writes).toBe(600);
	});

	it('tells n8n\'s debug log what it did (peak and last limit, decreases), once per run; Fixed logs nothing', async () => {
		const debug = jest.fn();
		const logger = jest.spyOn(ExecuteContext.prototype, 'logger', 'get').mockReturnValue({ debug } as never);
		const summary = (items: number) => ({
			node: 'EngageLab',
			items,
			peakLimit: expect.any(Number),
			finalLimit: expect.any(Number),
			decreasedOn429: expect.any(Number),
			decreasedOnLatency: expect.any(Number),
			maxOwnDelayMs: expect.any(Number),
			// What the credential's runs share (execution/sharedRateLimit.ts): this run alone.
			sharedWithRuns: 1,
			sharedCeilingPerSecond: expect.any(Number),
		});
		try {
			fx.emulator.latencyMs = 5;
			// The run's first answer is a 429 (items 1-3, in flight beside it, are answered after it),
			// so no latency decrease can come before it, however slow the machine.
			fx.emulator.faultEuid(euidOf(0), { kind: 'http429', retryAfter: '1' });
			for (const i of [1, 2, 3]) fx.emulator.faultEuid(euidOf(i), { kind: 'delay', untilAnswered: 1 });
			await fx.run(params(), rows(300), { typeVersion: 2 });
			expect(debug.mock.calls).toEqual([['EngageLab Concurrency Mode Auto', summary(300)]]);
			expect(debug.mock.calls[0][1].decreasedOn429).toBe(1);

			// Without a 429, slow start grows past the first limit on the first answers.
			debug.mockClear();
			fx.reset();
			fx.emulator.latencyMs = 5;
			await fx.run(params(), rows(300), { typeVersion: 2 });
			expect(debug.mock.calls).toEqual([['EngageLab Concurrency Mode Auto', summary(300)]]);
			expect(debug.mock.calls[0][1]).toMatchObject({ decreasedOn429: 0 });
			expect(debug.mock.calls[0][1].peakLimit).toBeGreaterThan(AUTO_INITIAL_CONCURRENCY);
			expect(debug.mock.calls[0][1].finalLimit).toBeLessThanOrEqual(debug.mock.calls[0][1].peakLimit);

			debug.mockClear();
			await fx.run(params(), rows(10), { typeVersion: 1 });
			expect(debug).not.toHaveBeenCalled();
		} finally {
			logger.mockRestore();
		}
	});

	it('Max Attempts 1 still turns retries off in Auto, 429s included; Max Attempts 2 retries a 429 more than once', async () => {
		fx.emulator.faultEuid(euidOf(2), { kind: 'http429', retryAfter: '1' });
		const once = await fx.run(params({ maxAttempts: 1 }), rows(5), { typeVersion: 2, continueOnFail: true });
		expect(once.items.map((i) => i.json.error === undefined)).toEqual([true, true, false, true, true]);

		fx.reset();
		for (let k = 0; k < 3; k++) fx.emulator.faultEuid(euidOf(2), { kind: 'http429', retryAfter: '1' });
		const twice = await fx.run(params({ maxAttempts: 2 }), rows(5), { typeVersion: 2 });
		expect(twice.status).toBe('success');
		expect(fx.emulator.received.filter((r) => r.euid === euidOf(2)).map((r) => r.status)).toEqual([429, 429, 429, 200]);
	});

	it('stopping at an error, requests still waiting for a slot are not sent (only those in flight complete)', async () => {
		fx.emulator.latencyMs = 10;
		const input = rows(200, (i) => (i === 10 ? `emulator-force-55108-${i}@x.co` : `user${i}@example.com`));

		const result = await fx.run(params({ concurrencyMode: 'auto', concurrency: 64 }), input);

		expect(result.status).toBe('error');
		expect((result.error as NodeApiError).context.itemIndex).toBe(10);
		// 64 items are taken up front (the cap), but the limit is still small when item 10 fails:
		// the ones waiting for a slot are dropped, not sent.
		expect(fx.emulator.received.length).toBeLessThan(40);
		expect(fx.emulator.received.map((r) => Number(r.euid) - 1000)).toContain(10);
	});

	it('refuses a Concurrency Mode that is neither Auto nor Fixed, sending nothing', async () => {
		const result = await fx.run(params({ concurrencyMode: 'fast' }), rows(3));

		expect(result.status).toBe('error');
		expect((result.error as Error).message).toBe('The option Concurrency Mode is "fast": it takes "auto" or "fixed"');
		expect(fx.emulator.received).toHaveLength(0);
	});
});
