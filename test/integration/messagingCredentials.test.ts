/**
 * Each resource asks for its own product's credential and no other: a user with only an SMS key
 * sends SMS without any MA credential, a user with only the MA key works with contacts without
 * any messaging credential, and version 1 of the node offers the new resources too.
 */
import { NodeHelpers, type INode, type INodePropertyOptions } from 'n8n-workflow';

import { EngageLab } from '../../nodes/EngageLab/EngageLab.node';
import { SMS } from '../../nodes/EngageLab/products/sms/sms.product';
import { SMS_KEY, SMS_SECRET, smsEmulator, type SmsState } from '../support/emulator/sms/smsEmulator';
import { TEST_KEY, TEST_SECRET } from '../support/emulator/ma/maEmulator';
import { EngageLabFixture } from '../support/inProcess/maFixture';
import { MessagingFixture } from '../support/inProcess/productFixture';

const description = new EngageLab().description;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

it('shows (and requires) each credential only for its resources', () => {
	const resources = (description.properties.find((p) => p.name === 'resource')?.options as INodePropertyOptions[]).map((o) => String(o.value));
	expect(resources).toEqual(['appPush', 'email', 'event', 'otp', 'sms', 'user', 'webPush', 'whatsapp']);
	expect(description.properties.find((p) => p.name === 'resource')?.default).toBe('user');
	// What n8n-core checks before handing a credential to the node (NodeHelpers.displayParameter).
	const shownFor = (name: string) =>
		resources.filter((resource) => {
			const credential = description.credentials!.find((c) => c.name === name)!;
			return NodeHelpers.displayParameter({ resource }, credential, { typeVersion: 2 } as INode, description);
		});
	expect(description.credentials!.every((c) => c.required === true)).toBe(true);
	expect(Object.fromEntries(description.credentials!.map((c) => [c.name, shownFor(c.name)]))).toEqual({
		engageLabApi: ['event', 'user'],
		engageLabSmsApi: ['sms'],
		engageLabOtpApi: ['otp'],
		engageLabEmailApi: ['email'],
		engageLabWhatsAppApi: ['whatsapp'],
		engageLabAppPushApi: ['appPush'],
		engageLabWebPushApi: ['webPush'],
	});
});

it("does not let n8n's editor take Resource for the credential selector (User and Event share one credential)", () => {
	// n8n's editor (nodeTypesUtils.ts, findAlternativeAuthField): an options field whose every value
	// appears in some credential's displayOptions.show becomes the "main auth field", is moved into
	// the credential dialog, and values sharing a credential can no longer be picked.
	const shown = new Set(description.credentials!.flatMap((c) => (c.displayOptions?.show?.resource ?? []).map(String)));
	const resources = (description.properties.find((p) => p.name === 'resource')?.options as INodePropertyOptions[]).map((o) => String(o.value));
	expect(resources.filter((r) => !shown.has(r))).toEqual(['event', 'user']);
});

describe('with only an MA credential', () => {
	const ma = new EngageLabFixture();
	beforeAll(async () => void (await ma.start()));
	afterAll(async () => await ma.stop());

	it('Set Contact runs and reads no messaging credential', async () => {
		const result = await ma.run({ euid: '1', email: 'a@b.co' });
		expect(result.status).toBe('success');
		expect([...new Set(ma.credentialsHelper.decryptCalls.map((c) => c.type))]).toEqual(['engageLabApi']);
	});

	it.each([1, 2])('node version %i reads the credential once per run and hands it to each request (n8n need not read it again)', async (typeVersion) => {
		ma.credentialsHelper.decryptCalls.length = 0;
		ma.emulator.reset();
		const items = Array.from({ length: 20 }, (_, i) => ({ euid: String(700 + i), email: `u${i}@b.co` }));

		const result = await ma.run({ euid: '={{ $json.euid }}', email: '={{ $json.email }}' }, items, { typeVersion });

		expect(result.status).toBe('success');
		expect(ma.credentialsHelper.decryptCalls).toHaveLength(1);
		expect(ma.emulator.received).toHaveLength(20);
		expect(new Set(ma.emulator.received.map((r) => r.authorization))).toEqual(new Set([basic(TEST_KEY, TEST_SECRET)]));
	});
});

describe('with only an SMS credential', () => {
	const fx = new MessagingFixture<SmsState>(SMS, (o) => smsEmulator(o), SMS_KEY, SMS_SECRET);
	beforeAll(async () => void (await fx.start()));
	afterAll(async () => await fx.stop());
	beforeEach(() => fx.reset());
	const params = {
		operation: 'send',
		to: '+6591234567',
		template: { __rl: true, mode: 'id', value: '123456790' },
		templateVariables: { mappingMode: 'defineBelow', value: null },
	};

	it.each([1, 2])('SMS → Send runs on node version %i and reads only the SMS credential', async (typeVersion) => {
		fx.credentialsHelper.decryptCalls.length = 0;
		const result = await fx.run(params, [{}], { typeVersion });
		expect(result.status).toBe('success');
		expect([...new Set(fx.credentialsHelper.decryptCalls.map((c) => c.type))]).toEqual(['engageLabSmsApi']);
	});

	it('reads the SMS credential once for a run of 10 sends, each request carrying it', async () => {
		fx.credentialsHelper.decryptCalls.length = 0;
		const items = Array.from({ length: 10 }, (_, i) => ({ to: `+659123456${i}` }));

		const result = await fx.run({ ...params, to: '={{ $json.to }}' }, items);

		expect(result.status).toBe('success');
		expect(fx.credentialsHelper.decryptCalls).toHaveLength(1);
		const sends = fx.emulator.received.filter((r) => r.method === 'POST');
		expect(sends).toHaveLength(10);
		expect(new Set(sends.map((r) => r.authorization))).toEqual(new Set([basic(SMS_KEY, SMS_SECRET)]));
	});

	it('an MA operation on the same node fails for want of the MA credential, sending nothing to SMS', async () => {
		const result = await fx.run({ resource: 'user', operation: 'setContact', euid: '1', email: 'a@b.co' }, [{}], {
			credentialTypes: ['engageLabSmsApi'],
		});
		expect(result.status).toBe('error');
		expect(String((result.error as Error).message)).toMatch(/credential/i);
		expect(fx.emulator.received).toHaveLength(0);
	});
});
