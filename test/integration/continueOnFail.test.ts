import { inspect } from 'node:util';

import type { IDataObject } from 'n8n-workflow';

import { EngageLabFixture } from '../support/inProcess/maFixture';
import { TEST_KEY, TEST_SECRET } from '../support/emulator/ma/maEmulator';

const fx = new EngageLabFixture({ errorStyle: 'httpStatus' });
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => fx.emulator.reset());

/** Good rows around every kind of failure: bad input (no request), API error, bad EUID. */
const rows = [
	{ id: '1', mail: 'one@example.com' },
	{ id: 'not-a-number', mail: 'two@example.com' },
	{ id: '3', mail: 'emulator-force-55103@example.com' },
	{ id: '4', mail: '' },
	{ id: '9223372036854775807', mail: 'five@example.com' },
];
const params = { euid: '={{ $json.id }}', email: '={{ $json.mail }}' };

describe('continue on fail', () => {
	it('continueRegularOutput: one output per input, in order, failures carry their error', async () => {
		const result = await fx.run(params, rows, { onError: 'continueRegularOutput' });

		expect(result.status).toBe('success');
		expect(result.items.map((i) => i.pairedItem)).toEqual(rows.map((_, item) => ({ item })));
		expect(result.items.map((i) => (i.json.error as IDataObject | undefined)?.message ?? 'ok')).toEqual([
			'ok',
			'EUID "not-a-number" is not valid: an EUID contains digits only (for example 10362473)',
			'EngageLab error 55103: User attribute value is empty',
			'No contact to set: all contact fields are empty',
			'ok',
		]);
		expect(result.items[2].json.error).toEqual({
			message: 'EngageLab error 55103: User attribute value is empty',
			description: expect.stringMatching(/^Check that no value in the request is empty\. EngageLab said: "user attribute value is empty"\. HTTP status 400\.$/),
			code: 55103,
			httpCode: '400',
		});
		expect(result.items[1].json.error).toEqual({
			message: expect.stringMatching(/^EUID "not-a-number" is not valid/),
			description: expect.stringMatching(/digits only/),
		});
		expect(fx.emulator.received.map((r) => r.rawBody).sort()).toEqual([
			'{"euid":1,"contacts":{"email":"one@example.com"}}',
			'{"euid":3,"contacts":{"email":"emulator-force-55103@example.com"}}',
			'{"euid":9223372036854775807,"contacts":{"email":"five@example.com"}}',
		]);
	});

	it('the legacy continueOnFail setting behaves the same', async () => {
		const result = await fx.run(params, rows, { continueOnFail: true });

		expect(result.items).toHaveLength(rows.length);
		expect(result.items.filter((i) => i.json.error)).toHaveLength(3);
	});

	it('continueErrorOutput: successes on the main output, failures on the error output, all paired', async () => {
		const result = await fx.run(params, rows, { onError: 'continueErrorOutput' });

		expect(result.status).toBe('success');
		expect(result.items.map((i) => [i.json.euid, i.pairedItem])).toEqual([
			['1', { item: 0 }],
			['9223372036854775807', { item: 4 }],
		]);
		expect(result.errorItems.map((i) => i.pairedItem)).toEqual([{ item: 1 }, { item: 2 }, { item: 3 }]);
		// n8n merges the input item into an error-output item: the CRM row stays with its error.
		expect(result.errorItems[1].json).toMatchObject({
			id: '3',
			mail: 'emulator-force-55103@example.com',
			error: { message: 'EngageLab error 55103: User attribute value is empty', code: 55103 },
		});
		expect(result.items.length + result.errorItems.length).toBe(rows.length);
	});

	it('a credential problem fails every item instead of the whole run', async () => {
		fx.useCredentials({ ...fx.credentials, baseUrl: '' });
		try {
			const result = await fx.run(params, rows.slice(0, 2), { onError: 'continueErrorOutput' });
			expect(result.errorItems.map((i) => [(i.json.error as IDataObject).message, i.pairedItem])).toEqual([
				['The EngageLab credential has no valid Base URL', { item: 0 }],
				['The EngageLab credential has no valid Base URL', { item: 1 }],
			]);
		} finally {
			fx.useCredentials({ ...fx.credentials, baseUrl: fx.emulator.url });
		}
	});
});

describe('secrets', () => {
	const secrets = [TEST_SECRET, Buffer.from(`${TEST_KEY}:${TEST_SECRET}`).toString('base64')];

	function expectNoSecret(value: unknown) {
		const text = `${JSON.stringify(value)}\n${inspect(value, { depth: 12, showHidden: true })}`;
		for (const secret of secrets) expect(text).not.toContain(secret);
	}

	it('appear in no output item and no error, whatever fails', async () => {
		for (const style of ['http200', 'httpStatus'] as const) {
			fx.emulator.errorStyle = style;
			fx.emulator.script({ status: 502, body: '<html>bad gateway</html>', contentType: 'text/html' });
			const outputs = await fx.run(params, [...rows, { id: '6', mail: 'emulator-force--1@x.co' }], {
				onError: 'continueErrorOutput',
			});
			expectNoSecret(outputs.items);
			expectNoSecret(outputs.errorItems);
			expectNoSecret(outputs.run);
			const failed = await fx.run(params, [{ id: '1', mail: 'emulator-force-40050@x.co' }]);
			expect(failed.error).toBeDefined();
			expectNoSecret(failed.error);
			expectNoSecret(failed.run);
		}
		fx.useCredentials({ ...fx.credentials, baseUrl: 'http://127.0.0.1:1' });
		const refused = await fx.run(params, [rows[0]]);
		fx.useCredentials({ ...fx.credentials, baseUrl: fx.emulator.url });
		expect(refused.error).toBeDefined();
		expectNoSecret(refused.error);
		expectNoSecret(refused.run);
	});

	it('the check itself would notice a leak', () => {
		expect(() => expectNoSecret({ nested: { header: `Basic ${secrets[1]}` } })).toThrow();
	});
});
