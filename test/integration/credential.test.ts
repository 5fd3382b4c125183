import { Workflow, type INode } from 'n8n-workflow';

import { EngageLabApi } from '../../credentials/EngageLabApi.credentials';
import { BASE_URL_EXPRESSION } from '../../nodes/EngageLab/transport/dataCenters';
import { baseUrlFor } from '../../nodes/EngageLab/transport/request';
import { TEST_KEY, TEST_SECRET, type ErrorStyle } from '../emulator/server';
import { EngageLabFixture } from '../harness/engageLab';
import { START_NODE_TYPE, TestNodeTypes } from '../harness/nodeTypes';

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

describe('data centers', () => {
	it.each([
		[{ dataCenter: 'singapore' }, 'https://ma-api.engagelab.com'],
		[{}, 'https://ma-api.engagelab.com'],
		[{ dataCenter: 'virginia' }, 'https://ma-api-usva.engagelab.com'],
		[{ dataCenter: 'custom', baseUrl: 'http://127.0.0.1:8080/' }, 'http://127.0.0.1:8080'],
		[{ dataCenter: 'custom', baseUrl: ' https://proxy.example.com/engagelab// ' }, 'https://proxy.example.com/engagelab'],
	])('%p → %s, in the node and in the credential test', (credentials, url) => {
		expect(baseUrlFor(credentials)).toBe(url);
		expect(resolveCredentialExpression(BASE_URL_EXPRESSION, credentials)).toBe(url);
	});

	it.each([{ dataCenter: 'custom', baseUrl: '' }, { dataCenter: 'custom', baseUrl: 'ma-api.engagelab.com' }])(
		'%p has no usable base URL',
		(credentials) => {
			expect(baseUrlFor(credentials)).toBeUndefined();
		},
	);

	it('the credential test request uses that expression', () => {
		expect(new EngageLabApi().test.request.baseURL).toBe(BASE_URL_EXPRESSION);
	});
});

/** Evaluates an expression with `$credentials` the way n8n does for credential test requests. */
function resolveCredentialExpression(expression: string, credentials: object): unknown {
	const node: INode = { id: 'n', name: 'n', type: START_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new TestNodeTypes() });
	return workflow.expression.getSimpleParameterValue(node, expression, 'internal', { $credentials: credentials as never });
}
