import net from 'node:net';

import { NodeApiError } from 'n8n-workflow';

import { MA_ERROR_CODES } from '../../nodes/EngageLab/products/ma/errorTable';
import { DEFAULT_MAX_ATTEMPTS } from '../../nodes/EngageLab/transport/request';
import { ERROR_MESSAGES, httpStatusFor, TEST_KEY, TEST_SECRET, type ErrorStyle } from '../support/emulator/ma/maEmulator';
import { EngageLabFixture } from '../support/inProcess/maFixture';

const ALL_CODES = Object.keys(MA_ERROR_CODES).map(Number);

describe.each<ErrorStyle>(['http200', 'httpStatus'])('EngageLab error codes answered as %s', (style) => {
	const fx = new EngageLabFixture({ errorStyle: style });
	beforeAll(async () => void (await fx.start()));
	afterAll(async () => await fx.stop());
	beforeEach(() => fx.emulator.reset());

	it('knows all 14 documented codes', () => {
		expect(ALL_CODES.sort()).toEqual([-1, 40007, 40050, 50031, 50034, 50074, 55004, 55101, 55102, 55103, 55105, 55106, 55107, 55108].sort());
	});

	it.each(ALL_CODES)('code %i becomes a NodeApiError naming the code, its meaning and what to check', async (code) => {
		const result = await fx.run({ euid: '7', email: `emulator-force-${code}@example.com` }, [{}]);

		// Only -1 is worth another attempt; a business code never is, whatever the HTTP status.
		const attempts = MA_ERROR_CODES[code].transient ? DEFAULT_MAX_ATTEMPTS : 1;
		expect(fx.emulator.received).toHaveLength(attempts);
		expect(fx.emulator.received[0].status).toBe(style === 'http200' ? 200 : httpStatusFor(code));
		expect(result.status).toBe('error');
		expect(result.error).toBeInstanceOf(NodeApiError);
		const error = result.error as NodeApiError;
		expect(error.message).toBe(
			`EngageLab error ${code}: ${MA_ERROR_CODES[code].meaning}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}`,
		);
		expect(error.description).toContain(MA_ERROR_CODES[code].check);
		expect(error.description).toContain(`EngageLab said: "${ERROR_MESSAGES[code]}"`);
		// n8n's error panel: "Error code" is EngageLab's code on both HTTP styles, "Full message" its own text, labelled.
		expect(error.httpCode).toBe(String(code));
		expect(error.messages).toEqual([`Original message from EngageLab: "${ERROR_MESSAGES[code]}"`]);
		expect((error.errorResponse as { httpCode?: string }).httpCode).toBe(String(style === 'http200' ? 200 : httpStatusFor(code)));
		expect(error.context.itemIndex).toBe(0);
	});

	it('keeps EngageLab\'s own message for a code it does not document', async () => {
		const result = await fx.run({ euid: '7', email: 'emulator-force-59999@example.com' });

		expect((result.error as NodeApiError).message).toBe('EngageLab error 59999: unknown error');
	});

	it('reports a wrong API secret as 40050 with what to check', async () => {
		fx.useCredentials({ ...fx.credentials, apiSecret: 'wrong' });
		try {
			const result = await fx.run({ euid: '7', email: 'a@b.co' });
			const error = result.error as NodeApiError;
			expect(error.message).toBe('EngageLab error 40050: Interface authentication failed');
			expect(error.description).toMatch(/Check the API Key and API Secret/);
		} finally {
			fx.useCredentials({ ...fx.credentials, apiSecret: TEST_SECRET });
		}
	});

	it.each([50031, 50034, 50074] as const)('reports a key whose project answers %i', async (code) => {
		fx.emulator.accounts = { 'project-key': { secret: 's', failWith: code } };
		fx.useCredentials({ ...fx.credentials, apiKey: 'project-key', apiSecret: 's' });
		try {
			const result = await fx.run({ euid: '7', email: 'a@b.co' });
			expect((result.error as NodeApiError).message).toBe(`EngageLab error ${code}: ${MA_ERROR_CODES[code].meaning}`);
		} finally {
			fx.emulator.accounts = { [TEST_KEY]: { secret: TEST_SECRET } };
			fx.useCredentials({ ...fx.credentials, apiKey: TEST_KEY, apiSecret: TEST_SECRET });
		}
	});

	it('one request at a time, stops at the item that failed and names it', async () => {
		const result = await fx.run({ euid: '7', email: '={{ $json.mail }}', options: { concurrency: 1 } }, [
			{ mail: 'ok@example.com' },
			{ mail: 'emulator-force-55108@example.com' },
			{ mail: 'never-sent@example.com' },
		]);

		expect(fx.emulator.received).toHaveLength(2);
		const error = result.error as NodeApiError;
		expect(error.message).toMatch(/^EngageLab error 55108:/);
		expect(error.context.itemIndex).toBe(1);
	});
});

/** Retries off: these tests are about how one answer is reported (retries: retries.test.ts). */
const once = { maxAttempts: 1 };

describe('answers that are not EngageLab JSON', () => {
	const fx = new EngageLabFixture();
	beforeAll(async () => void (await fx.start()));
	afterAll(async () => await fx.stop());
	beforeEach(() => fx.emulator.reset());

	it('an HTML 502 from a proxy names the HTTP status and the body', async () => {
		fx.emulator.script({ status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>', contentType: 'text/html' });
		const error = (await fx.run({ euid: '7', email: 'a@b.co', options: once })).error as NodeApiError;

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('EngageLab answered HTTP 502 with a body that is not JSON');
		expect(error.description).toMatch(/try again later.*502 Bad Gateway/);
		expect(error.httpCode).toBe('502');
		expect(error.context.itemIndex).toBe(0);
	});

	it('a JSON body cut off half way is reported as not JSON', async () => {
		fx.emulator.script({ status: 200, body: '{"code":0,"mess' });
		const error = (await fx.run({ euid: '7', email: 'a@b.co', options: once })).error as NodeApiError;

		expect(error.message).toBe('EngageLab answered HTTP 200 with a body that is not an EngageLab response');
	});

	it('an HTTP error with an empty body says so', async () => {
		fx.emulator.script({ status: 503, body: '' });
		const error = (await fx.run({ euid: '7', email: 'a@b.co', options: once })).error as NodeApiError;

		expect(error.message).toBe('EngageLab answered HTTP 503 with an empty body');
	});

	it('a wrong base URL (404 page) points at the credential', async () => {
		fx.emulator.script({ status: 404, body: '<html><h1>404 Not Found</h1></html>', contentType: 'text/html' });
		const error = (await fx.run({ euid: '7', email: 'a@b.co', options: once })).error as NodeApiError;
		expect(error.message).toBe('EngageLab answered HTTP 404 with a body that is not JSON');
		expect(error.description).toMatch(/Check the credential's data center or Base URL/);
	});

	it('a Custom Base URL with a path is refused before any request, with what to fix', async () => {
		fx.useCredentials({ ...fx.credentials, baseUrl: `${fx.emulator.url}/v1` });
		try {
			const error = (await fx.run({ euid: '7', email: 'a@b.co', options: once })).error as NodeApiError;
			expect(error.message).toBe('The EngageLab credential has no valid Base URL');
			expect(error.description).toMatch(/has a path, query or fragment \(\/v1\)\. The Base URL must be only http:\/\/ or https:\/\//);
			expect(fx.emulator.received).toHaveLength(0);
		} finally {
			fx.useCredentials({ ...fx.credentials, baseUrl: fx.emulator.url });
		}
	});

	it('an HTTP error status with a "success" body is still an error', async () => {
		fx.emulator.script({ status: 500, body: '{"code":0,"message":"success"}' });
		const error = (await fx.run({ euid: '7', email: 'a@b.co', options: once })).error as NodeApiError;

		expect(error.message).toBe('EngageLab answered HTTP 500');
	});
});

describe('network failures', () => {
	const fx = new EngageLabFixture();
	beforeAll(async () => void (await fx.start()));
	afterAll(async () => await fx.stop());

	it('connection refused names the host', async () => {
		const port = await closedPort();
		fx.useCredentials({ ...fx.credentials, baseUrl: `http://127.0.0.1:${port}` });
		const error = (await fx.run({ euid: '7', email: 'a@b.co', options: once })).error as NodeApiError;

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Could not reach EngageLab at 127.0.0.1:${port}: the connection was refused`);
		expect(error.context.itemIndex).toBe(0);
	});

	it('a connection reset mid-request names the host', async () => {
		const server = net.createServer((socket) => socket.once('data', () => socket.resetAndDestroy()));
		const port = await listen(server);
		fx.useCredentials({ ...fx.credentials, baseUrl: `http://127.0.0.1:${port}` });
		try {
			const error = (await fx.run({ euid: '7', email: 'a@b.co', options: once })).error as NodeApiError;
			expect(error.message).toBe(`Could not reach EngageLab at 127.0.0.1:${port}: the connection was closed before EngageLab answered`);
		} finally {
			server.close();
		}
	});

	it('no answer within the timeout option names the host', async () => {
		const sockets: net.Socket[] = [];
		const server = net.createServer((socket) => void sockets.push(socket));
		const port = await listen(server);
		fx.useCredentials({ ...fx.credentials, baseUrl: `http://127.0.0.1:${port}` });
		try {
			const error = (await fx.run({ euid: '7', email: 'a@b.co', options: { ...once, timeout: 300 } })).error as NodeApiError;
			expect(error.message).toBe(`Could not reach EngageLab at 127.0.0.1:${port}: EngageLab did not answer in time`);
		} finally {
			sockets.forEach((s) => s.destroy());
			server.close();
		}
	});

	it('a custom data center without a base URL is refused before any request', async () => {
		fx.useCredentials({ ...fx.credentials, baseUrl: '  ' });
		const result = await fx.run({ euid: '7', email: 'a@b.co' });

		expect((result.error as Error).message).toBe('The EngageLab credential has no valid Base URL');
	});
});

async function listen(server: net.Server): Promise<number> {
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return (server.address() as net.AddressInfo).port;
}

async function closedPort(): Promise<number> {
	const server = net.createServer();
	const port = await listen(server);
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
