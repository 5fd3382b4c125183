/**
 * The credential's Test button, through n8n's credential test path (the node's testedBy function
 * on n8n-core's CredentialTestContext): it passes only on EngageLab's own answer.
 */
import { EngageLabApi } from '../../credentials/EngageLabApi.credentials';
import { CREDENTIAL_TEST_TIMEOUT_MS } from '../../nodes/EngageLab/transport/probe';
import { BASE_URL_RULE, baseUrlOf } from '../../nodes/EngageLab/products/connection';
import { MA } from '../../nodes/EngageLab/products/ma/ma.product';
import { PlainServer } from '../support/emulator/plainServer';
import { TEST_KEY, TEST_SECRET, type ErrorStyle } from '../support/emulator/ma/maEmulator';
import { EngageLabFixture } from '../support/inProcess/maFixture';

const PAIR = Buffer.from(`${TEST_KEY}:${TEST_SECRET}`).toString('base64');

describe.each<ErrorStyle>(['http200', 'httpStatus'])('credential test, errors answered as %s', (style) => {
	const fx = new EngageLabFixture({ errorStyle: style });
	beforeAll(async () => {
		await fx.start();
		fx.emulator.accounts = {
			[TEST_KEY]: { secret: TEST_SECRET },
			'key-50031': { secret: 's', failWith: 50031 },
			'key-50034': { secret: 's', failWith: 50034 },
			'key-50074': { secret: 's', failWith: 50074 },
		};
	});
	afterAll(async () => await fx.stop());
	beforeEach(() => fx.emulator.reset());

	it('passes for a valid key and secret, and writes nothing', async () => {
		const outcome = await fx.testCredential();

		expect(outcome).toMatchObject({ status: 'OK' });
		expect(fx.emulator.received).toHaveLength(1);
		expect(fx.emulator.received[0].path).toBe('/v1/user/contact');
		expect(fx.emulator.received[0].response).toContain('"code":40007');
		expect(fx.emulator.contacts.size).toBe(0);
	});

	it.each([
		['a wrong secret', { apiSecret: 'wrong' }, /^EngageLab error 40050: Interface authentication failed\. Check the API Key and API Secret/],
		['an unknown key', { apiKey: 'nobody' }, /^EngageLab error 40050:/],
		['an invalid project', { apiKey: 'key-50031', apiSecret: 's' }, /^EngageLab error 50031: Invalid project ID\./],
		['a deleted project', { apiKey: 'key-50034', apiSecret: 's' }, /^EngageLab error 50034: Project ID does not exist\. .*deleted/],
		['a deleted data source', { apiKey: 'key-50074', apiSecret: 's' }, /^EngageLab error 50074: API data source does not exist\. .*deleted/],
	])('fails with EngageLab\'s reason for %s', async (_what, change, message) => {
		const outcome = await fx.testCredential({ ...fx.credentials, ...change });

		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(message);
		expect(outcome.message).not.toContain(TEST_SECRET);
	});
});


describe('the credential test passes only for EngageLab', () => {
	const fx = new EngageLabFixture();
	const other = new PlainServer();
	beforeAll(async () => {
		await fx.start();
		await other.start();
	});
	afterAll(async () => {
		await fx.stop();
		await other.stop();
	});
	beforeEach(() => {
		fx.emulator.reset();
		other.received.length = 0;
	});
	const at = (url: string) => ({ apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl: url });

	it.each([
		['an HTML page on HTTP 200', 200, '<html><body>Welcome to nginx</body></html>', 'text/html', /^The Base URL answered HTTP 200 with an HTML page, not EngageLab's JSON/],
		['an HTML 404', 404, '<html><h1>Not Found</h1></html>', 'text/html', /^The Base URL answered HTTP 404 at \/v1\/user\/contact: there is no EngageLab MA API there/],
		['a JSON 404', 404, '{"error":"not found"}', 'application/json', /^The Base URL answered HTTP 404/],
		['an empty JSON object', 200, '{}', 'application/json', /^The Base URL answered HTTP 200 with something that is not an EngageLab answer \(no numeric "code"\)/],
		['an empty body', 200, '', 'application/json', /^The Base URL answered HTTP 200 with an empty body/],
		['a plain-text 401', 401, 'Unauthorized', 'text/plain', /^The Base URL answered HTTP 401 with something that is not an EngageLab answer/],
		['an HTML 500', 500, '<html>Internal Server Error</html>', 'text/html', /^The Base URL answered HTTP 500 with an HTML page/],
		['"success" to everything', 200, '{"code":0,"message":"success"}', 'application/json', /^The Base URL answered "success" \(code 0\) to a request EngageLab always refuses/],
		['a code EngageLab does not use', 200, '{"code":12345,"message":"hello"}', 'application/json', /^The Base URL answered with code 12345, which EngageLab does not use/],
		['a JSON body that echoes the credential', 200, `{"echo":"Basic ${PAIR}","key":"${TEST_KEY}"}`, 'application/json', /not an EngageLab answer/],
	])('fails for %s, saying what came back', async (_what, status, body, type, message) => {
		other.answer(status, body, { 'Content-Type': type });

		const outcome = await fx.testCredential(at(other.url));

		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(message);
		expect(other.received).toHaveLength(1);
		for (const secret of [TEST_SECRET, TEST_KEY, PAIR]) expect(outcome.message).not.toContain(secret);
	});

	it.each([301, 302, 307, 308])('a %i redirect fails naming its target, which never sees the credential', async (status) => {
		other.answer(status, '', { Location: `http://user:pw@127.0.0.1:${new URL(fx.emulator.url).port}/v1/user/contact` });

		const outcome = await fx.testCredential(at(other.url));

		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(new RegExp(`^The Base URL redirects to http://127\\.0\\.0\\.1:${new URL(fx.emulator.url).port} \\(HTTP ${status}\\)`));
		expect(outcome.message).toMatch(/put the final address in the credential's Base URL/);
		expect(outcome.message).not.toContain('user:pw');
		expect(fx.emulator.received).toHaveLength(0);
	});

	it.each([
		['a path', (url: string) => `${url}/v1`, /has a path, query or fragment \(\/v1\)/],
		['no scheme', (url: string) => url.replace('http://', ''), /does not start with http:\/\/ or https:\/\//],
		['nothing', () => '', /its Base URL is empty/],
		['a user and password', (url: string) => url.replace('http://', 'http://me:pw@'), /holds a user name or password/],
	])('a Custom Base URL with %s is refused with what to fix, and nothing is sent', async (_what, change, message) => {
		const outcome = await fx.testCredential(at(change(fx.emulator.url)));

		expect(outcome.status).toBe('Error');
		expect(outcome.message).toMatch(message);
		expect(outcome.message).toContain(BASE_URL_RULE);
		expect(outcome.message).not.toMatch(/Invalid URL|ERR_INVALID_URL|me:pw/);
		expect(fx.emulator.received).toHaveLength(0);
	});

	it('a connection refused says so', async () => {
		const closed = new PlainServer();
		const url = await closed.start();
		await closed.stop();

		const outcome = await fx.testCredential(at(url));

		expect(outcome).toMatchObject({ status: 'Error', message: expect.stringMatching(/^Could not reach EngageLab at 127\.0\.0\.1:\d+: the connection was refused/) });
	});

	it(`a server that never answers fails after ${CREDENTIAL_TEST_TIMEOUT_MS / 1000} s, not 300 s`, async () => {
		other.handler = () => undefined;
		const started = Date.now();

		const outcome = await fx.testCredential(at(other.url));

		expect(outcome).toMatchObject({ status: 'Error', message: expect.stringMatching(/did not answer in time\..*longer than 15000 ms/) });
		expect(Date.now() - started).toBeLessThan(2 * CREDENTIAL_TEST_TIMEOUT_MS); // far from 300 s, with room for a loaded machine
	}, 90_000);
});

describe('data centers', () => {
	it.each([
		[{ dataCenter: 'singapore' }, 'https://ma-api.engagelab.com'],
		[{}, 'https://ma-api.engagelab.com'],
		[{ dataCenter: 'virginia' }, 'https://ma-api-usva.engagelab.com'],
		[{ dataCenter: 'custom', baseUrl: 'http://127.0.0.1:8080/' }, 'http://127.0.0.1:8080'],
		[{ dataCenter: 'custom', baseUrl: ' HTTPS://Proxy.Example.com// ' }, 'https://proxy.example.com'],
		[{ dataCenter: 'custom', baseUrl: 'http://[::1]:9000' }, 'http://[::1]:9000'],
	])('%p → %s', (credentials, url) => {
		expect(baseUrlOf(MA, credentials)).toEqual({ ok: true, url });
	});

	it.each([
		{ dataCenter: 'custom', baseUrl: '' },
		{ dataCenter: 'custom', baseUrl: 'ma-api.engagelab.com' },
		{ dataCenter: 'custom', baseUrl: 'https://proxy.example.com/engagelab' },
		{ dataCenter: 'custom', baseUrl: 'https://ma-api.engagelab.com/v1' },
		{ dataCenter: 'custom', baseUrl: 'https://ma-api.engagelab.com?x=1' },
		{ dataCenter: 'custom', baseUrl: 'https://a:b@ma-api.engagelab.com' },
		{ dataCenter: 'custom', baseUrl: 'https://ma-api.engagelab.com:99999' },
		{ dataCenter: 'custom', baseUrl: 'ftp://ma-api.engagelab.com' },
	])('%p is refused with the rule', (credentials) => {
		const result = baseUrlOf(MA, credentials);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.problem).toContain(BASE_URL_RULE);
	});

	it('the credential has no declarative test: the node\'s testedBy function is the test', () => {
		expect((new EngageLabApi() as { test?: unknown }).test).toBeUndefined();
	});
});
