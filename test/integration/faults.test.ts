/**
 * 2,000 items through a flaky EngageLab: about 10% of requests meet a seeded fault (every kind
 * the emulator knows), some items carry a business error, and 10 requests are in flight. The
 * faults are drawn per (seed, EUID, attempt), so the fate of every item is known in advance,
 * whatever order the concurrent requests arrive in: the test predicts it and checks every item.
 */
import type { IDataObject } from 'n8n-workflow';

import { plannedFault, type Fault, type FaultKind, type FaultPlan } from '../support/emulator/ma/maEmulator';
import { EngageLabFixture } from '../support/inProcess/maFixture';

const fx = new EngageLabFixture();
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());

const ITEMS = 2_000;
const MAX_ATTEMPTS = 2;
const KINDS: FaultKind[] = ['http500', 'http502', 'http429', 'code-1', 'reset', 'hang', 'truncate'];
/** Each kind twice, except `hang` once: each hang holds a slot for the whole timeout. */
const plan: FaultPlan = {
	seed: 20_240_604,
	rate: 0.1,
	faults: KINDS.flatMap((kind): Fault[] => (kind === 'hang' ? [{ kind }] : [{ kind, retryAfter: '1' }, { kind, retryAfter: '1' }])),
};
/** Long enough that a normal answer never times out on a busy machine; only hangs do. */
const TIMEOUT_MS = 3_000;

const euidOf = (i: number) => String(5_000_000_000 + i * 7);
const isBusinessError = (i: number) => i % 97 === 13;
const input = Array.from({ length: ITEMS }, (_, i) => ({
	id: euidOf(i),
	mail: isBusinessError(i) ? `emulator-force-55108-${i}@example.com` : `user${i}@example.com`,
}));

const FINAL_MESSAGE: Record<FaultKind, RegExp> = {
	http500: /^EngageLab answered HTTP 500 with a body that is not JSON/,
	http502: /^EngageLab answered HTTP 502 with a body that is not JSON/,
	http429: /^EngageLab answered HTTP 429: too many requests/,
	'code-1': /^EngageLab error -1: EngageLab internal server error/,
	reset: /^Could not reach EngageLab at .*: the connection was closed before EngageLab answered/,
	hang: /^Could not reach EngageLab at .*: EngageLab did not answer in time/,
	truncate: /^Could not reach EngageLab at .*: the connection was closed in the middle of the answer/,
	delay: /never/,
	lost: /never/,
	'http429-json': /never/,
	'http502-json': /never/,
	'lost-truncate': /never/,
	dribble: /never/,
};

interface Fate {
	attempts: number;
	/** undefined: delivered */
	error?: RegExp;
}

/** What must happen to item i: the faults its attempts meet decide it. */
function fateOf(i: number): Fate {
	let last: Fault | undefined;
	for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
		last = plannedFault(plan, euidOf(i), attempt);
		if (last) continue;
		if (isBusinessError(i)) return { attempts: attempt, error: /^EngageLab error 55108: Invalid EUID/ };
		return { attempts: attempt };
	}
	return { attempts: MAX_ATTEMPTS, error: FINAL_MESSAGE[last!.kind] };
}

describe(`${ITEMS} items, ~${plan.rate * 100}% of requests faulted, ${MAX_ATTEMPTS} attempts, 10 in flight`, () => {
	const fates = input.map((_, i) => fateOf(i));
	let result: Awaited<ReturnType<typeof fx.run>>;

	beforeAll(async () => {
		fx.reset();
		fx.emulator.injectFaults(plan);
		result = await fx.run(
			{
				euid: '={{ $json.id }}',
				email: '={{ $json.mail }}',
				options: { concurrency: 10, maxAttempts: MAX_ATTEMPTS, timeout: TIMEOUT_MS, retryDelay: 100 },
			},
			input,
			{ onError: 'continueRegularOutput' },
		);
	}, 120_000);

	it('the plan is what the test says: every fault kind, every fate', () => {
		const faulted = fx.emulator.received.filter((r) => r.fault);
		expect(faulted.length / fx.emulator.received.length).toBeGreaterThan(0.07);
		expect(faulted.length / fx.emulator.received.length).toBeLessThan(0.13);
		expect(new Set(faulted.map((r) => r.fault))).toEqual(new Set(KINDS));
		const failedByFault = fates.filter((f) => f.error && !f.error.source.includes('55108'));
		expect(failedByFault.length).toBeGreaterThanOrEqual(10);
		expect(fates.filter((f) => f.attempts === 2 && !f.error).length).toBeGreaterThan(100);
	});

	it('every item is accounted for exactly once, in order, paired', () => {
		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(ITEMS);
		expect(result.items.map((i) => i.pairedItem)).toEqual(input.map((_, item) => ({ item })));
	});

	it('delivered items say so, failed items carry their own error, as predicted', () => {
		const actual = result.items.map((item) => {
			const error = item.json.error as IDataObject | undefined;
			return error ? String(error.message) : `delivered ${String(item.json.euid)}`;
		});
		const mismatches = actual.flatMap((got, i) => {
			const fate = fates[i];
			const suffix = fate.attempts > 1 ? ` (after ${fate.attempts} attempts)` : '';
			const ok = fate.error
				? fate.error.test(got) && (suffix ? got.endsWith(suffix) : !got.endsWith(' attempts)'))
				: got === `delivered ${euidOf(i)}`;
			return ok ? [] : [`item ${i}: expected ${fate.error ?? 'delivered'} after ${fate.attempts}, got ${got}`];
		});
		expect(mismatches).toEqual([]);
	});

	it('EngageLab saw exactly the predicted attempts, and nothing after a success', () => {
		const byEuid = new Map<string, typeof fx.emulator.received>();
		for (const r of fx.emulator.received) byEuid.set(r.euid!, [...(byEuid.get(r.euid!) ?? []), r]);
		const mismatches = input.flatMap((row, i) => {
			const requests = byEuid.get(row.id) ?? [];
			const delivered = requests.findIndex((r) => !r.fault && r.response.includes('"code":0,'));
			const problems: string[] = [];
			if (requests.length !== fates[i].attempts) problems.push(`${requests.length} requests, expected ${fates[i].attempts}`);
			if (delivered >= 0 && delivered !== requests.length - 1) problems.push('sent again after a success');
			if ((delivered >= 0) !== !fates[i].error) problems.push(`delivered: ${delivered >= 0}`);
			return problems.map((p) => `item ${i}: ${p}`);
		});
		expect(mismatches).toEqual([]);
		expect(fx.emulator.writes).toBe(fates.filter((f) => !f.error).length);
		expect(fx.emulator.contacts.size).toBe(fates.filter((f) => !f.error).length);
		expect(fx.emulator.received).toHaveLength(fates.reduce((n, f) => n + f.attempts, 0));
	});
});
