/**
 * What is tried again and what is not, how long the node waits, and what the user sees when it
 * gives up. Runs on the fixture's virtual clock: waits are instant, and the emulator stamps each
 * request with the virtual time, so "came at least 7 s later" is exact.
 */
import type { INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { backstopTimeout, DEFAULT_MAX_ATTEMPTS } from '../../nodes/EngageLab/transport/request';
import { MAX_RETRY_AFTER_MS } from '../../nodes/EngageLab/transport/retry';
import type { FaultKind, ReceivedRequest } from '../support/emulator/ma/maEmulator';
import { EngageLabFixture } from '../support/inProcess/maFixture';
import { VirtualTiming } from '../support/inProcess/virtualTiming';

const timing = new VirtualTiming(7);
const fx = new EngageLabFixture({ timing });
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => fx.reset());

const one = (options: INodeParameters = {}) => fx.run({ euid: '7', email: 'a@b.co', options });
const requestsFor = (euid: string): ReceivedRequest[] => fx.emulator.received.filter((r) => r.euid === euid);

describe('retried, then delivered', () => {
	it.each<[FaultKind, string]>([
		['http500', 'HTTP 500 with a plain-text body'],
		['http502', 'an HTML 502 from a proxy'],
		['http429', 'HTTP 429 with Retry-After'],
		['code-1', "EngageLab's code -1"],
		['reset', 'a reset connection'],
		['hang', 'no answer within the timeout'],
		['truncate', 'a body cut off by a dropped connection'],
	])('%s (%s)', async (kind) => {
		fx.emulator.faultEuid('7', kind);

		// Generous: only the hang may time out, never the normal answer after it.
		const result = await one({ timeout: 2_000 });

		expect(result.status).toBe('success');
		expect(result.items).toEqual([
			{ json: { euid: '7', contacts: { email: 'a@b.co' }, code: 0, message: 'success' }, pairedItem: { item: 0 } },
		]);
		expect(fx.emulator.received.map((r) => r.fault ?? 'processed')).toEqual([kind, 'processed']);
		expect(fx.emulator.writes).toBe(1);
	});

	it.each([
		['a code EngageLab does not define on HTTP 500', { status: 500, body: '{"code":59999,"message":"odd"}' }],
		["a gateway's own JSON code on HTTP 502", { status: 502, body: '{"code":502,"message":"bad gateway"}' }],
		['an EngageLab-style JSON body on HTTP 429', { status: 429, body: '{"code":429,"message":"too many requests"}', headers: { 'Retry-After': '2' } }],
		['a JSON body with a business code on HTTP 429', { status: 429, body: '{"code":55004,"message":"slow down"}' }],
		['HTTP 200 with a body that is not JSON', { status: 200, body: '<html>portal</html>', contentType: 'text/html' }],
		['HTTP 200 with a JSON body cut short', { status: 200, body: '{"code":0,"mess' }],
	])('%s (the HTTP status decides)', async (_what, answer) => {
		fx.emulator.script(answer);

		const result = await one();

		expect(result.status).toBe('success');
		expect(fx.emulator.received.map((r) => r.status)).toEqual([answer.status, 200]);
		expect(fx.emulator.writes).toBe(1);
	});

	it('a 429 with a JSON code body honours Retry-After and pauses the node', async () => {
		fx.emulator.script({ status: 429, body: '{"code":429,"message":"too many requests"}', headers: { 'Retry-After': '7' } });

		await one();

		const [first, second] = fx.emulator.received;
		expect(second.at - first.at).toBeGreaterThanOrEqual(7_000);
	});

	it('an HTTP 5xx whose body says code 0 (no business code) is retried', async () => {
		fx.emulator.script({ status: 503, body: '{"code":0,"message":"success"}' });

		const result = await one();

		expect(result.status).toBe('success');
		expect(fx.emulator.received.map((r) => r.status)).toEqual([503, 200]);
	});

	it('an HTTP 503 with an empty body is retried, in the style EngageLab answers errors with a status', async () => {
		fx.emulator.errorStyle = 'httpStatus';
		try {
			fx.emulator.script({ status: 503, body: '' }, { status: 500, body: '{"code":-1,"message":"internal server error"}' });
			const result = await one();
			expect(result.status).toBe('success');
			expect(fx.emulator.received.map((r) => r.status)).toEqual([503, 500, 200]);
		} finally {
			fx.emulator.errorStyle = 'http200';
		}
	});

	it('a refused connection is retried until the server is back', async () => {
		const url = fx.emulator.url;
		const port = Number(new URL(url).port);
		await fx.emulator.stop();
		timing.onWait = async () => {
			timing.onWait = undefined;
			await fx.emulator.start(port);
		};

		const result = await one();

		expect(result.status).toBe('success');
		expect(fx.emulator.url).toBe(url);
		expect(fx.emulator.received).toHaveLength(1);
		expect(fx.waits).toHaveLength(1);
	});
});

describe('not retried', () => {
	it.each([
		['a business code on HTTP 200', { status: 200, body: '{"code":55108,"message":"invalid euid"}' }, 'EngageLab error 55108: Invalid EUID'],
		['a business code on HTTP 500', { status: 500, body: '{"code":55004,"message":"bad"}' }, 'EngageLab error 55004: Invalid business parameter'],
		['a business code on HTTP 503', { status: 503, body: '{"code":50034,"message":"gone"}' }, 'EngageLab error 50034: Project ID does not exist'],
		['an undocumented code on HTTP 200', { status: 200, body: '{"code":59999,"message":"odd"}' }, 'EngageLab error 59999: odd'],
		['an undocumented code on HTTP 400', { status: 400, body: '{"code":59999,"message":"odd"}' }, 'EngageLab error 59999: odd'],
		['an HTML 404 (wrong base URL)', { status: 404, body: '<html>Not Found</html>', contentType: 'text/html' }, 'EngageLab answered HTTP 404 with a body that is not JSON'],
		['HTTP 400 with a "success" body', { status: 400, body: '{"code":0,"message":"success"}' }, 'EngageLab answered HTTP 400'],
	])('%s', async (_what, answer, message) => {
		fx.emulator.script(answer);

		const result = await one();

		expect((result.error as NodeApiError).message).toBe(message);
		expect(fx.emulator.received).toHaveLength(1);
		expect(fx.waits).toEqual([]);
	});

	it('input the node refuses is never sent, so never retried', async () => {
		const result = await fx.run({ euid: 'x', email: 'a@b.co' });

		expect((result.error as Error).message).toMatch(/digits only/);
		expect(fx.emulator.received).toHaveLength(0);
	});

	it('anything, when Max Attempts is 1', async () => {
		fx.emulator.faultEuid('7', 'http500');

		const result = await one({ maxAttempts: 1 });

		expect((result.error as NodeApiError).message).toBe('EngageLab answered HTTP 500 with a body that is not JSON');
		expect(fx.emulator.received).toHaveLength(1);
	});
});

describe('giving up', () => {
	it(`after ${DEFAULT_MAX_ATTEMPTS} attempts by default, saying so`, async () => {
		fx.emulator.faultEuid('7', 'http500', 'http502', 'http500', 'http500');

		const result = await one();

		expect(fx.emulator.received).toHaveLength(DEFAULT_MAX_ATTEMPTS);
		const error = result.error as NodeApiError;
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`EngageLab answered HTTP 500 with a body that is not JSON (after ${DEFAULT_MAX_ATTEMPTS} attempts)`);
		expect(error.httpCode).toBe('500');
		expect(error.context.itemIndex).toBe(0);
	});

	it('after Max Attempts attempts', async () => {
		fx.emulator.faultEuid('7', 'reset', 'reset', 'reset', 'reset', 'reset', 'reset');

		const result = await one({ maxAttempts: 5 });

		expect(fx.emulator.received).toHaveLength(5);
		expect((result.error as NodeApiError).message).toMatch(/: the connection was closed before EngageLab answered \(after 5 attempts\)$/);
	});

	it('a refused connection that never comes back', async () => {
		const port = Number(new URL(fx.emulator.url).port);
		await fx.emulator.stop();
		try {
			const result = await one({ maxAttempts: 4 });
			expect((result.error as NodeApiError).message).toBe(
				`Could not reach EngageLab at 127.0.0.1:${port}: the connection was refused (after 4 attempts)`,
			);
			expect(fx.waits).toHaveLength(3);
		} finally {
			await fx.emulator.start(port);
		}
	});

	it('a business error met on a retry ends it at once, with the attempt count', async () => {
		fx.emulator.faultEuid('7', 'http502');

		const result = await fx.run({ euid: '7', email: 'emulator-force-55108@x.co' });

		expect((result.error as NodeApiError).message).toBe('EngageLab error 55108: Invalid EUID (after 2 attempts)');
		expect(fx.emulator.received).toHaveLength(2);
	});

	it('with continue on fail, the failed item carries the final error', async () => {
		fx.emulator.faultEuid('7', 'hang', 'hang');

		const result = await fx.run({ euid: '7', email: 'a@b.co', options: { maxAttempts: 2, timeout: 200 } }, [{}], {
			onError: 'continueRegularOutput',
		});

		expect(result.items).toEqual([
			{
				json: {
					error: {
						message: expect.stringMatching(/: EngageLab did not answer in time \(after 2 attempts\)$/),
						description: expect.stringContaining('Error code: ECONNABORTED'),
					},
				},
				pairedItem: { item: 0 },
			},
		]);
	});
});

describe('waiting between attempts', () => {
	it('backs off exponentially from Retry Delay, with jitter', async () => {
		fx.emulator.faultEuid('7', 'http500', 'http500', 'http500', 'http500');

		await one({ maxAttempts: 5, retryDelay: 1000 });

		const [w1, w2, w3, w4] = fx.waits;
		expect(fx.waits).toHaveLength(4);
		// Equal jitter: half of 1 s, 2 s, 4 s, 8 s for sure, up to the whole.
		expect(w1).toBeGreaterThanOrEqual(500);
		expect(w1).toBeLessThanOrEqual(1000);
		expect(w2).toBeGreaterThanOrEqual(1000);
		expect(w2).toBeLessThanOrEqual(2000);
		expect(w3).toBeGreaterThanOrEqual(2000);
		expect(w3).toBeLessThanOrEqual(4000);
		expect(w4).toBeGreaterThanOrEqual(4000);
		expect(w4).toBeLessThanOrEqual(8000);
		expect(new Set(fx.waits.map((w, i) => w / 2 ** i)).size).toBe(4); // jittered, not a fixed schedule
		const at = fx.emulator.received.map((r) => r.at);
		// The virtual clock is Date.now() plus the waits: near 1.7e12 a double keeps only ~0.0002 ms, so compare to 0.01 ms.
		for (let i = 1; i < at.length; i++) expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(fx.waits[i - 1] - 0.01);
	});

	it('the same seed gives the same waits (tests are reproducible)', async () => {
		const run = async () => {
			fx.reset();
			fx.emulator.faultEuid('7', 'http500', 'http500');
			await one();
			return [...fx.waits];
		};
		expect(await run()).toEqual(await run());
	});

	it('honours Retry-After in seconds', async () => {
		fx.emulator.faultEuid('7', { kind: 'http429', retryAfter: '7' });

		const result = await one({ retryDelay: 10 });

		expect(result.status).toBe('success');
		const [first, second] = requestsFor('7');
		expect(first.status).toBe(429);
		expect(second.at - first.at).toBeGreaterThanOrEqual(7000);
		expect(Math.max(...fx.waits)).toBeGreaterThanOrEqual(7000);
	});

	it('honours Retry-After as an HTTP date', async () => {
		const date = new Date(Math.ceil(timing.now() / 1000) * 1000 + 30_000);
		fx.emulator.faultEuid('7', { kind: 'http429', retryAfter: date.toUTCString() });

		await one({ retryDelay: 10 });

		const [first, second] = requestsFor('7');
		expect(second.at).toBeGreaterThanOrEqual(date.getTime());
		expect(second.at - first.at).toBeLessThan(MAX_RETRY_AFTER_MS);
	});

	it('honours Retry-After on a 503 too', async () => {
		fx.emulator.script({ status: 503, body: 'busy', contentType: 'text/plain', headers: { 'Retry-After': '12' } });

		await one({ retryDelay: 10 });

		const [first, second] = requestsFor('7');
		expect(second.at - first.at).toBeGreaterThanOrEqual(12_000);
	});

	it(`gives up at once when Retry-After asks for more than ${MAX_RETRY_AFTER_MS / 1000} s, and says why`, async () => {
		fx.emulator.faultEuid('7', { kind: 'http429', retryAfter: '3600' });

		const result = await one();

		const error = result.error as NodeApiError;
		expect(error.message).toBe('EngageLab answered HTTP 429: too many requests');
		expect(error.description).toMatch(/^EngageLab asked to wait 3600 s before trying again, longer than the node waits \(60 s\)/);
		expect(fx.emulator.received).toHaveLength(1);
		expect(fx.waits).toEqual([]);
	});

	it('a 429 pauses every request of the node, not just the one that got it', async () => {
		// Item 0 gets the 429; item 1's 500 is answered after it, so its retry comes under the pause.
		fx.emulator.faultEuid('100', { kind: 'http429', retryAfter: '5' });
		fx.emulator.faultEuid('101', { kind: 'http500', untilAnswered: 1, ms: 50 });

		const result = await fx.run(
			{ euid: '={{ $json.id }}', email: 'a@b.co', options: { concurrency: 2, retryDelay: 10 } },
			['100', '101', '102', '103'].map((id) => ({ id })),
		);

		expect(result.status).toBe('success');
		const [limited] = requestsFor('100');
		const [failed, retried] = requestsFor('101');
		expect([limited.status, failed.status, retried.status]).toEqual([429, 500, 200]);
		// Item 1's own backoff is at most 10 ms, yet its retry waited for item 0's Retry-After.
		expect(retried.at - limited.at).toBeGreaterThanOrEqual(5000);
		const later = fx.emulator.received.filter((r) => r !== limited && r !== failed);
		expect(later.map((r) => r.euid).sort()).toEqual(['100', '101', '102', '103']);
		for (const request of later) expect(request.at - limited.at).toBeGreaterThanOrEqual(5000);
	});
});

describe('the largest Timeout', () => {
	it('(2147483647 ms, the option\'s maximum) gives n8n a backstop timer within Node\'s range (no TimeoutOverflowWarning in n8n\'s log), and the request is answered', async () => {
		expect(backstopTimeout(30_000)).toBe(31_000);
		expect(backstopTimeout(2_147_483_647)).toBe(2_147_483_647);
		expect((await one({ timeout: 2_147_483_647 })).status).toBe('success');
	});
});
