import { call } from '../emulator/messaging/client';
import {
	EMAIL_API_KEY,
	EMAIL_API_USER,
	EMAIL_AUTH_FAILED,
	EMAIL_INVALID,
	emailEmulator,
	emailHttpStatus,
	type EmailState,
} from '../emulator/messaging/email';
import type { ErrorStyle, MessagingEmulator } from '../emulator/messaging/server';

const AUTH = `${EMAIL_API_USER}:${EMAIL_API_KEY}`;
const mail = (body: Record<string, unknown> = {}, top: Record<string, unknown> = {}) => ({
	from: 'Acme<support@mail.acme.test>',
	to: ['ana@example.com', 'bo@example.com'],
	body: { subject: 'Hello', content: { html: '<p>Hi %name%</p>', text: 'Hi %name%' }, ...body },
	...top,
});
const templateMail = (body: Record<string, unknown> = {}) => ({
	from: 'support@mail.acme.test',
	to: ['ana@example.com'],
	body: { template_invoke_name: 'welcome_mail', vars: { name: ['Ana'] }, ...body },
});

describe.each<ErrorStyle>(['httpStatus', 'http200'])('Email emulator, errors as %s', (style) => {
	let emu: MessagingEmulator<EmailState>;
	let url: string;

	beforeAll(async () => {
		emu = emailEmulator({ errorStyle: style });
		url = await emu.start();
	});
	afterAll(() => emu.stop());
	beforeEach(() => emu.reset());

	const post = (path: string, body: unknown) => call(url, 'POST', path, body, { auth: AUTH });
	const expectError = (res: { status: number; json: unknown }, code: number) => {
		expect(res.json).toEqual({ code: BigInt(code), message: expect.any(String) });
		expect(res.status).toBe(style === 'http200' ? 200 : emailHttpStatus(code));
	};

	it('sends a documented mail: one email id per recipient, request_id echoed', async () => {
		const body = mail(
			{ cc: ['c@example.com'], reply_to: ['r@example.com'], vars: { name: ['Ana', 'Bo'] }, settings: { send_mode: 1 }, label_name: 'crm' },
			{ request_id: 'run-1-item-0', custom_args: { crm_id: '7' } },
		);
		const res = await post('/v1/mail/send', body);
		expect(res.status).toBe(200);
		expect(res.json).toEqual({ email_ids: [expect.any(String), expect.any(String)], request_id: 'run-1-item-0' });
		expect(emu.state.sent[0]).toMatchObject({ kind: 'send', to: ['ana@example.com', 'bo@example.com'], request_id: 'run-1-item-0' });
		expect(emu.received[0].rawBody).toBe(JSON.stringify(body));
	});

	it('sends with a template by its invoke name', async () => {
		const res = await post('/v1/mail/sendtemplate', templateMail());
		expect(res.status).toBe(200);
		expect(emu.state.sent[0]).toMatchObject({ kind: 'sendtemplate' });
	});

	it('accepts a small base64 attachment', async () => {
		const res = await post('/v1/mail/send', mail({ attachments: [{ content: Buffer.from('hello').toString('base64'), filename: 'a.txt' }] }));
		expect(res.status).toBe(200);
	});

	const many = Array.from({ length: 101 }, (_, i) => `u${i}@example.com`);
	it.each<[string, string, unknown]>([
		['an unknown top-level field', '/v1/mail/send', mail({}, { subject: 'x' })],
		['an unknown body field', '/v1/mail/send', mail({ priority: 'high' })],
		['a bad from', '/v1/mail/send', mail({}, { from: 'Acme support' })],
		['to as a string', '/v1/mail/send', mail({}, { to: 'ana@example.com' })],
		['a bad address in to', '/v1/mail/send', mail({}, { to: ['ana@'] })],
		['101 recipients', '/v1/mail/send', mail({}, { to: many })],
		['4 reply_to addresses', '/v1/mail/send', mail({ reply_to: ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io'] })],
		['no subject', '/v1/mail/send', mail({ subject: undefined })],
		['a 257-character subject', '/v1/mail/send', mail({ subject: 's'.repeat(257) })],
		['content without html or text', '/v1/mail/send', mail({ content: { preview_text: 'p' } })],
		['vars with the wrong number of values', '/v1/mail/send', mail({ vars: { name: ['Ana'] } })],
		['custom_args keys with a dot', '/v1/mail/send', mail({}, { custom_args: { 'a.b': '1' } })],
		['custom_args over 1 KB', '/v1/mail/send', mail({}, { custom_args: { a: 'x'.repeat(1100) } })],
		['a 129-character request_id', '/v1/mail/send', mail({}, { request_id: 'r'.repeat(129) })],
		['an attachment that is not base64', '/v1/mail/send', mail({ attachments: [{ content: 'not base64!', filename: 'a' }] })],
		['send_mode 2', '/v1/mail/send', mail({ settings: { send_mode: 2 } })],
		['content on a template send', '/v1/mail/sendtemplate', templateMail({ content: { html: '<p/>' } })],
		['no template_invoke_name', '/v1/mail/sendtemplate', templateMail({ template_invoke_name: undefined })],
		['an unknown template', '/v1/mail/sendtemplate', templateMail({ template_invoke_name: 'nope' })],
	])('answers 30202 for %s', async (_name, path, body) => {
		expectError(await post(path, body), EMAIL_INVALID);
		expect(emu.state.sent).toHaveLength(0);
	});

	it('answers 30000 for a wrong or missing key pair, and for a dev_key pair', async () => {
		expectError(await call(url, 'POST', '/v1/mail/send', mail(), { auth: `${EMAIL_API_USER}:nope` }), EMAIL_AUTH_FAILED);
		expectError(await call(url, 'POST', '/v1/mail/send', mail(), {}), EMAIL_AUTH_FAILED);
		expectError(await call(url, 'POST', '/v1/mail/send', mail(), { auth: 'sms-dev-key:sms-dev-secret-Qx7' }), EMAIL_AUTH_FAILED);
	});

	it('answers 30202 for a body that is not JSON', async () => {
		expectError(await call(url, 'POST', '/v1/mail/send', undefined, { auth: AUTH, raw: '<xml/>' }), EMAIL_INVALID);
	});

	it('lists templates with paging and filters, wrapped in result/count/total', async () => {
		const all = await call(url, 'GET', '/v1/templates', undefined, { auth: AUTH });
		expect(all.status).toBe(200);
		expect(all.json).toMatchObject({ count: 3n, total: 3n });
		const page = await call(url, 'GET', '/v1/templates?offset=1&limit=1', undefined, { auth: AUTH });
		expect(page.json).toMatchObject({ result: [{ template_invoke_name: 'receipt' }], count: 1n, total: 3n });
		const byInvoke = await call(url, 'GET', '/v1/templates?template_invoke_name=plain_notice', undefined, { auth: AUTH });
		expect(byInvoke.json).toMatchObject({ count: 1n });
		expectError(await call(url, 'GET', '/v1/templates?limit=101', undefined, { auth: AUTH }), EMAIL_INVALID);
		const one = await call(url, 'GET', '/v1/templates/receipt', undefined, { auth: AUTH });
		expect(one.json).toMatchObject({ result: { subject: 'Your receipt' } });
	});
});
