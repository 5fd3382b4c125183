/**
 * Concurrency Mode Auto's runs of one credential sharing what they learn (execution/sharedRateLimit.ts),
 * as queue mode runs them (many executions of one account in one worker): the real runner,
 * Scheduler, AdaptiveConcurrency, RequestGate and engageLabRequest's retries, MA's answer reader,
 * and n8n's request helper replaced by a simulated EngageLab on a discrete-event clock (SimClock),
 * so twenty runs at once share exact virtual time. Every figure is a count or virtual time, the
 * same on any machine. Each scenario runs twice: the runs sharing one store, and each alone (no
 * SharedRun: the node before sharing).
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { AdaptiveConcurrency } from '../../nodes/EngageLab/execution/adaptiveConcurrency';
import { runJobs } from '../../nodes/EngageLab/execution/runner';
import { Scheduler } from '../../nodes/EngageLab/execution/scheduler';
import { SharedRateLimits } from '../../nodes/EngageLab/execution/sharedRateLimit';
import type { Job } from '../../nodes/EngageLab/execution/work';
import { MA } from '../../nodes/EngageLab/products/ma/ma.product';
import { AUTO_MAX_CONCURRENCY } from '../../nodes/EngageLab/runOptions';
import type { RequestSettings } from '../../nodes/EngageLab/transport/request';
import { RequestGate } from '../../nodes/EngageLab/transport/retry';
import { SimClock } from '../support/simClock';

/** An account allowing `perSecond` requests a second (a token bucket holding a second's worth), `latency` ms away; 429 with Retry-After: 1 past it. */
class SimAccount {
	attempts = 0;
	rejected = 0;
	/** Requests at the account now, and when they first reached each count: the ramp. */
	inFlight = 0;
	readonly reachedAt: number[] = [];
	private tokens: number;
	private at = 0;
	constructor(
		private readonly clock: SimClock,
		private readonly perSecond: number,
		private readonly latency: number,
		/** Tokens at the start (a second's worth: the bucket full; below 0: another sender used it up). */
		startTokens = perSecond,
	) {
		this.tokens = startTokens;
	}

	async answer(): Promise<{ statusCode: number; body: string; headers: Record<string, string> }> {
		this.attempts++;
		const now = this.clock.now();
		this.tokens = Math.min(this.perSecond, this.tokens + ((now - this.at) * this.perSecond) / 1000);
		this.at = now;
		const limited = this.tokens < 1;
		if (limited) this.rejected++;
		else this.tokens--;
		this.inFlight++;
		this.reachedAt[this.inFlight] ??= now;
		await this.clock.sleep(this.latency);
		this.inFlight--;
		return limited
			? { statusCode: 429, body: '{"message":"too many requests"}', headers: { 'retry-after': '1' } }
			: { statusCode: 200, body: '{"code":0,"message":"ok"}', headers: {} };
	}
}

function contextFor(account: SimAccount): IExecuteFunctions {
	const node = { id: 'sim', name: 'EngageLab', type: 'n8n-nodes-engagelab.engageLab', typeVersion: 2, position: [0, 0], parameters: {} };
	return {
		getNode: () => node,
		getExecutionCancelSignal: () => undefined,
		helpers: { httpRequestWithAuthentication: async () => await account.answer() },
	} as unknown as IExecuteFunctions;
}

/** One node run in Auto (the node's defaults: cap 200, Timeout 30 s, Max Attempts 3), `items` Set Contact-like calls, joined to `store` under `key` if given. */
async function nodeRun(clock: SimClock, account: SimAccount, items: number, store?: SharedRateLimits, key = 'engageLabApi https://sim k1') {
	const ctx = contextFor(account);
	const gate = new RequestGate(0, clock);
	const controller = new AdaptiveConcurrency(clock, { max: AUTO_MAX_CONCURRENCY, latencyCeiling: 30_000 / 4 });
	const shared = store?.join(key, { gate, timing: clock, controller });
	const settings: RequestSettings = {
		baseUrl: 'https://sim',
		redact: (text) => text,
		credentialType: 'engageLabApi',
		readAnswer: MA.readAnswer,
		timeout: 30_000,
		maxAttempts: 3,
		retryDelay: 1_000,
		gate,
		timing: clock,
	};
	const scheduler = new Scheduler(ctx, settings, AUTO_MAX_CONCURRENCY, controller, shared);
	function* work(): Iterator<Job> {
		for (let i = 0; i < items; i++) {
			yield { items: [i], call: { path: '/v1/user/contact', body: { euid: String(i) }, itemIndex: i, idempotent: true }, toResults: (answer) => [answer] };
		}
	}
	try {
		const output = await runJobs(ctx, work(), settings, { concurrency: AUTO_MAX_CONCURRENCY, continueOnFail: true, itemCount: items, scheduler });
		return { failed: output.filter((o) => o.json.error !== undefined).length, endedAt: clock.now() };
	} finally {
		shared?.leave();
	}
}

/** `runs` runs at once on one account, sharing one store or each alone. */
async function scenario({ runs, items, perSecond, latency, sharing, processes = 1, startTokens }: { runs: number; items: number; perSecond: number; latency: number; sharing: boolean; processes?: number; startTokens?: number }) {
	const clock = new SimClock();
	const account = new SimAccount(clock, perSecond, latency, startTokens);
	// One store per n8n process (queue mode: per worker), the runs spread over them.
	const stores = Array.from({ length: processes }, () => (sharing ? new SharedRateLimits() : undefined));
	const all = Promise.all(Array.from({ length: runs }, async (_, r) => await nodeRun(clock, account, items, stores[r % processes])));
	await clock.run(all);
	const results = await all;
	const figures = {
		sharing,
		/** When the account first had 90 requests in flight (what 200/s takes at 450 ms). */
		reached90At: account.reachedAt[90],
		failed: results.reduce((n, r) => n + r.failed, 0),
		attempts: account.attempts,
		rejected: account.rejected,
		share429: account.rejected / account.attempts,
		wallMs: clock.now(),
		boundMs: ((runs * items) / perSecond) * 1000,
	};
	process.stdout.write(`[shared rate limit] ${runs} runs × ${items} at ${perSecond}/s, ${latency} ms away${processes > 1 ? `, ${processes} processes` : ''}${startTokens !== undefined ? `, starting at ${startTokens} tokens` : ''}, ${sharing ? 'sharing' : 'each alone'}: ` +
		`${figures.rejected} of ${figures.attempts} answered 429 (${(figures.share429 * 100).toFixed(2)} %), ${figures.failed} failed, ` +
		`${(figures.wallMs / 1000).toFixed(1)} s virtual (bound ${(figures.boundMs / 1000).toFixed(1)} s)\n`);
	return figures;
}

describe('Auto runs of one credential share the pause after a 429 and the rate where 429s began', () => {
	it.each([
		// 2,000 requests in all: the first burst (one slow start for all, before any 429) is most of what is left.
		{ runs: 20, items: 100, perSecond: 100, latency: 10, goal: 0.03, fewer: 7, what: 'close by (10 ms): even one request in flight each is more than the account takes' },
		{ runs: 20, items: 500, perSecond: 100, latency: 10, goal: 0.02, fewer: 7, what: 'close by, 500 items each' },
		{ runs: 20, items: 500, perSecond: 200, latency: 450, goal: 0.02, fewer: 7, what: 'over the internet (450 ms per request: new connections)' },
		// Two processes learn apart, and 1,000 requests in a few seconds are mostly the bursts after the
		// first pauses, before a rate can be measured (at least 20 answers): far fewer, not under 2 %.
		{ runs: 20, items: 50, perSecond: 200, latency: 20, processes: 2, startTokens: -200, goal: 0.05, fewer: 7, what: 'queue mode\'s e2e phase (two workers, each its own store; the first second used up)' },
	])('$runs runs × $items at $perSecond/s, $what: $fewer× fewer 429s (under $goal), nothing failed, no slower', async ({ goal, fewer, ...s }) => {
		const alone = await scenario({ ...s, sharing: false });
		const shared = await scenario({ ...s, sharing: true });

		expect(alone.failed).toBe(0);
		expect(shared.failed).toBe(0);
		expect(alone.share429).toBeGreaterThan(0.15); // each backing off for itself (docs/SCALING.md)
		expect(shared.share429).toBeLessThan(goal);
		expect(shared.rejected * fewer).toBeLessThan(alone.rejected);
		// No throughput lost: on the same virtual clock, the shared runs end no later than the lone ones.
		expect(shared.wallMs).toBeLessThanOrEqual(alone.wallMs);
	});

	it('one run alone behind 200 requests/s, 450 ms away (the bench:network scenario): no more 429s than without sharing, under 2 %, within 1.2× the bound', async () => {
		const alone = await scenario({ runs: 1, items: 10_000, perSecond: 200, latency: 450, sharing: false });
		const shared = await scenario({ runs: 1, items: 10_000, perSecond: 200, latency: 450, sharing: true });

		expect(shared.failed).toBe(0);
		expect(shared.rejected).toBeLessThanOrEqual(alone.rejected);
		expect(shared.share429).toBeLessThan(0.02);
		expect(shared.wallMs).toBeLessThanOrEqual(shared.boundMs * 1.2);
	});

	it('one short run (1,000 items) behind 200 requests/s, 450 ms away: the 90 in flight that rate takes within 4 round trips (not 7, from 4 doubling then slowing at 32), nothing failed, 1.35× the bound', async () => {
		const shared = await scenario({ runs: 1, items: 1_000, perSecond: 200, latency: 450, sharing: true });

		expect(shared.reached90At).toBeLessThanOrEqual(4 * 450);
		expect(shared.failed).toBe(0);
		// Not the issue's 1.3×: the run gets ahead of 200/s, so the bucket's second of burst runs out at
		// 4 s with about 100 requests left, and those wait out a 1 s Retry-After (docs/BENCHMARKS.md).
		expect(shared.wallMs).toBeLessThanOrEqual(shared.boundMs * 1.35);
	});

	it('a run that starts while another is paused after a 429 waits for the pause to end, and then goes at the learned rate', async () => {
		const clock = new SimClock();
		const account = new SimAccount(clock, 50, 10);
		const store = new SharedRateLimits();
		const first = nodeRun(clock, account, 200, store);
		let secondStartedAt = 0;
		let secondFirstSentAt: number | undefined;
		const watcher = new SimAccount(clock, 1e9, 10);
		const origAnswer = watcher.answer.bind(watcher);
		watcher.answer = async () => {
			secondFirstSentAt ??= clock.now();
			return await origAnswer();
		};
		const second = (async () => {
			while (account.rejected === 0) await clock.sleep(1); // the first run's first 429 has been answered
			await clock.sleep(20);
			secondStartedAt = clock.now();
			return await nodeRun(clock, watcher, 10, store);
		})();
		const both = Promise.all([first, second]);
		await clock.run(both);
		const [a, b] = await both;

		expect(a.failed + b.failed).toBe(0);
		// Retry-After: 1 s from the first 429: the second run sent nothing before it ended.
		expect(secondFirstSentAt! - secondStartedAt).toBeGreaterThanOrEqual(900);
		expect(watcher.rejected).toBe(0);
	});
});
