/**
 * Concurrency mode Auto's controller (AIMD), on virtual time: its rules one by one on a clock
 * only the test's waits move, then whole runs against simulated APIs (a rate limit, a server that
 * queues) on a discrete-event clock, with the real RequestGate and the retry rules of
 * engageLabRequest (the whole node pauses after a 429; the request is tried again after
 * max(backoff, Retry-After)).
 */
import {
	AdaptiveConcurrency,
	AUTO_DECREASE,
	AUTO_INITIAL_CONCURRENCY,
} from '../../nodes/EngageLab/execution/adaptiveConcurrency';
import { AUTO_MAX_CONCURRENCY } from '../../nodes/EngageLab/runOptions';
import { AUTO_RATE_LIMIT_RETRIES } from '../../nodes/EngageLab/execution/scheduler';
import { backoffDelay, RequestGate } from '../../nodes/EngageLab/transport/retry';
import type { Timing } from '../../nodes/EngageLab/transport/clock';
import { mulberry32 } from '../support/emulator/random';
import { SimClock } from '../support/simClock';

/**
 * The rule-by-rule tests' clock: only waits move it, so a latency is exactly what the test slept.
 * (VirtualTiming also runs with real time, and a loaded machine can add tens of milliseconds
 * between a round's start and end: enough to make a tolerated 2.5× round a congested 3×.)
 */
class StillTiming implements Timing {
	private t = 1_000_000;
	readonly now = (): number => this.t;
	readonly sleep = async (ms: number): Promise<void> => {
		this.t += Math.max(0, ms);
		await new Promise<void>((resolve) => setImmediate(resolve));
	};
	readonly random = mulberry32(1);
}

/** Runs `limit` saturated requests of `latency` ms each, one round, on the still clock. */
async function round(controller: AdaptiveConcurrency, timing: StillTiming, latency: number): Promise<void> {
	await timing.sleep(1); // a new round starts after whatever came before it
	const tickets = Array.from({ length: controller.limit }, () => controller.start());
	await timing.sleep(latency);
	for (const ticket of tickets) controller.finish(ticket);
}

describe('AdaptiveConcurrency, rule by rule', () => {
	let timing: StillTiming;
	beforeEach(() => (timing = new StillTiming()));

	it(`starts low (${AUTO_INITIAL_CONCURRENCY}) and doubles every round while latency holds (slow start)`, async () => {
		const controller = new AdaptiveConcurrency(timing, { max: 1000 });
		expect(controller.limit).toBe(AUTO_INITIAL_CONCURRENCY);
		const limits = [];
		for (let i = 0; i < 4; i++) {
			await round(controller, timing, 100);
			limits.push(controller.limit);
		}
		expect(limits).toEqual([8, 16, 32, 64]);
	});

	it('never goes above the cap', async () => {
		const controller = new AdaptiveConcurrency(timing, { max: 20 });
		for (let i = 0; i < 10; i++) await round(controller, timing, 100);
		expect(controller.limit).toBe(20);
		expect(controller.active).toBe(0);
	});

	it('does not grow while the limit is not used (fewer requests than it allows)', async () => {
		const controller = new AdaptiveConcurrency(timing, { max: 100 });
		for (let i = 0; i < 20; i++) {
			const ticket = controller.start(); // one at a time: the limit is never reached
			await timing.sleep(100);
			controller.finish(ticket);
		}
		expect(controller.limit).toBe(AUTO_INITIAL_CONCURRENCY);
	});

	it('halves on the first 429 in slow start, then grows by one per round (additive increase)', async () => {
		const controller = new AdaptiveConcurrency(timing, { max: 1000 });
		for (let i = 0; i < 3; i++) await round(controller, timing, 100); // 32
		const tickets = Array.from({ length: controller.limit }, () => controller.start());
		controller.rateLimited();
		expect(controller.limit).toBe(16);
		await timing.sleep(100);
		for (const ticket of tickets) controller.finish(ticket);
		const after = [];
		for (let i = 0; i < 3; i++) {
			await round(controller, timing, 100);
			after.push(controller.limit);
		}
		expect(after).toEqual([17, 18, 19]);
	});

	it('halves on a 429 that is the run\'s first answer, and once only for the requests then in flight', async () => {
		const controller = new AdaptiveConcurrency(timing, { max: 1000 });
		const tickets = Array.from({ length: controller.limit }, () => controller.start());
		await timing.sleep(50);
		controller.rateLimited();
		controller.rateLimited(); // the same 429 seen by the gate's hold as well
		expect(controller.limit).toBe(AUTO_INITIAL_CONCURRENCY / 2);
		for (const ticket of tickets) controller.finish(ticket);
		expect(controller.summary().decreasedOn429).toBe(1);
	});

	it(`takes ${Math.round((1 - AUTO_DECREASE) * 100)} % off per 429 once out of slow start, at most once per 1.5 round trips`, async () => {
		const controller = new AdaptiveConcurrency(timing, { max: 1000 });
		for (let i = 0; i < 4; i++) await round(controller, timing, 100); // 64
		const inFlight = Array.from({ length: 64 }, () => controller.start());
		controller.rateLimited(); // slow start ends: 32
		await timing.sleep(150);
		for (const ticket of inFlight) controller.finish(ticket);
		await round(controller, timing, 100); // 33
		expect(controller.limit).toBe(33);
		const tickets = Array.from({ length: 33 }, () => controller.start());
		controller.rateLimited();
		controller.rateLimited(); // the same burst of 429s: no second decrease
		await timing.sleep(50);
		controller.rateLimited();
		expect(controller.limit).toBe(Math.floor(33 * AUTO_DECREASE));
		await timing.sleep(110);
		controller.rateLimited(); // 1.5 round trips later: counts again
		expect(controller.limit).toBe(Math.floor(33 * AUTO_DECREASE * AUTO_DECREASE));
		for (const ticket of tickets) controller.finish(ticket);
		expect(controller.history.map((h) => h.reason)).toEqual(['rateLimited', 'rateLimited', 'rateLimited']);
	});

	it('shrinks when a round is much slower than the baseline (rising latency), and not on noise', async () => {
		const controller = new AdaptiveConcurrency(timing, { max: 1000 });
		for (let i = 0; i < 4; i++) await round(controller, timing, 100); // 64, baseline 100 ms
		await round(controller, timing, 250); // 2.5×: tolerated (a busy client's own queue)
		expect(controller.limit).toBe(128);
		await round(controller, timing, 400); // 4×: congestion (the round's own doubling to 256 is halved)
		expect(controller.limit).toBe(128);
		expect(controller.history).toEqual([expect.objectContaining({ reason: 'latency', limit: 128 })]);
		await round(controller, timing, 100); // back to the baseline: grows again, by one per round now
		expect(controller.limit).toBe(129);
	});

	it('shrinks at once on an answer slower than the ceiling, without waiting for its round to end', async () => {
		const controller = new AdaptiveConcurrency(timing, { max: 1000, latencyCeiling: 7_500 });
		for (let i = 0; i < 3; i++) await round(controller, timing, 100); // 32, baseline 100 ms
		const tickets = Array.from({ length: 32 }, () => controller.start());
		await timing.sleep(8_000);
		controller.finish(tickets[0]); // one answer of 32, 8 s late
		expect(controller.limit).toBe(16);
		expect(controller.history).toEqual([expect.objectContaining({ reason: 'latency', limit: 16 })]);
		for (const ticket of tickets.slice(1)) controller.finish(ticket); // the same slow round: no second decrease
		expect(controller.limit).toBe(16);
	});

	it('without a ceiling, a slow answer waits for its round (the median) to count', async () => {
		const controller = new AdaptiveConcurrency(timing, { max: 1000 });
		for (let i = 0; i < 3; i++) await round(controller, timing, 100);
		const tickets = Array.from({ length: 32 }, () => controller.start());
		await timing.sleep(8_000);
		controller.finish(tickets[0]);
		expect(controller.history).toEqual([]);
		for (const ticket of tickets.slice(1)) controller.finish(ticket);
	});

	it('ignores the latency of requests that waited behind a 429 pause', async () => {
		const controller = new AdaptiveConcurrency(timing, { max: 1000 });
		for (let i = 0; i < 3; i++) await round(controller, timing, 100); // 32
		const waiting = Array.from({ length: 32 }, () => controller.start());
		controller.holdUntil(timing.now() + 5_000); // the gate pauses everything for 5 s
		expect(controller.limit).toBe(16);
		await timing.sleep(5_100);
		for (const ticket of waiting) controller.finish(ticket); // 5.1 s each: not a latency sample
		await timing.sleep(200);
		await round(controller, timing, 100);
		expect(controller.limit).toBe(17);
		expect(controller.history).toHaveLength(1);
	});

	it('sums up what it did (for n8n\'s debug log): peak, last limit, decreases by reason', async () => {
		const controller = new AdaptiveConcurrency(timing, { max: 1000, latencyCeiling: 7_500 });
		for (let i = 0; i < 4; i++) await round(controller, timing, 100); // 64
		const inFlight = Array.from({ length: 64 }, () => controller.start());
		controller.rateLimited(); // 32
		await timing.sleep(100);
		for (const ticket of inFlight) controller.finish(ticket);
		await timing.sleep(1_000);
		const slow = controller.start();
		await timing.sleep(8_000);
		controller.finish(slow); // 25

		expect(controller.summary()).toEqual({ peakLimit: 64, finalLimit: 25, decreasedOn429: 1, decreasedOnLatency: 1, maxOwnDelayMs: 0 });
	});

	it('takes the process\'s own delay off each latency: a round 4× slower only because this process is busy is not congestion', async () => {
		let own = 0;
		const controller = new AdaptiveConcurrency(timing, { max: 1000, ownDelay: () => own });
		for (let i = 0; i < 4; i++) await round(controller, timing, 100); // 64, baseline 100 ms
		own = 300; // the answers waited 300 ms for the main thread
		await round(controller, timing, 400);
		expect(controller.history).toEqual([]);
		expect(controller.limit).toBe(128); // still slow start
		expect(controller.summary().maxOwnDelayMs).toBe(300);
	});

	it('still shrinks when the latency grows more than the process\'s own delay explains (a slower server)', async () => {
		let own = 0;
		const controller = new AdaptiveConcurrency(timing, { max: 1000, ownDelay: () => own });
		for (let i = 0; i < 4; i++) await round(controller, timing, 100); // 64, baseline 100 ms
		own = 50;
		await round(controller, timing, 400); // 350 ms beyond the process's own delay: 3.5×
		expect(controller.history).toEqual([expect.objectContaining({ reason: 'latency', limit: 64 })]);
	});

	it('still shrinks at once on an answer slower than the ceiling when the wait was this process\'s own (the Timeout counts it too)', async () => {
		const controller = new AdaptiveConcurrency(timing, { max: 1000, latencyCeiling: 7_500, ownDelay: () => 7_900 });
		for (let i = 0; i < 3; i++) await round(controller, timing, 100); // 32
		const tickets = Array.from({ length: 32 }, () => controller.start());
		await timing.sleep(8_000);
		controller.finish(tickets[0]);
		expect(controller.history).toEqual([expect.objectContaining({ reason: 'latency', limit: 16 })]);
		for (const ticket of tickets.slice(1)) controller.finish(ticket);
	});

	it('starts at a higher limit when its credential\'s shared window holds the start back (startAt), only before its first answer', async () => {
		const controller = new AdaptiveConcurrency(timing, { max: 24 });
		controller.startAt(16);
		expect(controller.limit).toBe(16);
		controller.startAt(100);
		expect(controller.limit).toBe(24); // never above the cap

		const later = new AdaptiveConcurrency(timing, { max: 1000 });
		await round(later, timing, 100);
		later.startAt(64);
		expect(later.limit).toBe(AUTO_INITIAL_CONCURRENCY * 2); // it has measured: its own slow start goes on
	});

	it('never goes below 1', async () => {
		const controller = new AdaptiveConcurrency(timing, { max: 10, initial: 1 });
		for (let i = 0; i < 5; i++) {
			controller.rateLimited();
			await timing.sleep(10_000);
		}
		expect(controller.limit).toBe(1);
	});
});

interface Api {
	/** A request arrives: whether the rate limit lets it through, and when its answer is back (ms after sending). */
	send(clock: SimClock): { limited: boolean; latency: number; done?: () => void };
}

/** A gateway allowing `perSecond` requests a second (token bucket, a second's worth of burst), `latency` away. */
function rateLimitedApi(perSecond: number, latency: number): Api & { rejected: number } {
	let tokens = perSecond;
	let at = 0;
	const api = {
		rejected: 0,
		send(clock: SimClock) {
			tokens = Math.min(perSecond, tokens + ((clock.now() - at) * perSecond) / 1000);
			at = clock.now();
			const limited = tokens < 1;
			if (limited) api.rejected++;
			else tokens--;
			return { limited, latency };
		},
	};
	return api;
}

/** A server with `workers` parallel workers, each request `service` ms of work; the rest queue (behind `busyFirst` ms of other work). */
function queueingApi(workers: number, service: number, rtt: number, busyFirst = 0): Api {
	const busyUntil: number[] = Array.from({ length: workers }, () => busyFirst);
	return {
		send(clock: SimClock) {
			const arrival = clock.now() + rtt / 2;
			const worker = busyUntil.indexOf(Math.min(...busyUntil));
			const start = Math.max(arrival, busyUntil[worker]);
			busyUntil[worker] = start + service;
			return { limited: false, latency: start + service + rtt / 2 - clock.now() };
		},
	};
}

/**
 * `jobs` requests through a pool limited by the controller, as runner.ts does, each attempt
 * through the run's gate; a 429 pauses the whole run for max(backoff, Retry-After 1 s) and is
 * tried again (3 attempts, as engageLabRequest does by default, plus Auto's free 429 retries).
 */
async function simulate(api: Api, jobs: number, max: number) {
	const clock = new SimClock();
	const run = simulateOn(clock, api, jobs, max);
	await clock.run(run);
	return await run;
}

/**
 * This process's main thread, shared by its runs: each answer takes `perAnswerMs` of it once it
 * has arrived, in arrival order. `lag` is the longest an answer waited for it lately (what
 * eventLoopLag.ts measures with its timer).
 */
class BusyProcess {
	private freeAt = 0;
	private readonly waits: Array<{ at: number; wait: number }> = [];
	constructor(
		private readonly clock: SimClock,
		private readonly perAnswerMs: number,
	) {}

	readonly lag = (withinMs: number) => {
		const since = this.clock.now() - withinMs;
		return Math.max(0, ...this.waits.filter((w) => w.at >= since).map((w) => w.wait));
	};

	/** An answer arrived: resolves once the main thread has handled it. */
	async handle(): Promise<void> {
		const arrived = this.clock.now();
		this.freeAt = Math.max(this.freeAt, arrived) + this.perAnswerMs;
		await this.clock.sleep(this.freeAt - arrived);
		this.waits.push({ at: this.clock.now(), wait: this.clock.now() - arrived });
		if (this.waits.length > 200) this.waits.shift();
	}
}

/** One node run on a shared clock (several may share one API, as executions share an account). */
async function simulateOn(clock: SimClock, api: Api, jobs: number, max: number, busy?: BusyProcess) {
	const gate = new RequestGate(0, clock);
	// As the node makes it at the default Timeout (30 s).
	const controller = new AdaptiveConcurrency(clock, { max, latencyCeiling: 30_000 / 4, ownDelay: busy?.lag });
	/** In flight over time, at each change: the ramp. */
	const ramp: Array<{ at: number; inFlight: number }> = [];
	gate.onHold = (until) => controller.holdUntil(until);
	let inFlight = 0;
	let maxInFlight = 0;
	let slowest = 0;
	let next = 0;
	let failed = 0;
	let attempts = 0;
	const job = async () => {
		// Auto retries up to AUTO_RATE_LIMIT_RETRIES 429s on top of Max Attempts (3).
		let freeRetries = 0;
		for (let attempt = 1; ; attempt++) {
			await gate.enter();
			attempts++;
			const answer = api.send(clock);
			slowest = Math.max(slowest, answer.latency);
			await clock.sleep(answer.latency);
			await busy?.handle();
			if (!answer.limited) return;
			if (freeRetries < AUTO_RATE_LIMIT_RETRIES) freeRetries++;
			else if (attempt - freeRetries >= 3) return void failed++;
			const wait = Math.max(backoffDelay(attempt, 1000, clock.random), 1000);
			gate.holdUntilTime(clock.now() + wait);
			await clock.sleep(wait);
		}
	};
	const done = new Promise<void>((resolve) => {
		const fill = () => {
			while (inFlight < controller.limit && next < jobs) {
				next++;
				inFlight++;
				maxInFlight = Math.max(maxInFlight, inFlight);
				ramp.push({ at: clock.now(), inFlight });
				const ticket = controller.start();
				void job().then(() => {
					inFlight--;
					controller.finish(ticket);
					fill();
				});
			}
			if (inFlight === 0) resolve();
		};
		fill();
	});
	await done;
	return { wallMs: clock.now(), maxInFlight, failed, attempts, controller, slowest, ramp };
}

describe('AdaptiveConcurrency in whole runs (simulated API, virtual time)', () => {
	it('finds a 200 requests/s limit 450 ms away: wall time ≤ 1.2× the bound, < 2 % 429s, nothing failed', async () => {
		const api = rateLimitedApi(200, 450);

		const run = await simulate(api, 10_000, AUTO_MAX_CONCURRENCY);

		const bound = (10_000 / 200) * 1000;
		expect(run.failed).toBe(0);
		expect(run.wallMs).toBeLessThanOrEqual(bound * 1.2);
		expect(api.rejected / run.attempts).toBeLessThan(0.02);
		expect(run.maxInFlight).toBeLessThanOrEqual(AUTO_MAX_CONCURRENCY);
	});

	it('finds the same limit 750 ms away (250 ms RTT), a little slower: it climbs one per round of 750 ms', async () => {
		const api = rateLimitedApi(200, 750);

		const run = await simulate(api, 10_000, AUTO_MAX_CONCURRENCY);

		expect(run.failed).toBe(0);
		expect(run.wallMs).toBeLessThanOrEqual(50_000 * 1.3);
		expect(api.rejected / run.attempts).toBeLessThan(0.02);
	});

	it('with no limit, climbs to the cap and stays there: latency-bound throughput', async () => {
		const api = rateLimitedApi(1e9, 450);

		const run = await simulate(api, 10_000, AUTO_MAX_CONCURRENCY);

		expect(run.maxInFlight).toBe(AUTO_MAX_CONCURRENCY);
		expect(run.controller.limit).toBe(AUTO_MAX_CONCURRENCY);
		// The latency bound at the cap: 10,000 × 450 ms / 200 = 22.5 s; slow start costs a few rounds.
		expect(run.wallMs).toBeLessThan(22_500 * 1.2);
		expect(run.controller.history).toEqual([]);
	});

	it('20 runs at once sharing one account (queue mode), each on its own: nothing fails and the account limit is used, at the price of many 429s', async () => {
		// Each execution with its own controller and pause (no shared store: what the runs of one
		// credential learn together is test/integration/sharedRateLimit.test.ts): 20 of them, 10 ms
		// from a 100 requests/s account, still send more than it takes even at one request in flight each.
		const clock = new SimClock();
		const api = rateLimitedApi(100, 10);
		const all = Promise.all(Array.from({ length: 20 }, () => simulateOn(clock, api, 100, AUTO_MAX_CONCURRENCY)));
		await clock.run(all);
		const runs = await all;

		const attempts = runs.reduce((n, r) => n + r.attempts, 0);
		expect(runs.map((r) => r.failed)).toEqual(Array.from({ length: 20 }, () => 0));
		expect(clock.now()).toBeLessThanOrEqual(20_000 * 1.6); // the bound: 2,000 requests at 100/s
		// What docs/SCALING.md says: each run backs off only for itself, so 429s are many (about 30 %
		// here); Max Requests Per Second = limit ÷ executions avoids them.
		expect(api.rejected / attempts).toBeGreaterThan(0.1);
	});

	it('10 runs in one busy process (a queue-mode worker\'s executions): answers never near the 30 s Timeout', async () => {
		// The process handles 100 requests a second (10 ms of CPU each, one queue for all runs);
		// every request waits its turn there. Each run alone would see its latency rise only slowly.
		const clock = new SimClock();
		const api = queueingApi(1, 10, 20, 8_000); // busy for its first 3 s (ten executions starting)
		const all = Promise.all(Array.from({ length: 10 }, () => simulateOn(clock, api, 500, AUTO_MAX_CONCURRENCY)));
		await clock.run(all);
		const runs = await all;

		const slowest = Math.max(...runs.map((r) => r.slowest));
		expect(slowest).toBeLessThan(15_000);
		expect(clock.now()).toBeLessThan((3_000 + 50_000) * 1.2); // 5,000 requests at 100/s
	});

	it('reaches 60 in flight in 4 round trips of 150 ms on a short run (1,000 requests, idle machine): slow start doubles from 4', async () => {
		const clock = new SimClock();
		const run = simulateOn(clock, rateLimitedApi(1e9, 150), 1_000, AUTO_MAX_CONCURRENCY);
		await clock.run(run);
		const { ramp, controller } = await run;

		expect(ramp.find((r) => r.inFlight >= 60)!.at).toBeLessThanOrEqual(4 * 150 + 10);
		expect(controller.history).toEqual([]);
	});

	it('on a busy machine (12 ms of main thread per answer), reaches Concurrency 60 in a few round trips and stays there: no decrease for its own delay', async () => {
		// 150 ms away, no rate limit: at 60 in flight answers wait up to 720 ms here, more than 3× the
		// round trip. The run is bound by the main thread (83 answers/s); with the rules before
		// ownDelay, Auto took 5 latency decreases (60 -> 30, then 39 again and again) for it.
		const clock = new SimClock();
		const busy = new BusyProcess(clock, 12);
		const api = rateLimitedApi(1e9, 150);
		const run = simulateOn(clock, api, 3_000, 60, busy);
		await clock.run(run);
		const { ramp, controller, failed, wallMs } = await run;

		const reachedCap = ramp.find((r) => r.inFlight === 60)?.at;
		expect(reachedCap).toBeLessThan(8 * 150); // 4 -> 8 -> 16 -> 32 -> 60: a few round trips, as long as this process makes them
		expect(controller.history).toEqual([]);
		expect(controller.limit).toBe(60);
		expect(failed).toBe(0);
		expect(wallMs).toBeLessThan(3_000 * 12 * 1.05); // the main thread's bound: 36 s
	});

	it('in front of a server that queues, settles near its capacity instead of the cap', async () => {
		// 40 workers × 100 ms = 400 requests/s at most; more in flight only waits in its queue.
		const api = queueingApi(40, 100, 20);

		const run = await simulate(api, 10_000, 500);

		expect(run.controller.history.some((h) => h.reason === 'latency')).toBe(true);
		expect(run.controller.limit).toBeLessThan(150);
		expect(run.wallMs).toBeLessThan((10_000 / 400) * 1000 * 1.3);
	});
});
