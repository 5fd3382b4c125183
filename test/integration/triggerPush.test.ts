/**
 * App Push and Web Push callbacks through the EngageLab Trigger (n8n-core's WebhookContext, the
 * callback emulator over HTTP): signed status rows become items, forged, unsigned, stale and
 * replayed callbacks start nothing, the address check is echoed as bare plain text before any
 * signature check, and the status filter (docs/push/decisions.md D25–D27).
 */
import { EngageLabTrigger } from '../../nodes/EngageLabTrigger/EngageLabTrigger.node';
import { TriggerHost } from '../support/inProcess/triggerHost';
import { batch, pushStatus } from '../support/emulator/callbacks/samples';
import { post, signed, tampered, TEST_CALLBACK_SECRETS as S, unsigned, withAuthorization, type CallbackRequest } from '../support/emulator/callbacks/sender';

const hosts: TriggerHost[] = [];
async function host(parameters: Record<string, unknown>, typeVersion = 2): Promise<TriggerHost> {
	const h = new TriggerHost(parameters, { ...S });
	h.typeVersion = typeVersion;
	await h.start();
	hosts.push(h);
	return h;
}
afterAll(async () => await Promise.all(hosts.map((h) => h.stop())));

/** The answer with the headers that say how a browser would read it. */
async function answer(request: CallbackRequest): Promise<{ status: number; body: string; type: string | null; nosniff: string | null }> {
	const response = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body });
	return { status: response.status, body: await response.text(), type: response.headers.get('content-type'), nosniff: response.headers.get('x-content-type-options') };
}

const ID = '1666165485030094861';

describe.each([
	['App Push', 'push', 'push'],
	['Web Push', 'webPush', 'web'],
])('%s callbacks', (_, product, server) => {
	let trigger: TriggerHost;
	beforeAll(async () => (trigger = await host({ product, verification: 'signature', events: [], options: {} })));
	beforeEach(() => trigger.executions.splice(0));

	it('a signed batch starts one run with one item per row, the product named, the 19-digit message IDs and rows as sent', async () => {
		const rows = [pushStatus(ID, 'delivered', server), pushStatus('1666165485030094862', 'click', server), pushStatus('1666165485030094863', 'read', server)];
		const reply = await post(signed(trigger.url, S, batch(rows)));

		expect({ status: reply.status, body: reply.body }).toEqual({ status: 200, body: '' });
		expect(trigger.executions).toHaveLength(1);
		expect(trigger.executions[0].map((i) => [i.product, i.event, i.eventKind, i.messageId, i.batchIndex, i.batchSize])).toEqual([
			[product, 'delivered', 'message_status', ID, 0, 3],
			[product, 'click', 'message_status', '1666165485030094862', 1, 3],
			[product, 'read', 'message_status', '1666165485030094863', 2, 3],
		]);
		expect(trigger.executions[0][0]).toMatchObject({ to: 'reg-1a0018970a8b5c3d', itime: 1701234567, customArgs: { order_id: `order-${ID}` } });
		expect(trigger.executions[0].map((i) => i.payload)).toEqual(rows);
	});

	it('a message ID sent as a bare JSON number past 2^53 keeps every digit in messageId', async () => {
		const text = JSON.stringify(batch([pushStatus('__ID__', 'delivered', server)])).replace('"__ID__"', '1666165485030094861');
		expect((await post(signed(trigger.url, S, text))).status).toBe(200);
		expect(trigger.executions.map((run) => run.map((i) => i.messageId))).toEqual([['1666165485030094861']]);
	});

	it.each([
		['a forged signature', () => tampered(signed(trigger.url, S, batch([pushStatus(ID, 'delivered', server)])))],
		['a signature made with another secret', () => signed(trigger.url, S, batch([pushStatus(ID, 'delivered', server)]), { secret: 'not-the-secret' })],
		['no signature', () => unsigned(trigger.url, batch([pushStatus(ID, 'delivered', server)]))],
		['a timestamp 10 minutes old', () => signed(trigger.url, S, batch([pushStatus(ID, 'delivered', server)]), { timestamp: Math.floor(Date.now() / 1000) - 600 })],
	])('%s is answered 401 and starts nothing', async (_, request) => {
		const reply = await post(request());
		expect(reply.status).toBe(401);
		expect(JSON.parse(reply.body)).toEqual({ message: expect.stringContaining('X-CALLBACK-ID') });
		expect(trigger.executions).toHaveLength(0);
	});

	it('the same signed callback again is a replay: 401, no second run', async () => {
		const request = signed(trigger.url, S, batch([pushStatus('1666165485030094870', 'delivered', server)]));
		expect((await post(request)).status).toBe(200);
		const replay = await post(request);
		expect({ status: replay.status, body: replay.body }).toEqual({ status: 401, body: expect.stringContaining('replay') });
		expect(trigger.executions).toHaveLength(1);
	});

	it.each([
		['the documented 8 characters', '12345678'],
		['any printable ASCII without spaces', 'aZ9+/=_.~-'],
		['markup, harmless as plain text the browser may not sniff', '<b>x</b>'],
	])('the address check with %s is answered 200 with the bare echostr as plain text, unsigned, and starts nothing', async (_, echostr) => {
		const reply = await answer(unsigned(trigger.url, { echostr }));
		expect(reply).toEqual({ status: 200, body: echostr, type: 'text/plain; charset=utf-8', nosniff: 'nosniff' });
		expect(trigger.executions).toHaveLength(0);
	});

	it('an echostr that is not 1 to 64 printable characters is no address check: unsigned it gets 401, signed 400; nothing starts', async () => {
		expect((await post(unsigned(trigger.url, { echostr: 'has a space' }))).status).toBe(401);
		const signedBad = await post(signed(trigger.url, S, { echostr: 'x'.repeat(65) }));
		expect({ status: signedBad.status, body: signedBad.body }).toEqual({ status: 400, body: expect.stringContaining('echostr') });
		expect(trigger.executions).toHaveLength(0);
	});
});

describe('the status filter (App Push and Web Push)', () => {
	it.each(['push', 'webPush'])('%s: "read" starts only on read rows; a callback with none starts nothing', async (product) => {
		const trigger = await host({ product, verification: 'signature', events: ['read'], options: {} });
		expect((await post(signed(trigger.url, S, batch([pushStatus('1', 'delivered'), pushStatus('2', 'read')])))).status).toBe(200);
		expect((await post(signed(trigger.url, S, batch([pushStatus('3', 'click')])))).status).toBe(200);
		expect(trigger.executions.map((run) => run.map((i) => [i.event, i.messageId, i.batchIndex]))).toEqual([[['read', '2', 1]]]);
	});

	it('an empty filter passes every status, including one no page names', async () => {
		const trigger = await host({ product: 'webPush', verification: 'signature', events: [], options: {} });
		const rows = ['plan', 'sent', 'delivered_failed', 'read', 'dismissed'].map((status, i) => pushStatus(String(i), status, 'web'));
		expect((await post(signed(trigger.url, S, batch(rows)))).status).toBe(200);
		expect(trigger.executions.map((run) => run.map((i) => i.event))).toEqual([['plan', 'sent', 'delivered_failed', 'read', 'dismissed']]);
	});

	it('the editor offers Web Push as a product, with the same events as App Push, "read" among them', () => {
		const { properties } = new EngageLabTrigger().description;
		const products = properties.find((p) => p.name === 'product')?.options as Array<{ name: string; value: string }>;
		expect(products.map((o) => [o.name, o.value])).toEqual(expect.arrayContaining([['App Push', 'push'], ['Web Push', 'webPush']]));
		const eventsOf = (product: string) =>
			(properties.find((p) => p.name === 'events' && p.displayOptions?.show?.product?.includes(product))?.options as Array<{ value: string }> | undefined)?.map((o) => o.value);
		expect(eventsOf('webPush')).toEqual(eventsOf('push'));
		expect(eventsOf('push')).toEqual(expect.arrayContaining(['plan', 'sent', 'sent_failed', 'delivered', 'delivered_failed', 'click', 'read']));
		// Both are signed: the verification choices of SMS and OTP, in every trigger version.
		const verificationsOf = (product: string) => properties.filter((p) => p.name === 'verification' && p.displayOptions?.show?.product?.includes(product)).length;
		expect([verificationsOf('push'), verificationsOf('webPush')]).toEqual([2, 2]);
	});
});

describe('Web Push, trigger version 3 with its defaults (signature and secret token)', () => {
	it('a signed callback without the token gets 401; with the Bearer token it starts; the same row re-signed starts nothing more', async () => {
		const trigger = await host({ product: 'webPush', events: [], options: {} }, 3);
		const body = batch([pushStatus(ID, 'delivered', 'web')]);
		const bearer = (request: CallbackRequest) => withAuthorization(request, `Bearer ${S.urlToken}`);

		const statuses: number[] = [];
		for (const request of [signed(trigger.url, S, body), bearer(signed(trigger.url, S, body)), bearer(signed(trigger.url, S, body))]) statuses.push((await post(request)).status);
		expect(statuses).toEqual([401, 200, 200]);
		expect(trigger.executions.map((run) => run.map((i) => [i.product, i.messageId, i.repeatsDropped]))).toEqual([[['webPush', ID, 0]]]);
	});
});
