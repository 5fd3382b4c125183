import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { EngageLab } from '../../nodes/EngageLab/EngageLab.node';
import { EngageLabFixture } from '../support/inProcess/maFixture';

const fx = new EngageLabFixture();
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => fx.reset());

const byUserId = { identifyBy: 'userId', identityValue: '={{ $json.crmId }}', email: '={{ $json.mail }}' };
const errorOf = (json: IDataObject) => json.error as IDataObject | undefined;
const paths = () => fx.emulator.received.map((r) => r.path);

describe('Set Contact identified by User ID / Anonymous ID', () => {
	it('looks up each distinct user ID once, then sets contacts on the resolved EUIDs; output names EUID and identifier', async () => {
		fx.emulator.ma.identities.set('user_id:crm-1', 1001n);
		fx.emulator.ma.identities.set('user_id:crm-2', 9223372036854775807n);
		const result = await fx.run(byUserId, [
			{ crmId: 'crm-1', mail: 'a@example.com' },
			{ crmId: 'crm-2', mail: 'b@example.com' },
			{ crmId: 'crm-1', mail: 'c@example.com' },
		]);

		expect(result.status).toBe('success');
		expect(fx.emulator.received.map((r) => r.rawBody)).toEqual([
			'{"identity_name":"user_id","identity_values":["crm-1","crm-2"]}',
			'{"euid":1001,"contacts":{"email":"a@example.com"}}',
			'{"euid":9223372036854775807,"contacts":{"email":"b@example.com"}}',
			'{"euid":1001,"contacts":{"email":"c@example.com"}}',
		]);
		expect(result.items.map((i) => [i.json, i.pairedItem])).toEqual([
			[{ euid: '1001', identityType: 'user_id', identityValue: 'crm-1', contacts: { email: 'a@example.com' }, code: 0, message: 'success' }, { item: 0 }],
			[{ euid: '9223372036854775807', identityType: 'user_id', identityValue: 'crm-2', contacts: { email: 'b@example.com' }, code: 0, message: 'success' }, { item: 1 }],
			[{ euid: '1001', identityType: 'user_id', identityValue: 'crm-1', contacts: { email: 'c@example.com' }, code: 0, message: 'success' }, { item: 2 }],
		]);
	});

	it('uses anonymous_id for Anonymous ID', async () => {
		fx.emulator.ma.identities.set('anonymous_id:visitor-9', 77n);
		const result = await fx.run({ ...byUserId, identifyBy: 'anonymousId' }, [{ crmId: 'visitor-9', mail: 'v@example.com' }]);

		expect(fx.emulator.received[0].rawBody).toBe('{"identity_name":"anonymous_id","identity_values":["visitor-9"]}');
		expect(result.items[0].json).toMatchObject({ euid: '77', identityType: 'anonymous_id', identityValue: 'visitor-9' });
	});

	it('250 distinct user IDs need 3 lookups of at most 100', async () => {
		const rows = Array.from({ length: 250 }, (_, i) => ({ crmId: `c${i}`, mail: `u${i}@example.com` }));
		rows.forEach((_, i) => fx.emulator.ma.identities.set(`user_id:c${i}`, BigInt(5000 + i)));
		const result = await fx.run(byUserId, rows);

		const lookups = fx.emulator.received.filter((r) => r.path === '/v1/user/register');
		expect(lookups.map((r) => (r.body as { identity_values: string[] }).identity_values.length)).toEqual([100, 100, 50]);
		expect(fx.emulator.received.filter((r) => r.path === '/v1/user/contact')).toHaveLength(250);
		expect(result.items.map((i) => i.json.euid)).toEqual(rows.map((_, i) => String(5000 + i)));
	});

	it('an unresolved user ID fails only its item, and no contact is set for it', async () => {
		fx.emulator.ma.identities.set('user_id:crm-1', 1001n);
		const result = await fx.run(byUserId, [{ crmId: 'crm-1', mail: 'a@example.com' }, { crmId: 'ghost', mail: 'g@example.com' }], {
			onError: 'continueRegularOutput',
		});

		expect(paths()).toEqual(['/v1/user/register', '/v1/user/contact']);
		expect(result.items.map((i) => i.json.euid ?? errorOf(i.json)?.message)).toEqual(['1001', 'No EngageLab user has the user_id "ghost"']);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('without continue on fail an unresolved user ID fails the run with its item index', async () => {
		fx.emulator.ma.identities.set('user_id:crm-1', 1001n);
		const result = await fx.run(byUserId, [{ crmId: 'crm-1', mail: 'a@example.com' }, { crmId: 'ghost', mail: 'g@example.com' }]);

		expect(result.status).toBe('error');
		expect((result.error as NodeOperationError).message).toBe('No EngageLab user has the user_id "ghost"');
		expect((result.error as NodeOperationError).context.itemIndex).toBe(1);
	});

	it('an empty or too long user ID is refused without a lookup for it', async () => {
		fx.emulator.ma.identities.set('user_id:ok', 3n);
		const result = await fx.run(byUserId, [{ crmId: '', mail: 'a@example.com' }, { crmId: 'z'.repeat(300), mail: 'b@example.com' }, { crmId: 'ok', mail: 'c@example.com' }], {
			onError: 'continueRegularOutput',
		});

		expect(fx.emulator.received.map((r) => r.rawBody)).toEqual([
			'{"identity_name":"user_id","identity_values":["ok"]}',
			'{"euid":3,"contacts":{"email":"c@example.com"}}',
		]);
		expect(result.items.map((i) => i.json.euid ?? errorOf(i.json)?.message)).toEqual([
			'The user_id is empty',
			'The user_id is 300 characters long: EngageLab takes at most 256',
			'3',
		]);
	});

	it('a failed lookup gives its EngageLab error to each of its items', async () => {
		const result = await fx.run(byUserId, [{ crmId: 'emulator-force-55105', mail: 'a@example.com' }, { crmId: 'x', mail: 'b@example.com' }], {
			onError: 'continueRegularOutput',
		});

		expect(paths()).toEqual(['/v1/user/register']);
		for (const item of result.items) expect(errorOf(item.json)).toMatchObject({ code: 55105, message: expect.stringMatching(/^EngageLab error 55105/) });
	});

	it('Identify User By EUID (the default) sends no lookup', async () => {
		const result = await fx.run({ identifyBy: 'euid', euid: '12', email: 'a@example.com' });

		expect(paths()).toEqual(['/v1/user/contact']);
		expect(result.items[0].json).toEqual({ euid: '12', contacts: { email: 'a@example.com' }, code: 0, message: 'success' });
	});
});

describe('Set Contact: the fields', () => {
	it('EUID is shown for Identify User By EUID (and for workflows without it), Identity Value for the IDs', () => {
		const { properties } = new EngageLab().description;
		const setContact = properties.filter((p) => p.displayOptions?.show?.operation?.includes('setContact'));
		const euid = setContact.find((p) => p.name === 'euid');
		const identityValue = setContact.find((p) => p.name === 'identityValue');
		expect(euid?.displayOptions).toEqual({
			show: { resource: ['user'], operation: ['setContact'] },
			hide: { identifyBy: ['userId', 'anonymousId', 'registrationId'] },
		});
		expect(identityValue?.displayOptions?.show).toEqual({ resource: ['user'], operation: ['setContact'], identifyBy: ['userId', 'anonymousId', 'registrationId'] });
		expect(setContact.find((p) => p.name === 'identifyBy')?.default).toBe('euid');
	});
});
