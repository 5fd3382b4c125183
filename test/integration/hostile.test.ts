/**
 * A Base URL that is not (only) EngageLab: a proxy that redirects, a server that echoes the
 * credential, one that dribbles its answer, and a user who stops the execution. The credential
 * goes only to the configured host, never into a text, and Timeout bounds each attempt.
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { PlainServer } from '../support/emulator/plainServer';
import { TEST_KEY, TEST_SECRET } from '../support/emulator/ma/maEmulator';
import { EngageLabFixture } from '../support/inProcess/maFixture';

const PAIR = Buffer.from(`${TEST_KEY}:${TEST_SECRET}`).toString('base64');
const SECRETS = [TEST_KEY, TEST_SECRET, PAIR];

const fx = new EngageLabFixture();
const front = new PlainServer();
const elsewhere = new PlainServer();
beforeAll(async () => {
	await fx.start();
	await front.start();
	await elsewhere.start();
});
afterAll(async () => {
	await fx.stop();
	await front.stop();
	await elsewhere.stop();
});
beforeEach(() => {
	fx.reset();
	front.received.length = 0;
	elsewhere.received.length = 0;
	fx.useCredentials({ ...fx.credentials, baseUrl: fx.emulator.url });
});

const viaFront = () => fx.useCredentials({ ...fx.credentials, baseUrl: front.url });
const one = (options: INodeParameters = {}) => fx.run({ euid: '7', email: 'a@b.co', options }, [{}], { onError: 'continueRegularOutput' });
const errorOf = (result: Awaited<ReturnType<typeof one>>) => result.items[0].json.error as IDataObject;

describe('redirects are never followed', () => {
	describe.each([301, 302, 307, 308])('HTTP %i', (status) => {
		it('to another origin (another port): that server sees nothing, the item fails naming it', async () => {
			viaFront();
			// The worst case: the other server answers every request with "success".
			front.answer(status, '', { Location: `${elsewhere.url}/v1/user/contact` });

			const result = await one();

			expect(elsewhere.received).toHaveLength(0);
			expect(front.received).toHaveLength(1);
			expect(front.received[0].authorization).toBe(`Basic ${PAIR}`);
			expect(errorOf(result)).toMatchObject({
				message: `The Base URL redirects to ${elsewhere.url} (HTTP ${status}); the node does not follow redirects`,
				description: expect.stringContaining("put the final address in the credential's Base URL"),
				httpCode: String(status),
			});
		});

		it('to the same origin: not followed either, not retried', async () => {
			viaFront();
			front.answer(status, '', { Location: '/v1/user/contact-moved' });

			const result = await one();

			expect(front.received.map((r) => r.path)).toEqual(['/v1/user/contact']);
			expect(errorOf(result).message).toBe(`The Base URL redirects to ${front.url} (HTTP ${status}); the node does not follow redirects`);
		});
	});

	it('a Location with user:password@ is printed without them', async () => {
		viaFront();
		front.answer(302, '', { Location: `http://admin:hunter2@127.0.0.1:${new URL(elsewhere.url).port}/?k=${TEST_KEY}` });

		const error = errorOf(await one());

		expect(error.message).toBe(`The Base URL redirects to ${elsewhere.url} (HTTP 302); the node does not follow redirects`);
		expect(JSON.stringify(error)).not.toMatch(/hunter2|admin/);
		expect(elsewhere.received).toHaveLength(0);
	});

	it('without continue on fail, the run stops with that error', async () => {
		viaFront();
		front.answer(307, '', { Location: `${elsewhere.url}/v1/user/contact` });

		const result = await fx.run({ euid: '7', email: 'a@b.co' });

		expect((result.error as NodeApiError).message).toMatch(/^The Base URL redirects to /);
		expect(elsewhere.received).toHaveLength(0);
	});
});

describe('the credential never appears in what the node prints', () => {
	it.each([
		['EngageLab-style JSON echoing the header', 400, `{"code":55004,"message":"bad request, Authorization: Basic ${PAIR}, key ${TEST_KEY}"}`],
		['a business code echoing the secret', 200, `{"code":55108,"message":"secret ${TEST_SECRET} rejected"}`],
		['an HTML page echoing the headers', 500, `<html><pre>authorization: Basic ${PAIR}\nx-key: ${TEST_KEY}</pre></html>`],
		['a 2xx that is not JSON echoing the pair', 200, `echo ${PAIR}`],
		['an unknown code echoing the key', 403, `{"code":777,"message":"${TEST_KEY}:${TEST_SECRET}"}`],
		['a 429 echoing the pair', 429, `{"code":429,"message":"Basic ${PAIR}"}`],
	])('%s', async (_what, status, body) => {
		viaFront();
		front.answer(status, body);

		const result = await one({ maxAttempts: 2, retryDelay: 0 });

		const printed = JSON.stringify(result.items);
		expect(printed).toContain('error');
		for (const secret of SECRETS) expect(printed).not.toContain(secret);
		expect(printed).toMatch(/\[redacted\]/);
	});

	it('nor in a success: an answer with code 0 whose message echoes the header and the key', async () => {
		viaFront();
		front.answer(200, `{"code":0,"message":"ok for Basic ${PAIR} (key ${TEST_KEY}, base64 ${Buffer.from(TEST_SECRET).toString('base64')})"}`);

		const result = await one();

		expect(result.items[0].json.error).toBeUndefined();
		const printed = JSON.stringify(result.items);
		for (const secret of [...SECRETS, Buffer.from(TEST_SECRET).toString('base64')]) expect(printed).not.toContain(secret);
		expect(result.items[0].json.message).toBe('ok for Basic [redacted] (key [redacted], base64 [redacted])');
	});

	it('not even in part, where the quoted excerpt of a body is cut', async () => {
		viaFront();
		front.answer(500, `${'x'.repeat(190)}${TEST_SECRET}`, { 'Content-Type': 'text/plain' });

		const printed = JSON.stringify((await one({ maxAttempts: 1 })).items);

		expect(printed).toContain('x'.repeat(190));
		expect(printed).not.toContain(TEST_SECRET.slice(0, 8));
	});

	it('nor in the error that stops the run', async () => {
		viaFront();
		front.answer(400, `{"code":55004,"message":"Basic ${PAIR} ${TEST_SECRET}"}`);

		const result = await fx.run({ euid: '7', email: 'a@b.co' });

		const error = result.error as NodeApiError;
		const printed = JSON.stringify({ message: error.message, description: error.description, context: error.context, response: error.errorResponse, run: result.runError });
		for (const secret of SECRETS) expect(printed).not.toContain(secret);
	});

	it('a Base URL with user:password@ is refused without printing them', async () => {
		fx.useCredentials({ ...fx.credentials, baseUrl: fx.emulator.url.replace('http://', 'http://me:s3cr3t-pw@') });

		const result = await fx.run({ euid: '7', email: 'a@b.co' });

		const error = result.error as NodeApiError;
		expect(error.description).toMatch(/holds a user name or password/);
		expect(JSON.stringify({ m: error.message, d: error.description })).not.toContain('s3cr3t-pw');
		expect(fx.emulator.received).toHaveLength(0);
	});
});

describe('Timeout bounds the whole attempt', () => {
	it('a server dribbling one byte every 200 ms is cut off at Timeout, not kept alive', async () => {
		fx.emulator.faultEuid('7', 'dribble');
		const started = Date.now();

		const result = await one({ timeout: 1_000, maxAttempts: 1 });

		expect(Date.now() - started).toBeLessThan(30_000); // the dribble alone would last 60 s; about 1 s here, bounded loosely for a loaded machine
		expect(errorOf(result)).toMatchObject({
			message: expect.stringMatching(/: EngageLab did not answer in time$/),
			description: expect.stringContaining('longer than 1000 ms in all'),
		});
	});

	it('the attempt after a dribbled one is delivered', async () => {
		fx.emulator.faultEuid('7', 'dribble');

		const result = await one({ timeout: 1_000 });

		expect(result.items[0].json).toMatchObject({ euid: '7', code: 0 });
		expect(fx.emulator.received.map((r) => r.fault ?? 'processed')).toEqual(['dribble', 'processed']);
	});
});

describe('stopping the execution', () => {
	it('stops sending within a second and reports no item as delivered that was not', async () => {
		const items = Array.from({ length: 40 }, (_, i) => ({ id: String(100 + i) }));
		// The first requests hang (EngageLab never answers); the rest would be answered.
		for (let i = 0; i < 5; i++) fx.emulator.faultEuid(String(100 + i), 'hang');
		let stop = () => {};
		const running = fx.run(
			{ euid: '={{ $json.id }}', email: 'a@b.co', options: { concurrency: 5, timeout: 60_000 } },
			items,
			{ onStarted: (cancel) => (stop = cancel) },
		);
		while (fx.emulator.received.length < 5) await new Promise((resolve) => setTimeout(resolve, 10));
		const stoppedAt = Date.now();
		stop();

		const result = await running;
		const tookAfterStop = Date.now() - stoppedAt;
		const sentBy = fx.emulator.received.length;
		await new Promise((resolve) => setTimeout(resolve, 1_500));

		// The hanging requests would hold on for the 60 s Timeout; the stop ends them (about 1 s
		// here, bounded at half the Timeout: machines are shared and loaded).
		expect(tookAfterStop).toBeLessThan(30_000);
		// Nothing more was sent after the stop.
		expect(fx.emulator.received).toHaveLength(sentBy);
		expect(sentBy).toBe(5);
		const delivered = result.items.filter((i) => i.json.code === 0);
		expect(delivered).toHaveLength(0);
		expect(fx.emulator.writes).toBe(0);
	}, 90_000);
});
