/**
 * Email → Send and Send Template against the Email emulator through n8n-core's real request
 * helpers: what EngageLab receives, every documented code in both HTTP styles, the plain-text
 * 404 of an unknown template, request_id dedup making retries safe, validation, lookups and the
 * credential test (api_user:api_key).
 */
import { NodeApiError } from 'n8n-workflow';

import { EMAIL_ERROR_CODES } from '../../nodes/EngageLab/products/email/errorTable';
import { listSearch } from '../../nodes/EngageLab/methods/listSearch';
import { EMAIL } from '../../nodes/EngageLab/products/email/email.product';
import { EMAIL_API_KEY, EMAIL_API_USER, emailEmulator, type EmailState } from '../support/emulator/email/emailEmulator';
import { MessagingFixture } from '../support/inProcess/productFixture';

const fx = new MessagingFixture<EmailState>(EMAIL, (o) => emailEmulator(o), EMAIL_API_USER, EMAIL_API_KEY);
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => {
	fx.reset();
	fx.emulator.errorStyle = 'httpStatus';
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const send = (extra: Record<string, unknown> = {}) => ({
	operation: 'send',
	from: 'Acme <support@mail.acme.com>',
	to: 'ada@example.com',
	subject: 'Hello %name%',
	html: '<p>Hi %name%</p>',
	...extra,
});
const sendTemplate = (extra: Record<string, unknown> = {}) => ({
	operation: 'sendTemplate',
	from: 'support@mail.acme.com',
	to: 'ada@example.com, bob@example.com',
	template: { __rl: true, mode: 'list', value: 'welcome_mail' },
	variables: { pairs: [{ name: 'name', value: 'friend' }, { name: 'company', value: 'Acme' }] },
	...extra,
});

describe('Email → Send', () => {
	it('sends subject and content with api_user:api_key, a request_id per item, and outputs the email ids', async () => {
		const result = await fx.run(send({ text: 'Hi', variables: { pairs: [{ name: 'name', value: 'Ada' }] } }));

		const [request] = fx.emulator.received;
		expect(request.path).toBe('/v1/mail/send');
		expect(request.authorization).toBe(`Basic ${Buffer.from(`${EMAIL_API_USER}:${EMAIL_API_KEY}`).toString('base64')}`);
		const body = JSON.parse(request.rawBody) as { request_id: string };
		expect(body).toEqual({
			from: 'Acme<support@mail.acme.com>',
			to: ['ada@example.com'],
			request_id: expect.stringMatching(UUID),
			body: { subject: 'Hello %name%', content: { html: '<p>Hi %name%</p>', text: 'Hi' }, vars: { name: ['Ada'] } },
		});
		expect(result.items).toEqual([
			{
				json: { to: ['ada@example.com'], email_ids: fx.emulator.state.sent[0].email_ids, request_id: body.request_id },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('cc and bcc set send_mode 1 (else EngageLab ignores them); reply-to, label and your request id', async () => {
		await fx.run(
			send({
				additionalFields: { cc: 'c@example.com', bcc: 'Boss <b@example.com>', replyTo: 'r@example.com', labelName: 'spring', requestId: 'order-42' },
			}),
		);

		expect(JSON.parse(fx.emulator.received[0].rawBody)).toMatchObject({
			request_id: 'order-42',
			body: { cc: ['c@example.com'], bcc: ['Boss<b@example.com>'], reply_to: ['r@example.com'], label_name: 'spring', settings: { send_mode: 1 } },
		});
	});

	it('retries after an ambiguous failure: EngageLab\'s request_id dedup makes it safe, one email goes out', async () => {
		fx.emulator.faultRecipient('ada@example.com', 'lost');
		const result = await fx.run(send());

		expect(result.status).toBe('success');
		expect(fx.emulator.received).toHaveLength(2);
		const [first, second] = fx.emulator.received.map((r) => JSON.parse(r.rawBody) as { request_id: string });
		expect(second.request_id).toBe(first.request_id);
		expect(fx.emulator.state.sent).toHaveLength(1);
	});

	it('two items get two different request ids', async () => {
		await fx.run(send(), [{}, {}]);

		const ids = fx.emulator.received.map((r) => (JSON.parse(r.rawBody) as { request_id: string }).request_id);
		expect(new Set(ids).size).toBe(2);
	});

	it.each([
		['a bad To', send({ to: 'ada@' }), /To: .*ada@.* is not a valid email address/],
		['101 recipients', send({ to: Array.from({ length: 101 }, (_, i) => `u${i}@example.com`).join(',') }), /at most 100/],
		['4 reply-to', send({ additionalFields: { replyTo: 'a@x.co,b@x.co,c@x.co,d@x.co' } }), /at most 3/],
		['no content', send({ html: '', text: ' ' }), /has no content/],
		['a 257-character subject', send({ subject: 'x'.repeat(257) }), /at most 256/],
		['a bad From', send({ from: 'support' }), /not a valid email address/],
		['a 129-character request id', send({ additionalFields: { requestId: 'r'.repeat(129) } }), /at most 128/],
		['a subject with CR/LF', send({ subject: 'Hello\r\nBcc: all@example.com' }), /subject holds a line break/],
		['a subject with NUL', send({ subject: 'Hello\u0000there' }), /subject holds a line break, NUL/],
		['a template subject with LF', sendTemplate({ additionalFields: { subject: 'Hi\nthere' } }), /subject holds a line break/],
		['a From name with CR/LF', send({ from: 'Acme\r\nBcc: all@example.com <support@mail.acme.com>' }), /control character/],
	])('refuses %s before sending', async (_what, params, message) => {
		const result = await fx.run(params, [{}], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(0);
		expect(JSON.stringify(result.items[0].json.error)).toMatch(message);
	});
});

describe('Email: each address once, each Request ID once per run', () => {
	it('an address given twice (any case, with or without a name) gets one copy; CC and BCC leave out To and CC', async () => {
		const result = await fx.run(
			send({
				to: 'ada@example.com, Ada <ADA@Example.com>, bob@example.com',
				additionalFields: { cc: 'bob@example.com, c@example.com, C@example.com', bcc: 'Ada@example.com, c@example.com, d@example.com' },
				variables: { pairs: [{ name: 'name', value: 'X' }] },
			}),
		);

		const body = JSON.parse(fx.emulator.received[0].rawBody) as { to: string[]; body: { cc: string[]; bcc: string[]; vars: Record<string, string[]> } };
		expect(body.to).toEqual(['ada@example.com', 'bob@example.com']);
		expect(body.body.cc).toEqual(['c@example.com']);
		expect(body.body.bcc).toEqual(['d@example.com']);
		// One variable value per recipient of To, as EngageLab pairs them.
		expect(body.body.vars).toEqual({ name: ['X', 'X'] });
		expect(result.items[0].json.to).toEqual(['ada@example.com', 'bob@example.com']);
	});

	it('a quoted name with a comma is one recipient; pasted invisible characters and full-width text are normalised', async () => {
		await fx.run(send({ to: '"Doe, John" <j@example.com>, \u200bada@example.com\u200e, ｂｏｂ＠ｅｘａｍｐｌｅ．ｃｏｍ' }));

		expect((JSON.parse(fx.emulator.received[0].rawBody) as { to: string[] }).to).toEqual(['"Doe, John"<j@example.com>', 'ada@example.com', 'bob@example.com']);
	});

	it('variables named __proto__, constructor and valueOf are sent; one given twice is refused', async () => {
		const pairs = ['__proto__', 'constructor', 'valueOf'].map((name, i) => ({ name, value: `v${i}` }));
		await fx.run(send({ variables: { pairs } }));
		expect(Object.entries((JSON.parse(fx.emulator.received[0].rawBody) as { body: { vars: object } }).body.vars)).toEqual([
			['__proto__', ['v0']],
			['constructor', ['v1']],
			['valueOf', ['v2']],
		]);

		const twice = await fx.run(send({ variables: { pairs: [...pairs, { name: '__proto__', value: 'again' }] } }), [{}], { continueOnFail: true });
		expect((twice.items[0].json.error as { message: string }).message).toBe('The variable "__proto__" is given twice');
		expect(fx.emulator.received).toHaveLength(1);
	});

	it.each([['send', send], ['sendTemplate', sendTemplate]] as const)(
		'%s: a Request ID an earlier item of the run uses is refused on the later items, naming the first; nothing sent for them',
		async (_op, params) => {
			const result = await fx.run(params({ additionalFields: { requestId: '={{ $json.order }}' } }), [{ order: 'o-1' }, { order: 'o-2' }, { order: 'o-1' }, { order: 'o-1' }], {
				continueOnFail: true,
			});

			expect(fx.emulator.received.map((r) => (JSON.parse(r.rawBody) as { request_id: string }).request_id)).toEqual(['o-1', 'o-2']);
			expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
			expect(result.items[0].json.email_ids).toBeDefined();
			expect(result.items[1].json.email_ids).toBeDefined();
			for (const failed of result.items.slice(2)) {
				expect(failed.json.email_ids).toBeUndefined();
				expect(JSON.stringify(failed.json.error)).toMatch(/Request ID \\"o-1\\" is already the Request ID of item 0/);
			}
		},
	);
});

describe('Email → Send Template', () => {
	it('sends the template by invoke name with one variable value per recipient', async () => {
		const result = await fx.run(sendTemplate({ additionalFields: { subject: 'Hi there' } }));

		expect(fx.emulator.received[0].path).toBe('/v1/mail/sendtemplate');
		expect(JSON.parse(fx.emulator.received[0].rawBody)).toMatchObject({
			from: 'support@mail.acme.com',
			to: ['ada@example.com', 'bob@example.com'],
			body: { template_invoke_name: 'welcome_mail', subject: 'Hi there', vars: { name: ['friend', 'friend'], company: ['Acme', 'Acme'] } },
		});
		expect(result.items[0].json).toMatchObject({ template: 'welcome_mail', to: ['ada@example.com', 'bob@example.com'] });
		expect(result.items[0].json.email_ids).toHaveLength(2);
	});

	it('an unknown template: EngageLab\'s plain-text 404 says to check the invoke name', async () => {
		const result = await fx.run(sendTemplate({ template: { __rl: true, mode: 'id', value: 'nope' } }));

		expect((result.error as Error).message).toBe('EngageLab Email answered HTTP 404: Not found: no template with this invoke name');
		expect(fx.emulator.received).toHaveLength(1);
	});

	it('lists every template page by page in the picker', async () => {
		fx.emulator.state.templates.push(
			...Array.from({ length: 150 }, (_, i) => ({ ...fx.emulator.state.templates[0], template_id: 90000 + i, name: `T${i}`, template_invoke_name: `t_${i}` })),
		);
		const result = await listSearch.searchEmailTemplates.call(fx.loadOptionsContext({ operation: 'sendTemplate' }));

		expect(result.results).toHaveLength(153);
		expect(fx.emulator.received.map((r) => r.path)).toEqual(['/v1/templates?offset=0&limit=100', '/v1/templates?offset=100&limit=100']);
		const some = await listSearch.searchEmailTemplates.call(fx.loadOptionsContext({}), 'receipt');
		expect(some.results).toEqual([{ name: 'Receipt (receipt)', value: 'receipt' }]);
	});
});

describe('Email: every documented code, in both HTTP styles', () => {
	const codes = Object.entries(EMAIL_ERROR_CODES).map(([code, info]) => [Number(code), info] as const);
	describe.each(['httpStatus', 'http200'] as const)('%s', (style) => {
		it.each(codes)('code %i', async (code, info) => {
			fx.emulator.errorStyle = style;
			const result = await fx.run(send({ subject: `emulator-force-${code}` }));

			const error = result.error as NodeApiError;
			expect(error.message).toBe(`EngageLab Email error ${code}: ${info.meaning}`);
			expect(error.description).toContain(info.check);
			expect(fx.emulator.received).toHaveLength(1);
		});
	});

	it('an undocumented internal error (HTTP 500, code 50000) is retried with the same request id', async () => {
		fx.emulator.faultRecipient('ada@example.com', 'code-1');
		const result = await fx.run(send());

		expect(result.status).toBe('success');
		expect(fx.emulator.received.map((r) => r.status)).toEqual([500, 200]);
	});
});

describe('Email credential', () => {
	it('passes on the Email template list and fails on a wrong api_key', async () => {
		expect(await fx.testCredential()).toMatchObject({ status: 'OK' });
		const wrong = await fx.testCredential({ ...fx.credentials, apiKey: 'wrong-key-1' });
		expect(wrong.status).toBe('Error');
		expect(wrong.message).toContain('EngageLab Email error 30000: Authentication failed');
		expect(wrong.message).not.toContain('wrong-key-1');
	});

	it('fails on another product\'s list shape (a bare array)', async () => {
		fx.emulator.script({ status: 200, body: '[]' });
		expect((await fx.testCredential()).status).toBe('Error');
	});
});
