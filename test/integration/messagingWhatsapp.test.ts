/**
 * WhatsApp → Send Template, Send Text and Send Media against the WhatsApp emulator through
 * n8n-core's real request helpers: bodies, every (provisional) code in both HTTP styles, faults
 * (never repeated after an ambiguous failure), validation, lookups and the credential test.
 */
import { NodeApiError } from 'n8n-workflow';

import { listSearch } from '../../nodes/EngageLab/methods/listSearch';
import { resourceMapping } from '../../nodes/EngageLab/methods/resourceMapping';
import { WHATSAPP } from '../../nodes/EngageLab/products/whatsapp/whatsapp.product';
import { WHATSAPP_ERROR_CODES } from '../../nodes/EngageLab/products/whatsapp/errorTable';
import { WA_KEY, WA_SECRET, whatsappEmulator, type WaState } from '../support/emulator/whatsapp/whatsappEmulator';
import { MessagingFixture } from '../support/inProcess/productFixture';

const fx = new MessagingFixture<WaState>(WHATSAPP, (o) => whatsappEmulator(o), WA_KEY, WA_SECRET);
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => {
	fx.reset();
	fx.emulator.errorStyle = 'httpStatus';
});

const ORDER = { __rl: true, mode: 'list', value: 'order_update|en' };
const orderVariables = (values: Record<string, string>) => ({
	mappingMode: 'defineBelow',
	value: values,
	matchingColumns: [],
	schema: ['header_1', 'body_1', 'body_2', 'body_3'].map((id) => ({ id, displayName: id, required: true, defaultMatch: false, display: true, type: 'string' })),
});
const allOrderValues = { header_1: 'A-1', body_1: 'Ada', body_2: 'A-1', body_3: 'Friday' };
const sendTemplate = (extra: Record<string, unknown> = {}) => ({
	operation: 'sendTemplate',
	to: '+447911123456',
	template: ORDER,
	templateVariables: orderVariables(allOrderValues),
	...extra,
});

describe('WhatsApp → Send Template', () => {
	it('sends name + language and the header/body parameters in placeholder order', async () => {
		const result = await fx.run(sendTemplate({ additionalFields: { requestId: 'crm-7', from: '+8613800138000' } }));

		const [request] = fx.emulator.received;
		expect(request.authorization).toBe(`Basic ${Buffer.from(`${WA_KEY}:${WA_SECRET}`).toString('base64')}`);
		expect(JSON.parse(request.rawBody)).toEqual({
			to: ['+447911123456'],
			from: '+8613800138000',
			request_id: 'crm-7',
			body: {
				type: 'template',
				template: {
					name: 'order_update',
					language: 'en',
					components: [
						{ type: 'header', parameters: [{ type: 'text', text: 'A-1' }] },
						{ type: 'body', parameters: [{ type: 'text', text: 'Ada' }, { type: 'text', text: 'A-1' }, { type: 'text', text: 'Friday' }] },
					],
				},
			},
		});
		expect(result.items).toEqual([
			{
				json: { to: ['+447911123456'], template: 'order_update', language: 'en', message_id: fx.emulator.state.sent[0].message_id, request_id: 'crm-7' },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('refuses a missing variable and a malformed template before sending', async () => {
		const result = await fx.run(sendTemplate({ templateVariables: orderVariables({ ...allOrderValues, body_3: '' }) }), [{}], { continueOnFail: true });
		expect(JSON.stringify(result.items[0].json.error)).toMatch(/Template variable body_3 has no value/);
		const bad = await fx.run(sendTemplate({ template: { __rl: true, mode: 'id', value: '={{ "order_update" }}' } }), [{}], { continueOnFail: true });
		expect(JSON.stringify(bad.items[0].json.error)).toMatch(/name\|language/);
		expect(fx.emulator.received).toHaveLength(0);
	});

	it('the picker lists approved templates as name|language; the mapper shows header and body placeholders', async () => {
		const list = await listSearch.searchWhatsAppTemplates.call(fx.loadOptionsContext({ operation: 'sendTemplate' }));
		expect(list.results).toEqual([
			{ name: 'code (zh_CN)', value: 'code|zh_CN' },
			{ name: 'order_update (en)', value: 'order_update|en' },
		]);
		const fields = await resourceMapping.getWhatsAppTemplateVariables.call(fx.loadOptionsContext({ operation: 'sendTemplate', template: ORDER }));
		expect(fields.fields.map((f) => [f.id, f.displayName])).toEqual([
			['header_1', 'Header {{1}}'],
			['body_1', 'Body {{1}}'],
			['body_2', 'Body {{2}}'],
			['body_3', 'Body {{3}}'],
		]);
	});
});

describe('WhatsApp: a number given twice gets one message', () => {
	it('dedupes after normalising', async () => {
		await fx.run({ operation: 'sendText', to: '+44 7911 123456, +447911123456,+44 (7911) 123-456', text: 'hi' });

		expect(JSON.parse(fx.emulator.received[0].rawBody).to).toEqual(['+447911123456']);
	});
});

describe('WhatsApp → Send Media: only public URLs', () => {
	it.each([
		'http://localhost/a.png',
		'http://127.0.0.1/a.png',
		'http://2130706433/a.png',
		'http://169.254.169.254/latest/meta-data/a.png',
		'https://192.168.1.10/a.png',
		'http://[::1]/a.png',
		'http://[::ffff:127.0.0.1]/a.png',
		'http://[fd00::1]/a.png',
		'http://[fe80::1]/a.png',
	])('refuses %s before sending', async (mediaUrl) => {
		const result = await fx.run({ operation: 'sendMedia', to: '+447911123456', mediaType: 'image', mediaUrl }, [{}], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(0);
		expect((result.items[0].json.error as { message: string }).message).toMatch(/is not a public http\(s\) URL: /);
	});
});

describe('WhatsApp → Send Text and Send Media', () => {
	it('sends a text', async () => {
		const result = await fx.run({ operation: 'sendText', to: '+447911123456', text: 'Your parcel is on its way' });

		expect(JSON.parse(fx.emulator.received[0].rawBody)).toEqual({ to: ['+447911123456'], body: { type: 'text', text: { body: 'Your parcel is on its way' } } });
		expect(result.items[0].json.message_id).toMatch(/^[0-9a-z]{20}$/);
	});

	it.each([
		['image', { caption: 'Receipt' }, { link: 'https://cdn.example.com/r.png', caption: 'Receipt' }],
		['document', { caption: 'Invoice', filename: 'inv.pdf' }, { link: 'https://cdn.example.com/r.png', caption: 'Invoice', filename: 'inv.pdf' }],
		['audio', { caption: 'ignored' }, { link: 'https://cdn.example.com/r.png' }],
		['sticker', {}, { link: 'https://cdn.example.com/r.png' }],
		['video', {}, { link: 'https://cdn.example.com/r.png' }],
	])('sends %s media by link', async (type, params, expected) => {
		const result = await fx.run({ operation: 'sendMedia', to: '+447911123456', mediaType: type, mediaUrl: 'https://cdn.example.com/r.png', ...params });

		expect(result.status).toBe('success');
		expect(JSON.parse(fx.emulator.received[0].rawBody)).toEqual({ to: ['+447911123456'], body: { type, [type]: expected } });
		expect(result.items[0].json.media_type).toBe(type);
	});

	it.each([
		['an empty text', { operation: 'sendText', to: '+447911123456', text: '={{ "" }}' }, /No text given/],
		['a 4097-character text', { operation: 'sendText', to: '+447911123456', text: 'x'.repeat(4097) }, /at most 4096/],
		['a URL that is not http(s)', { operation: 'sendMedia', to: '+447911123456', mediaUrl: 'ftp://x.example.com/a.png' }, /not a public http/],
		['a number with 00', { operation: 'sendText', to: '00447911123456', text: 'hi' }, /leading 00 as \+/],
		['a bad From', { operation: 'sendText', to: '+447911123456', text: 'hi', additionalFields: { from: 'acme' } }, /E\.164/],
	])('refuses %s before sending', async (_what, params, message) => {
		const result = await fx.run(params, [{}], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(0);
		expect(JSON.stringify(result.items[0].json.error)).toMatch(message);
	});
});

describe('WhatsApp: every code, in both HTTP styles, and faults', () => {
	const codes = Object.entries(WHATSAPP_ERROR_CODES).map(([code, info]) => [Number(code), info] as const);
	describe.each(['httpStatus', 'http200'] as const)('%s', (style) => {
		it.each(codes)('code %i', async (code, info) => {
			fx.emulator.errorStyle = style;
			const result = await fx.run({ operation: 'sendText', to: '+447911123456', text: `emulator-force-${code}` });

			const error = result.error as NodeApiError;
			expect(error.message).toBe(`EngageLab WhatsApp error ${code}: ${info.meaning}${info.transient ? ': the change may or may not have been applied' : ''}`);
			expect(error.description).toContain(info.check);
			expect(fx.emulator.received).toHaveLength(1);
		});
	});

	it.each(['reset', 'http502', 'hang'] as const)('a send is not repeated after %s', async (kind) => {
		fx.emulator.faultRecipient('+447911123456', kind);
		const result = await fx.run({ operation: 'sendText', to: '+447911123456', text: 'hi', options: { timeout: 300 } }, [{}], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(1);
		expect(JSON.stringify(result.items[0].json.error)).toMatch(/could deliver it twice/);
	});
});

describe('WhatsApp credential', () => {
	it('passes on the WhatsApp template list, fails on a wrong secret', async () => {
		expect(await fx.testCredential()).toMatchObject({ status: 'OK' });
		const wrong = await fx.testCredential({ ...fx.credentials, devSecret: 'bad-secret' });
		expect(wrong.message).toContain('EngageLab WhatsApp error 2001');
	});
});
