/**
 * Web Push → Send against the push emulator (Web Push mode), through n8n-core's real request
 * helpers: the Web body, buttons in options, the Web-only refusals, Validate Only on a host
 * without the endpoint, and the Web Push credential test.
 */
import { WEB_PUSH } from '../../nodes/EngageLab/products/push/webPush.product';
import { PushFixture } from '../support/inProcess/pushFixture';

const fx = new PushFixture(WEB_PUSH);
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(async () => await fx.restart());

const send = (extra: Record<string, unknown> = {}) => ({
	operation: 'send',
	audience: 'custom',
	audienceFilters: { aliases: 'buyer-1' },
	content: 'notification',
	alert: 'Back in stock',
	web: { title: 'Shop', url: 'https://shop.example/item/1', buttons: { button: [{ text: 'Open', url: 'https://shop.example/item/1' }] } },
	...extra,
});

describe('Web Push → Send', () => {
	it('sends platform "web", the Web notification and its buttons, with a cid, and outputs the message ID', async () => {
		const result = await fx.run(send());

		expect(result.status).toBe('success');
		const body = JSON.parse(fx.emulator.requests[0].body) as { to: unknown; body: Record<string, Record<string, unknown>> };
		expect(fx.emulator.requests[0].path).toBe('/v4/push');
		expect(body.to).toEqual({ alias: ['buyer-1'] });
		expect(body.body.platform).toBe('web');
		expect(body.body.notification.web).toMatchObject({ title: 'Shop', url: 'https://shop.example/item/1' });
		expect(body.body.options.web_buttons).toEqual([{ text: 'Open', url: 'https://shop.example/item/1' }]);
		expect(body.body.options.cid).toMatch(/^n8n-/);
		expect(result.items[0].json.msg_id).toBe(fx.emulator.sent[0].msgId.toString());
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
	});

	it('refuses a segment and a Web time to live over 15 days before sending', async () => {
		const result = await fx.run(send({ pushOptions: { timeToLive: '={{ $json.ttl }}' } }), [{ ttl: 1_296_001 }, { ttl: 60 }], { onError: 'continueErrorOutput' });

		expect(fx.emulator.requests).toHaveLength(1);
		expect(result.errorItems.map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
	});

	it('Validate Only on a Web host without the endpoint fails with nothing sent', async () => {
		const result = await fx.run(send({ validateOnly: true }), [{}], { onError: 'continueErrorOutput' });

		expect(fx.emulator.requests.map((r) => r.path)).toEqual(['/v4/push/validate']);
		expect(fx.emulator.sent).toHaveLength(0);
		expect(JSON.stringify(result.errorItems[0].json)).toContain('HTTP 404');
	});

	it('the credential test passes on EngageLab\'s answer (platform=web) and fails on a wrong pair', async () => {
		expect(await fx.testCredential()).toMatchObject({ status: 'OK' });
		expect(fx.emulator.requests[0].rawQuery).toContain('platform=web');
		expect((await fx.testCredential({ ...fx.credentials, appKey: 'another-app-key' })).status).toBe('Error');
	});

	it('a Custom Base URL with the documented legacy /v4 suffix works without doubling it', async () => {
		fx.useCredentials({ ...fx.credentials, baseUrl: `${fx.emulator.url}/v4/` });
		const result = await fx.run(send());
		expect(result.status).toBe('success');
		expect(fx.emulator.requests[0].path).toBe('/v4/push');
	});
});
