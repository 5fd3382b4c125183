/**
 * Web Push → Get Statistics and → Withdraw against the push emulator in Web Push mode: the Web
 * statistics path, and Withdraw on a Web host without the endpoint (HTTP 404, nothing changes).
 */
import { WEB_PUSH } from '../../nodes/EngageLab/products/push/webPush.product';
import { PushFixture } from '../support/inProcess/pushFixture';

const fx = new PushFixture(WEB_PUSH);
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(async () => await fx.restart());

const push = { operation: 'send', audience: 'all', content: 'notification', alert: 'Hi', web: { title: 'Shop', url: 'https://shop.example' } };

it('Get Statistics asks /v4/messages/details and keeps the IDs as strings', async () => {
	const sent = await fx.run(push);
	expect(sent.error).toBeUndefined();
	const id = sent.items[0].json.msg_id as string;
	const result = await fx.run({ operation: 'getStatistics', messageId: '={{ $json.id }}' }, [{ id }]);

	expect(fx.emulator.requests.at(-1)!.path).toBe('/v4/messages/details');
	expect(result.items[0].json).toMatchObject({ message_id: id, found: true });
	expect(result.items[0].pairedItem).toEqual({ item: 0 });
});

it('Withdraw on a Web host without the endpoint fails with HTTP 404 on the error output', async () => {
	const result = await fx.run({ operation: 'withdraw', messageId: '1666165485030094861' }, [{}], { onError: 'continueErrorOutput' });

	expect(fx.emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['DELETE /v4/push/withdraw/1666165485030094861']);
	expect(JSON.stringify(result.errorItems[0].json)).toContain('EngageLab Web Push answered HTTP 404');
});
