/**
 * Identify User By on every operation that acts on one user (node version 2): Set Contact, Set
 * Properties and Event → Report take the user by EUID, user ID, anonymous ID or registration ID,
 * all through the one lookup (Get EUID, each distinct ID once per run). In version 1 only Set
 * Contact had it (without Registration ID): Set Properties and Report read the EUID field as before.
 */
import type { IDataObject } from 'n8n-workflow';

import { EngageLabFixture } from '../support/inProcess/maFixture';

const fx = new EngageLabFixture();
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => fx.reset());

const v2 = { typeVersion: 2 };
const setProperties = { resource: 'user', operation: 'setProperties', properties: { property: [{ name: 'tier', value: 'gold' }] } };
const report = { resource: 'event', operation: 'report', eventName: 'order_paid', additionalFields: { eventTime: '1740830400' } };
const byId = (identifyBy: string) => ({ identifyBy, identityValue: '={{ $json.id }}' });
const lookups = () => fx.emulator.received.filter((r) => r.path === '/v1/user/register').map((r) => r.rawBody);
const errorOf = (json: IDataObject) => (json.error as IDataObject | undefined)?.message;

describe.each([
	['userId', 'user_id'],
	['anonymousId', 'anonymous_id'],
	['registrationId', 'registration_id'],
])('version 2, Identify User By %s', (identifyBy, type) => {
	it('Set Properties looks the user up, then changes the resolved EUID; the output names both', async () => {
		fx.emulator.ma.identities.set(`${type}:a`, 9223372036854775807n);
		const result = await fx.run({ ...setProperties, ...byId(identifyBy) }, [{ id: 'a' }, { id: 'a' }], v2);

		expect(result.status).toBe('success');
		expect(lookups()).toEqual([`{"identity_name":"${type}","identity_values":["a"]}`]);
		expect(fx.emulator.received.filter((r) => r.path === '/v1/user/property').map((r) => r.rawBody)).toEqual([
			'{"euid":9223372036854775807,"type":"set","properties":{"tier":"gold"}}',
			'{"euid":9223372036854775807,"type":"set","properties":{"tier":"gold"}}',
		]);
		expect(result.items[0].json).toEqual({
			euid: '9223372036854775807',
			identityType: type,
			identityValue: 'a',
			type: 'set',
			properties: { tier: 'gold' },
			code: 0,
			message: 'success',
		});
	});

	it('Report looks the users up and sends their events in one request', async () => {
		fx.emulator.ma.identities.set(`${type}:a`, 11n);
		fx.emulator.ma.identities.set(`${type}:b`, 12n);
		const result = await fx.run({ ...report, ...byId(identifyBy) }, [{ id: 'a' }, { id: 'b' }], v2);

		expect(result.status).toBe('success');
		expect(lookups()).toEqual([`{"identity_name":"${type}","identity_values":["a","b"]}`]);
		const reports = fx.emulator.received.filter((r) => r.path === '/v1/event/report');
		expect(reports).toHaveLength(1);
		expect((reports[0].body as { data: Array<{ euid: unknown }> }).data.map((e) => String(e.euid))).toEqual(['11', '12']);
		expect(result.items.map((i) => [i.json.euid, i.json.identityType, i.json.identityValue])).toEqual([
			['11', type, 'a'],
			['12', type, 'b'],
		]);
	});
});

describe('version 2: a user that is not found', () => {
	it('fails only its own event; the rest of the batch is sent', async () => {
		fx.emulator.ma.identities.set('user_id:a', 11n);
		const result = await fx.run({ ...report, ...byId('userId') }, [{ id: 'a' }, { id: 'ghost' }, { id: 'a' }], { ...v2, onError: 'continueRegularOutput' });

		expect(result.items.map((i) => errorOf(i.json) ?? i.json.euid)).toEqual(['11', 'No EngageLab user has the user_id "ghost"', '11']);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const reports = fx.emulator.received.filter((r) => r.path === '/v1/event/report');
		expect((reports[0].body as { data: unknown[] }).data).toHaveLength(2);
	});

	it('a batch where no user is found sends no report', async () => {
		const result = await fx.run({ ...report, ...byId('userId') }, [{ id: 'x' }, { id: 'y' }], { ...v2, onError: 'continueRegularOutput' });

		expect(result.items.map((i) => errorOf(i.json))).toEqual(['No EngageLab user has the user_id "x"', 'No EngageLab user has the user_id "y"']);
		expect(fx.emulator.received.map((r) => r.path)).toEqual(['/v1/user/register']);
	});

	it('Set Properties: the item fails, without continue on fail the run stops there', async () => {
		const result = await fx.run({ ...setProperties, ...byId('userId') }, [{ id: 'ghost' }], v2);

		expect(result.status).toBe('error');
		expect((result.error as Error | undefined)?.message).toBe('No EngageLab user has the user_id "ghost"');
		expect(fx.emulator.received.map((r) => r.path)).toEqual(['/v1/user/register']);
	});
});

describe('version 1 keeps its fields', () => {
	it('Set Properties and Report use the EUID field even if Identify User By is present in the parameters', async () => {
		await fx.run({ ...setProperties, euid: '5', identifyBy: 'userId', identityValue: 'a' }, [{}], { typeVersion: 1 });
		await fx.run({ resource: 'event', operation: 'report', eventName: 'x', euid: '6', identifyBy: 'userId', identityValue: 'a' }, [{}], { typeVersion: 1 });

		expect(fx.emulator.received.map((r) => r.path)).toEqual(['/v1/user/property', '/v1/event/report']);
	});

	it('Set Contact in version 1 refuses Registration ID, as it did', async () => {
		const result = await fx.run({ identifyBy: 'registrationId', identityValue: 'r', email: 'a@b.co' }, [{}], { typeVersion: 1 });

		expect((result.error as Error | undefined)?.message).toBe('Unsupported identity type "registrationId"');
		expect(fx.emulator.received).toHaveLength(0);
	});
});
