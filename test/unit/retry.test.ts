import { backoffDelay, MAX_BACKOFF_MS, parseRetryAfter, RequestGate, RATE_LIMIT_BUDGET_MS } from '../../nodes/EngageLab/transport/retry';
import type { Timing } from '../../nodes/EngageLab/transport/clock';
import { mulberry32 } from '../support/emulator/random';

describe('backoffDelay', () => {
	it('doubles from the base delay, jittered between half and the whole', () => {
		expect(backoffDelay(1, 1000, () => 0)).toBe(500);
		expect(backoffDelay(1, 1000, () => 0.999999)).toBeCloseTo(1000, 2);
		expect(backoffDelay(2, 1000, () => 0)).toBe(1000);
		expect(backoffDelay(3, 1000, () => 0.5)).toBe(3000);
	});

	it(`never exceeds ${MAX_BACKOFF_MS} ms`, () => {
		expect(backoffDelay(30, 1000, () => 0.999999)).toBeLessThanOrEqual(MAX_BACKOFF_MS);
		expect(backoffDelay(30, 1000, () => 0)).toBe(MAX_BACKOFF_MS / 2);
	});

	it('is 0 with a base delay of 0', () => {
		expect(backoffDelay(3, 0, () => 0.7)).toBe(0);
	});
});

describe('parseRetryAfter', () => {
	const now = Date.parse('2025-03-01T10:00:00Z');

	it.each([
		['7', 7000],
		[' 120 ', 120_000],
		['0', 0],
		['1.5', 1500],
		['Sat, 01 Mar 2025 10:00:30 GMT', 30_000],
		['Sat, 01 Mar 2025 09:59:00 GMT', 0],
		[['3', '9'], 3000],
	])('%p → %p ms', (header, ms) => {
		expect(parseRetryAfter(header, now)).toBe(ms);
	});

	it.each([undefined, '', 'soon', '-5', '12-12', 42])('%p is not a Retry-After', (header) => {
		expect(parseRetryAfter(header, now)).toBeUndefined();
	});
});

/** A virtual clock; `overshoot` makes every wait last longer than asked, like a late timer. */
function virtualClock(overshoot = 0): Timing & { t: number } {
	const clock = {
		t: 1_000_000,
		now: () => clock.t,
		sleep: async (ms: number) => {
			clock.t += ms + overshoot;
			await Promise.resolve();
		},
		random: mulberry32(1),
	};
	return clock;
}

/** Sends `n` requests through the gate at once; the clock time each one was let through. */
async function passTimes(gate: RequestGate, clock: { t: number }, n: number): Promise<number[]> {
	const times: number[] = [];
	await Promise.all(
		Array.from({ length: n }, async () => {
			await gate.enter();
			times.push(clock.t);
		}),
	);
	return times;
}

describe('RequestGate', () => {
	it('with no pacing and no pause, lets everything through at once', async () => {
		const clock = virtualClock();
		const gate = new RequestGate(0, clock);

		expect(await passTimes(gate, clock, 5)).toEqual([1_000_000, 1_000_000, 1_000_000, 1_000_000, 1_000_000]);
	});

	it('spaces requests by the interval: never more than the rate in any window', async () => {
		const clock = virtualClock();
		const gate = new RequestGate(100, clock);

		const times = await passTimes(gate, clock, 25);

		expect(times[0]).toBe(1_000_000);
		for (let k = 1; k < times.length; k++) expect(times[k] - times[k - 1]).toBeGreaterThanOrEqual(100);
		for (let k = 10; k < times.length; k++) expect(times[k] - times[k - 10]).toBeGreaterThanOrEqual(1000);
	});

	it('charges a request its cost: a batch of 500 targets at 500 per second holds the next request a second', async () => {
		const clock = virtualClock();
		const gate = new RequestGate(2, clock);
		const times: number[] = [];
		await Promise.all(
			[500, 1, 250, 1].map(async (cost) => {
				await gate.enter(cost);
				times.push(clock.t);
			}),
		);

		expect(times).toEqual([1_000_000, 1_001_000, 1_001_002, 1_001_502]);
		expect(gate.perSecond).toBe(500);
		expect(new RequestGate(0, clock).perSecond).toBeUndefined();
	});

	it('measures the spacing from when requests really passed: a late timer does not shorten the next gap', async () => {
		const clock = virtualClock(70);
		const gate = new RequestGate(100, clock);

		const times = await passTimes(gate, clock, 10);

		for (let k = 1; k < times.length; k++) expect(times[k] - times[k - 1]).toBeGreaterThanOrEqual(100);
	});

	it('a pause holds back every request until it ends, then pacing resumes', async () => {
		const clock = virtualClock();
		const gate = new RequestGate(100, clock);
		gate.holdUntilTime(clock.t + 5000);

		const times = await passTimes(gate, clock, 3);

		expect(times).toEqual([1_005_000, 1_005_100, 1_005_200]);
	});

	it('a pause set while requests wait for pacing still holds them', async () => {
		const clock = virtualClock();
		const gate = new RequestGate(100, clock);
		const waiting = passTimes(gate, clock, 3);
		gate.holdUntilTime(clock.t + 2000);

		expect(await waiting).toEqual([1_000_000, 1_002_000, 1_002_100]);
	});

	it('stops waiting once the execution is cancelled', async () => {
		const clock = virtualClock();
		const controller = new AbortController();
		const gate = new RequestGate(1000, clock, controller.signal);
		await gate.enter();
		controller.abort();

		await gate.enter();

		expect(clock.t).toBe(1_000_000);
	});

	it('lets none of its waiting requests through once the execution is cancelled, and takes no turn for them', async () => {
		const clock = virtualClock();
		const controller = new AbortController();
		const gate = new RequestGate(1000, clock, controller.signal);
		await gate.enter();
		const waiting = [gate.enter(), gate.enter()];
		controller.abort();
		await Promise.all(waiting);

		// Each waiter ends at once (the caller sees the signal and sends nothing): no pacing interval was spent.
		expect(clock.t).toBeLessThan(1_002_000);
		expect(gate.enter()).toBeUndefined();
	});

	it('stops the run after RATE_LIMIT_BUDGET_MS of nothing but 429s; any other answer starts the count again', () => {
		const clock = virtualClock();
		const gate = new RequestGate(0, clock);
		gate.noteAnswer(true);
		clock.t += RATE_LIMIT_BUDGET_MS - 1;
		gate.noteAnswer(true);
		expect(gate.rateLimitExhausted()).toBeUndefined();
		gate.noteAnswer(false);
		clock.t += RATE_LIMIT_BUDGET_MS;
		expect(gate.rateLimitExhausted()).toBeUndefined();

		gate.noteAnswer(true);
		clock.t += RATE_LIMIT_BUDGET_MS;
		gate.noteAnswer(true);
		expect(gate.rateLimitExhausted()).toBe(2);
	});
});

