/**
 * The store of what Auto's runs of one credential share (execution/sharedRateLimit.ts), rule by
 * rule on a clock only the test moves: keys without the secret, nothing shared between
 * credentials, the pause and the ceiling shared within one, growth and expiry, the bound on
 * what is remembered. Whole runs sharing it: test/integration/sharedRateLimit.test.ts.
 */
import { CEILING_MARGIN, CEILING_TTL_MS, credentialKey, GROWTH_MS, MAX_REMEMBERED, SharedRateLimits } from '../../nodes/EngageLab/execution/sharedRateLimit';
import type { Timing } from '../../nodes/EngageLab/transport/clock';
import { RequestGate } from '../../nodes/EngageLab/transport/retry';

class StillTiming implements Timing {
	t = 1_000_000;
	readonly now = (): number => this.t;
	readonly sleep = async (ms: number): Promise<void> => {
		this.t += Math.max(0, ms);
		await Promise.resolve();
	};
	readonly random = (): number => 0.5;
}

/** Lets every promise that can settle do so. */
const settle = async () => await new Promise((resolve) => setImmediate(resolve));

const KEY = credentialKey('engageLabApi', 'https://ma-api.engagelab.com', 'key-1');

describe('sharedRateLimits', () => {
	let timing: StillTiming;
	let store: SharedRateLimits;
	beforeEach(() => {
		timing = new StillTiming();
		store = new SharedRateLimits();
	});
	const run = (key = KEY) => {
		const gate = new RequestGate(0, timing);
		const controller = { holdUntil: jest.fn(), quietUntil: jest.fn() };
		return { gate, controller, shared: store.join(key, { gate, timing, controller }) };
	};
	/** EngageLab answers `perSecond` requests a second for `ms` through `gate` (the runs' answers). */
	const answers = (gate: RequestGate, perSecond: number, ms: number) => {
		for (const end = timing.t + ms; timing.t < end; timing.t += 1000 / perSecond) gate.noteAnswer(false);
	};
	/** A 429 on `gate`: the run pauses for Retry-After 1 s. */
	const rateLimited = (gate: RequestGate) => gate.holdUntilTime(timing.now() + 1_000);
	const held = (gate: RequestGate) => gate.enter() !== undefined;

	it('keys a credential by product, host and key ID, never holding the key ID (or any secret) in clear', () => {
		expect(credentialKey('engageLabApi', 'https://a', 'key-1')).toBe(credentialKey('engageLabApi', 'https://a', 'key-1'));
		const others = [credentialKey('engageLabSmsApi', 'https://a', 'key-1'), credentialKey('engageLabApi', 'https://b', 'key-1'), credentialKey('engageLabApi', 'https://a', 'key-2')];
		expect(new Set([credentialKey('engageLabApi', 'https://a', 'key-1'), ...others]).size).toBe(4);
		expect(credentialKey('engageLabApi', 'https://a', 'my-key-id-123')).not.toContain('my-key-id-123');
	});

	it('a 429 pauses every run of the credential until its Retry-After, and each run\'s controller shrinks; no other credential\'s run', async () => {
		const a = run();
		const b = run();
		const other = run(credentialKey('engageLabApi', 'https://ma-api.engagelab.com', 'key-2'));
		const otherHost = run(credentialKey('engageLabApi', 'https://ma-api-sgp.engagelab.com', 'key-1'));

		rateLimited(a.gate);

		expect(held(b.gate)).toBe(true);
		expect(b.controller.holdUntil).toHaveBeenCalledWith(timing.now() + 1_000);
		expect(a.controller.holdUntil).toHaveBeenCalledTimes(1);
		expect(held(other.gate)).toBe(false);
		expect(held(otherHost.gate)).toBe(false);
		expect(other.controller.holdUntil).not.toHaveBeenCalled();
	});

	it('a run that starts during another\'s pause waits for its end, its controller told not to count the wait (no decrease)', () => {
		const a = run();
		rateLimited(a.gate);
		timing.t += 400;

		const late = run();

		expect(held(late.gate)).toBe(true);
		expect(late.controller.quietUntil).toHaveBeenCalledWith(timing.now() + 600);
		expect(late.controller.holdUntil).not.toHaveBeenCalled();
		timing.t += 600;
		expect(held(run().gate)).toBe(false); // the pause is over for a run that starts now
	});

	it(`learns the rate EngageLab took before the 429 (× ${CEILING_MARGIN}) and paces every run of the credential at it; another credential is not paced`, async () => {
		const a = run();
		const b = run();
		const other = run(credentialKey('engageLabApi', 'https://ma-api.engagelab.com', 'key-2'));
		answers(a.gate, 100, 2_000);
		rateLimited(a.gate);
		const ceiling = a.shared.summary().sharedCeilingPerSecond;
		expect(ceiling).toBeGreaterThanOrEqual(100 * CEILING_MARGIN * 0.97);
		expect(ceiling).toBeLessThanOrEqual(100 * CEILING_MARGIN * 1.03);
		expect(other.shared.summary().sharedCeilingPerSecond).toBe(0);

		timing.t += 1_000; // the pause is over
		const start = timing.now();
		for (let i = 0; i < 5; i++) (await (i % 2 ? a : b).shared.turn())();
		// Five turns at the ceiling: four spacings, between the two runs.
		expect(timing.now() - start).toBeCloseTo(4 * (1000 / ceiling), 0);
		const otherStart = timing.now();
		for (let i = 0; i < 5; i++) (await other.shared.turn())();
		expect(timing.now()).toBe(otherStart);
	});

	it('a 429 after too few answers to tell a rate sets no ceiling (8 answers would pace every run at 8 a second); the shared window halves, then grows by one per round trip', async () => {
		const a = run();
		const inFlight = await Promise.all(Array.from({ length: 4 }, async () => await a.shared.turn()));
		answers(a.gate, 100, 80); // 8 answers
		rateLimited(a.gate);

		expect(a.shared.summary().sharedCeilingPerSecond).toBe(0);
		inFlight.forEach((done) => done());
		timing.t += 1_000;
		// A round trip of 4 answers: the window (4 after halving) is 5 now, where slow start would double it.
		const round = await Promise.all(Array.from({ length: 4 }, async () => await a.shared.turn()));
		answers(a.gate, 100, 40);
		round.forEach((done) => done());
		const next = await Promise.all(Array.from({ length: 5 }, async () => await a.shared.turn()));
		let sixth = false;
		void a.shared.turn().then(() => (sixth = true));
		await settle();
		expect(sixth).toBe(false);
		next.forEach((done) => done());
	});

	it('a 429 during the pause it began is the same sign: it neither extends the shared pause nor lowers the ceiling again', () => {
		const a = run();
		const b = run();
		answers(a.gate, 100, 2_000);
		rateLimited(a.gate);
		const ceiling = a.shared.summary().sharedCeilingPerSecond;
		timing.t += 500;
		b.gate.holdUntilTime(timing.now() + 4_000); // b's own retry backs off longer

		// Only its growth since (a lower ceiling would be below `ceiling`).
		expect(a.shared.summary().sharedCeilingPerSecond).toBeCloseTo(ceiling * (1 + 500 / GROWTH_MS), 1);
		timing.t += 600;
		expect(held(a.gate)).toBe(false);
		expect(held(b.gate)).toBe(true); // b's own backoff still holds b
	});

	it('the ceiling grows without 429s (a larger allowance is found again) and is forgotten after CEILING_TTL_MS', async () => {
		const a = run();
		answers(a.gate, 100, 2_000);
		rateLimited(a.gate);
		const learned = a.shared.summary().sharedCeilingPerSecond;

		timing.t += GROWTH_MS / 2;
		expect(a.shared.summary().sharedCeilingPerSecond).toBeCloseTo(learned * 1.5, 0);
		timing.t += CEILING_TTL_MS;
		expect(a.shared.summary().sharedCeilingPerSecond).toBe(0);
		const start = timing.now();
		for (let i = 0; i < 10; i++) (await a.shared.turn())();
		expect(timing.now()).toBe(start);
	});

	it('before any ceiling, the runs\' requests in flight share one window (4 to start, as one run), handed out in order', async () => {
		const a = run();
		const b = run();
		const dones = await Promise.all(Array.from({ length: 4 }, async () => await a.shared.turn()));
		let ninth = false;
		const waiting = b.shared.turn().then((done) => {
			ninth = true;
			return done;
		});
		await settle();
		expect(ninth).toBe(false);
		dones[0]();
		(await waiting)();
		expect(ninth).toBe(true);
	});

	it('once a ceiling is forgotten, the window takes over from what is in flight (a run in full swing is not cut back to 4)', async () => {
		const a = run();
		answers(a.gate, 100, 2_000);
		rateLimited(a.gate);
		timing.t += 1_000;
		const inFlight = await Promise.all(Array.from({ length: 10 }, async () => await a.shared.turn()));
		timing.t += CEILING_TTL_MS;
		expect(a.shared.summary().sharedCeilingPerSecond).toBe(0);
		let eleventh = false;
		const next = a.shared.turn().then((done) => ((eleventh = true), done));
		await settle();
		expect(eleventh).toBe(false); // 10 in flight: the window is 10
		inFlight[0]();
		(await next)();
		expect(eleventh).toBe(true);
	});

	it('a cancelled run\'s requests stop waiting for the window at once', async () => {
		const controller = new AbortController();
		const gate = new RequestGate(0, timing);
		const shared = store.join(KEY, { gate, timing, signal: controller.signal });
		await Promise.all(Array.from({ length: 4 }, async () => await shared.turn()));
		const waiting = shared.turn();
		controller.abort();
		await expect(waiting).resolves.toEqual(expect.any(Function));
	});

	it(`remembers at most ${MAX_REMEMBERED} credentials with no run in progress (least recently used first out), never one whose run goes on`, () => {
		const busy = run(credentialKey('engageLabApi', 'https://busy', 'k'));
		for (let i = 0; i < MAX_REMEMBERED + 20; i++) {
			const r = run(credentialKey('engageLabApi', 'https://h', `key-${i}`));
			answers(r.gate, 100, 200);
			rateLimited(r.gate);
			r.shared.leave();
		}
		expect(store.size()).toBeLessThanOrEqual(MAX_REMEMBERED + 1);
		// The newest is still known (its pause holds a run that starts now), the oldest is not.
		expect(held(run(credentialKey('engageLabApi', 'https://h', `key-${MAX_REMEMBERED + 19}`)).gate)).toBe(true);
		expect(held(run(credentialKey('engageLabApi', 'https://h', 'key-0')).gate)).toBe(false);
		rateLimited(busy.gate);
		expect(held(run(credentialKey('engageLabApi', 'https://busy', 'k')).gate)).toBe(true);
	});

	it('forgets a credential with no run once nothing it learned holds; reset() forgets everything (tests)', () => {
		const a = run();
		rateLimited(a.gate); // no answers before: a pause, no ceiling
		a.shared.leave();
		timing.t += 1_001;
		run(credentialKey('engageLabApi', 'https://x', 'k')).shared.leave();
		expect(store.size()).toBe(1);
		store.reset();
		expect(store.size()).toBe(0);
	});

	it('leave() unhooks the run\'s gate: later pauses of the credential no longer reach it', () => {
		const a = run();
		const b = run();
		b.shared.leave();
		rateLimited(a.gate);
		expect(held(b.gate)).toBe(false);
		expect(b.gate.onHold).toBeUndefined();
		expect(b.gate.onAnswer).toBeUndefined();
	});
});
