import { call } from '../client';
import type { ErrorStyle, MessagingEmulator } from '../productEmulator';
import { WA_KEY, WA_SECRET, waHttpStatus, whatsappEmulator, type WaState } from './whatsappEmulator';

const AUTH = `${WA_KEY}:${WA_SECRET}`;
const msg = (body: unknown, top: Record<string, unknown> = {}) => ({ to: ['+447911123456'], body, ...top });
const orderUpdate = (bodyParams: string[], headerParams: string[] = ['A-1']) =>
	msg({
		type: 'template',
		template: {
			name: 'order_update',
			language: 'en',
			components: [
				{ type: 'header', parameters: headerParams.map((text) => ({ type: 'text', text })) },
				{ type: 'body', parameters: bodyParams.map((text) => ({ type: 'text', text })) },
			],
		},
	});

describe.each<ErrorStyle>(['http200', 'httpStatus'])('WhatsApp emulator, errors as %s', (style) => {
	let emu: MessagingEmulator<WaState>;
	let url: string;

	beforeAll(async () => {
		emu = whatsappEmulator({ errorStyle: style });
		url = await emu.start();
	});
	afterAll(() => emu.stop());
	beforeEach(() => emu.reset());

	const post = (body: unknown) => call(url, 'POST', '/v1/messages', body, { auth: AUTH });
	const expectError = (res: { status: number; json: unknown }, code: number) => {
		expect(res.json).toEqual({ code: BigInt(code), message: expect.any(String) });
		expect(res.status).toBe(style === 'http200' ? 200 : waHttpStatus(code));
	};

	it('sends the documented template example (from, 00-prefixed to, request_id, custom_args)', async () => {
		const body = {
			from: '+8613800138000',
			to: ['00447911123456'],
			body: { type: 'template', template: { name: 'code', language: 'zh_CN', components: [{ type: 'body', parameters: [{ type: 'text', text: '12345' }] }] } },
			request_id: '123asdbbqwe9faweg',
			custom_args: { arg1: 'string val', arg2: 123 },
		};
		const res = await post(body);
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ message_id: expect.stringMatching(/^[0-9a-v]{20}$/), request_id: '123asdbbqwe9faweg' });
		expect(emu.received[0].rawBody).toBe(JSON.stringify(body));
		expect(emu.state.sent[0]).toMatchObject({ to: ['00447911123456'], from: '+8613800138000' });
	});

	it('sends a template with header and body variables', async () => {
		expect((await post(orderUpdate(['Ana', 'A-1', 'Friday']))).status).toBe(200);
	});

	it('accepts currency and media parameters as documented', async () => {
		const body = msg({
			type: 'template',
			template: {
				name: 'order_update',
				language: 'en',
				components: [
					{ type: 'header', parameters: [{ type: 'image', image: { link: 'https://cdn.acme.test/p.jpg' } }] },
					{
						type: 'body',
						parameters: [
							{ type: 'text', text: 'John' },
							{ type: 'text', text: 'ORD-12345' },
							{ type: 'currency', currency: { fallback_value: '$99.99', code: 'USD', amount_1000: 99990 } },
						],
					},
				],
			},
		});
		expect((await post(body)).status).toBe(200);
	});

	it.each<[string, unknown]>([
		['text', { type: 'text', text: { body: 'Hello', preview_url: false } }],
		['image by link', { type: 'image', image: { link: 'https://cdn.acme.test/a.png', caption: 'A' } }],
		['video by id', { type: 'video', video: { id: '1234' } }],
		['audio', { type: 'audio', audio: { link: 'https://cdn.acme.test/a.mp3' } }],
		['document', { type: 'document', document: { link: 'https://cdn.acme.test/a.pdf', filename: 'a.pdf', caption: 'Invoice' } }],
		['sticker', { type: 'sticker', sticker: { id: '99' } }],
	])('sends a %s message', async (_name, body) => {
		expect((await post(msg(body))).status).toBe(200);
		expect(emu.state.sent).toHaveLength(1);
	});

	it.each<[string, unknown, number]>([
		['an unknown top-level field', msg({ type: 'text', text: { body: 'x' } }, { type: 'text' }), 3002],
		['to as a string', { to: '+447911123456', body: { type: 'text', text: { body: 'x' } } }, 3002],
		['a number without + or 00', msg({ type: 'text', text: { body: 'x' } }, { to: ['447911123456'] }), 3002],
		['an unsupported type', msg({ type: 'location', location: {} }), 3002],
		['a sub-object for another type', msg({ type: 'text', image: { id: '1' } }), 3002],
		['an unknown field in text', msg({ type: 'text', text: { body: 'x', content: 'x' } }), 3002],
		['an empty text', msg({ type: 'text', text: { body: '' } }), 3002],
		['a 4097-character text', msg({ type: 'text', text: { body: 'x'.repeat(4097) } }), 3002],
		['both link and id', msg({ type: 'image', image: { link: 'https://a.test/a.png', id: '1' } }), 3002],
		['neither link nor id', msg({ type: 'image', image: { caption: 'x' } }), 3002],
		['a caption on audio', msg({ type: 'audio', audio: { id: '1', caption: 'x' } }), 3002],
		['a link that is not http(s)', msg({ type: 'document', document: { link: 'ftp://a.test/a.pdf' } }), 3002],
		['too few body variables', orderUpdate(['Ana', 'A-1']), 3002],
		['a missing header variable', orderUpdate(['Ana', 'A-1', 'Friday'], []), 3002],
		['a template without language', msg({ type: 'template', template: { name: 'code' } }), 3002],
		['an unknown template', msg({ type: 'template', template: { name: 'nope', language: 'en' } }), 4001],
		['a template in another language', msg({ type: 'template', template: { name: 'code', language: 'en' } }), 4001],
		['a pending template', msg({ type: 'template', template: { name: 'spring_sale', language: 'en' } }), 4001],
		['a forced send failure', msg({ type: 'text', text: { body: 'emulator-force-5001' } }), 5001],
		['a forced internal error', msg({ type: 'text', text: { body: 'emulator-force-1000' } }), 1000],
		['a forced permission error', msg({ type: 'text', text: { body: 'emulator-force-2004' } }), 2004],
	])('rejects %s with %d', async (_name, body, code) => {
		expectError(await post(body), code);
		expect(emu.state.sent).toHaveLength(0);
	});

	it('answers 2001 for a wrong key and 3001 for a non-JSON body', async () => {
		expectError(await call(url, 'POST', '/v1/messages', msg({ type: 'text', text: { body: 'x' } }), { auth: `${WA_KEY}:no` }), 2001);
		expectError(await call(url, 'POST', '/v1/messages', undefined, { auth: AUTH, raw: 'hello' }), 3001);
	});

	it('lists templates as a bare array, filtered by name (fuzzy), language, category and status', async () => {
		const names = async (query: string) =>
			((await call(url, 'GET', `/v1/templates${query}`, undefined, { auth: AUTH })).json as Array<{ name: string }>).map((t) => t.name);
		expect(await names('')).toEqual(['code', 'order_update', 'spring_sale']);
		expect(await names('?name=order')).toEqual(['order_update']);
		expect(await names('?language_code=en&status=APPROVED')).toEqual(['order_update']);
		expect(await names('?category=MARKETING')).toEqual(['spring_sale']);
		const one = await call(url, 'GET', '/v1/templates/406979728071590', undefined, { auth: AUTH });
		expect(one.json).toMatchObject({ name: 'order_update', components: expect.any(Array) });
		expectError(await call(url, 'GET', '/v1/templates/1', undefined, { auth: AUTH }), 4001);
	});

	it.each([['?limit=10'], ['?name='], ['?status=approved'], ['?status=LIVE'], ['?category=PROMO']])('refuses the template list query %s', async (query) => {
		expectError(await call(url, 'GET', `/v1/templates${query}`, undefined, { auth: AUTH }), 3002);
	});
});
