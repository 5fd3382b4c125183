import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { MA_ERROR_CODES } from '../../nodes/EngageLab/products/ma/errorTable';
import { EngageLabFixture } from '../support/inProcess/maFixture';

const fx = new EngageLabFixture();
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => fx.reset());

const getEuid = { resource: 'user', operation: 'getEuid', identityType: '={{ $json.type ?? "user_id" }}', identityValue: '={{ $json.id }}' };
const seed = (entries: Record<string, bigint>) => {
	for (const [key, euid] of Object.entries(entries)) fx.emulator.ma.identities.set(key, euid);
};
const errorOf = (json: IDataObject) => json.error as IDataObject | undefined;

describe('Get EUID: what EngageLab receives and what comes out', () => {
	it('one request for several items, each output item with its own EUID as digits, paired', async () => {
		seed({ 'user_id:crm-1': 1001n, 'user_id:crm-2': 1002n, 'user_id:crm-3': 1003n });
		const result = await fx.run(getEuid, [{ id: 'crm-1' }, { id: ' crm-2 ' }, { id: 'crm-3' }]);

		expect(result.status).toBe('success');
		expect(fx.emulator.received.map((r) => [r.path, r.rawBody])).toEqual([
			['/v1/user/register', '{"identity_name":"user_id","identity_values":["crm-1","crm-2","crm-3"]}'],
		]);
		expect(result.items).toEqual([
			{ json: { identityType: 'user_id', identityValue: 'crm-1', euid: '1001' }, pairedItem: { item: 0 } },
			{ json: { identityType: 'user_id', identityValue: 'crm-2', euid: '1002' }, pairedItem: { item: 1 } },
			{ json: { identityType: 'user_id', identityValue: 'crm-3', euid: '1003' }, pairedItem: { item: 2 } },
		]);
	});

	it('EUIDs above 2^53 come out exact, as strings, next to small ones', async () => {
		seed({ 'user_id:max': 9223372036854775807n, 'user_id:odd': 9007199254740993n, 'user_id:small': 42n });
		const result = await fx.run(getEuid, [{ id: 'max' }, { id: 'odd' }, { id: 'small' }]);

		expect(fx.emulator.received[0].response).toContain('"euid":9223372036854775807');
		expect(result.items.map((i) => i.json.euid)).toEqual(['9223372036854775807', '9007199254740993', '42']);
	});

	it('each identity type gets its own requests', async () => {
		seed({ 'user_id:a': 1n, 'anonymous_id:a': 2n, 'registration_id:r': 3n });
		const result = await fx.run(getEuid, [{ id: 'a' }, { id: 'a', type: 'anonymous_id' }, { id: 'r', type: 'registration_id' }, { id: 'a' }]);

		expect(fx.emulator.received.map((r) => r.rawBody)).toEqual([
			'{"identity_name":"user_id","identity_values":["a"]}',
			'{"identity_name":"anonymous_id","identity_values":["a"]}',
			'{"identity_name":"registration_id","identity_values":["r"]}',
		]);
		expect(result.items.map((i) => [i.json.identityType, i.json.euid])).toEqual([
			['user_id', '1'],
			['anonymous_id', '2'],
			['registration_id', '3'],
			['user_id', '1'],
		]);
	});

	it('10,000 items send 100 requests of 100 values; every item gets its own EUID', async () => {
		const n = 10_000;
		for (let i = 0; i < n; i++) fx.emulator.ma.identities.set(`user_id:u${i}`, 10n ** 18n + BigInt(i));
		const result = await fx.run({ ...getEuid, options: { concurrency: 10 } }, Array.from({ length: n }, (_, i) => ({ id: `u${i}` })));

		expect(fx.emulator.received).toHaveLength(Math.ceil(n / 100));
		expect(fx.emulator.received.every((r) => (r.body as { identity_values: string[] }).identity_values.length === 100)).toBe(true);
		expect(result.items).toHaveLength(n);
		const wrong = result.items.filter((item, i) => item.json.euid !== String(10n ** 18n + BigInt(i)) || (item.pairedItem as { item: number }).item !== i);
		expect(wrong).toEqual([]);
	}, 180_000); // about 20 s on a loaded 2-core machine

	it('duplicates are sent once per request and 100 distinct values still fit in one', async () => {
		seed(Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`user_id:d${i}`, BigInt(i + 1)])));
		const rows = Array.from({ length: 300 }, (_, i) => ({ id: `d${i % 100}` }));
		const result = await fx.run(getEuid, rows);

		expect(fx.emulator.received).toHaveLength(1);
		expect((fx.emulator.received[0].body as { identity_values: string[] }).identity_values).toHaveLength(100);
		expect(result.items.map((i) => i.json.euid)).toEqual(rows.map((_, i) => String((i % 100) + 1)));
	});

	it('101 distinct values need two requests (≤ ceil(N/100))', async () => {
		await fx.run(getEuid, Array.from({ length: 101 }, (_, i) => ({ id: `v${i}` })), { onError: 'continueRegularOutput' });

		expect(fx.emulator.received.map((r) => (r.body as { identity_values: string[] }).identity_values.length)).toEqual([100, 1]);
	});
});

describe('Get EUID: identifiers that do not resolve', () => {
	it('with continue on fail only that item fails, with its own error', async () => {
		seed({ 'user_id:known': 7n });
		const result = await fx.run(getEuid, [{ id: 'known' }, { id: 'nobody' }, { id: 'known' }], { onError: 'continueRegularOutput' });

		expect(fx.emulator.received).toHaveLength(1);
		expect(result.items.map((i) => i.json.euid ?? errorOf(i.json)?.message)).toEqual(['7', 'No EngageLab user has the user_id "nobody"', '7']);
		expect(errorOf(result.items[1].json)?.description).toMatch(/does not create a user/);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('on the error output, the unresolved row keeps its data', async () => {
		seed({ 'user_id:known': 7n });
		const result = await fx.run(getEuid, [{ id: 'nobody', crm: 'row-0' }, { id: 'known' }], { onError: 'continueErrorOutput' });

		expect(result.items.map((i) => [i.json.euid, i.pairedItem])).toEqual([['7', { item: 1 }]]);
		expect(result.errorItems).toHaveLength(1);
		expect(result.errorItems[0].json).toMatchObject({ crm: 'row-0', error: { message: 'No EngageLab user has the user_id "nobody"' } });
		expect(result.errorItems[0].pairedItem).toEqual({ item: 0 });
	});

	it('without continue on fail the run fails with that item\'s error and index', async () => {
		seed({ 'user_id:known': 7n });
		const result = await fx.run(getEuid, [{ id: 'known' }, { id: 'nobody' }]);

		expect(result.status).toBe('error');
		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect((result.error as NodeOperationError).message).toBe('No EngageLab user has the user_id "nobody"');
		expect((result.error as NodeOperationError).context.itemIndex).toBe(1);
	});

	it('without continue on fail, an earlier unresolved item wins over a later bad input', async () => {
		const result = await fx.run(getEuid, [{ id: 'nobody' }, { id: '' }]);

		expect(fx.emulator.received).toHaveLength(1);
		expect((result.error as NodeOperationError).message).toBe('No EngageLab user has the user_id "nobody"');
		expect((result.error as NodeOperationError).context.itemIndex).toBe(0);
	});
});

describe('Get EUID: input refused before any request', () => {
	it.each([
		['an empty value', { id: '  ' }, /The user_id is empty/],
		['a value over 256 characters', { id: 'x'.repeat(257) }, /257 characters long: EngageLab takes at most 256/],
		['a list', { id: ['a'] }, /must be text/],
		['an unknown identity type', { id: 'a', type: 'email' }, /Unsupported identity type "email"/],
	])('%s', async (_what, row, message) => {
		const result = await fx.run(getEuid, [row]);

		expect(result.status).toBe('error');
		expect((result.error as NodeOperationError).message).toMatch(message);
		expect((result.error as NodeOperationError).context.itemIndex).toBe(0);
		expect(fx.emulator.received).toHaveLength(0);
	});

	it('256 characters are fine; a refused item does not stop the others with continue on fail', async () => {
		seed({ [`user_id:${'y'.repeat(256)}`]: 5n });
		const result = await fx.run(getEuid, [{ id: '' }, { id: 'y'.repeat(256) }], { onError: 'continueRegularOutput' });

		expect(fx.emulator.received).toHaveLength(1);
		expect((fx.emulator.received[0].body as { identity_values: string[] }).identity_values).toEqual(['y'.repeat(256)]);
		expect(result.items.map((i) => i.json.euid ?? errorOf(i.json)?.message)).toEqual(['The user_id is empty', '5']);
	});
});

describe('Get EUID: EngageLab error codes', () => {
	it.each([55004, 55101, 55105, 55106, 55107, 40050, 50031, 50034, 50074, -1])(
		'code %i fails every item of that request with the mapped error; other requests are unaffected',
		async (code) => {
			seed({ 'anonymous_id:ok': 9n });
			const result = await fx.run(
				{ ...getEuid, options: { maxAttempts: 1 } },
				[{ id: `emulator-force-${code}` }, { id: 'other' }, { id: 'ok', type: 'anonymous_id' }],
				{ onError: 'continueRegularOutput' },
			);

			expect(fx.emulator.received).toHaveLength(2);
			const [first, second, third] = result.items.map((i) => i.json);
			for (const json of [first, second]) {
				expect(errorOf(json)).toMatchObject({ code, message: `EngageLab error ${code}: ${MA_ERROR_CODES[code].meaning}` });
			}
			expect(third).toEqual({ identityType: 'anonymous_id', identityValue: 'ok', euid: '9' });
		},
	);

	it('a wrong secret is 40050 for every item', async () => {
		fx.useCredentials({ ...fx.credentials, apiSecret: 'wrong' });
		try {
			const result = await fx.run(getEuid, [{ id: 'a' }]);
			expect(result.error).toBeInstanceOf(NodeApiError);
			expect((result.error as NodeApiError).message).toBe('EngageLab error 40050: Interface authentication failed');
		} finally {
			await fx.stop();
			await fx.start();
		}
	});

	it('a request whose answer was lost is retried with the same body', async () => {
		seed({ 'user_id:a': 1n });
		fx.emulator.faultPath('/v1/user/register', 'http500');
		const result = await fx.run(getEuid, [{ id: 'a' }]);

		expect(fx.emulator.received.map((r) => r.status)).toEqual([500, 200]);
		expect(fx.emulator.received[0].rawBody).toBe(fx.emulator.received[1].rawBody);
		expect(result.items[0].json.euid).toBe('1');
	});
});
