import { call } from '../client';
import {
	EMAIL_API_KEY,
	EMAIL_API_USER,
	EMAIL_AUTH_FAILED,
	EMAIL_CUSTOM_ARGS_NOT_JSON,
	EMAIL_FROM_EMPTY,
	EMAIL_INVALID,
	emailEmulator,
	emailHttpStatus,
	type EmailState,
} from './emailEmulator';
import type { ErrorStyle, MessagingEmulator } from '../productEmulator';
import { someAddressLists, someMembers } from './addressLists';
import { someUnsubscribes } from './suppressionLists';

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
	let now = Date.parse('2026-03-01T10:00:00Z');

	beforeAll(async () => {
		emu = emailEmulator({ errorStyle: style, clock: () => now });
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

	it('accepts the documented optional fields: named addresses, settings, attachments, labels, headers, dynamic_vars', async () => {
		const image = Buffer.from('png').toString('base64');
		const res = await post(
			'/v1/mail/send',
			mail(
				{
					cc: ['noreply@mail.acme.test'],
					bcc: ['intern<intern@mail.acme.test>'],
					label_id: 100233,
					label_name: '',
					headers: { 'User-Define': '123' },
					dynamic_vars: [{ name: 'jim' }],
					attachments: [
						{ content: image, filename: 'a.png', type: 'image/png', disposition: 'inline', content_id: 'image_1000' },
						{ content: Buffer.from('hello').toString('base64'), filename: 'a.txt', disposition: 'attachment' },
					],
					settings: {
						send_mode: 1,
						return_email_id: true,
						sandbox: true,
						notification: false,
						open_tracking: true,
						click_tracking: false,
						unsubscribe_tracking: true,
						unsubscribe_page_id: [1, 2],
					},
				},
				{ to: ['111@qq.com', '222<222@qq.com>'] },
			),
		);
		expect(res.status).toBe(200);
		expect((res.json as { email_ids: string[] }).email_ids[1]).toMatch(/\$222@qq\.com$/);
	});

	it('sends to address lists with send_mode 2 and answers a task_id', async () => {
		const body = { from: 'support@mail.acme.test', to: ['users@maillist.email.engagelab.com'], body: { template_invoke_name: 'welcome_mail', settings: { send_mode: 2 } } };
		const res = await post('/v1/mail/sendtemplate', body);
		expect(res.json).toEqual({ task_id: [expect.any(BigInt)], request_id: '' });
		expectError(await post('/v1/mail/sendtemplate', { ...body, to: ['ana@example.com'] }), EMAIL_INVALID);
	});

	it('answers a repeated request_id within an hour with the first result, without sending again', async () => {
		const first = await post('/v1/mail/send', mail({}, { request_id: 'run-7-item-3' }));
		const again = await post('/v1/mail/send', mail({}, { request_id: 'run-7-item-3' }));
		expect(again.text).toBe(first.text);
		expect(emu.state.sent).toHaveLength(1);
		now += 3_600_000;
		const later = await post('/v1/mail/send', mail({}, { request_id: 'run-7-item-3' }));
		expect(later.text).not.toBe(first.text);
		expect(emu.state.sent).toHaveLength(2);
	});

	it('answers an unknown template with a plain-text 404 "not found", whatever the error style', async () => {
		const res = await post('/v1/mail/sendtemplate', templateMail({ template_invoke_name: 'nope' }));
		expect([res.status, res.text]).toEqual([404, 'not found']);
	});

	it('answers 30801 for an empty from and 30893 for custom_args that are not an object', async () => {
		expectError(await post('/v1/mail/send', mail({}, { from: '' })), EMAIL_FROM_EMPTY);
		expectError(await post('/v1/mail/send', { ...mail(), from: undefined }), EMAIL_FROM_EMPTY);
		expectError(await post('/v1/mail/send', mail({}, { custom_args: 'a=1' })), EMAIL_CUSTOM_ARGS_NOT_JSON);
	});

	const many = Array.from({ length: 101 }, (_, i) => `u${i}@example.com`);
	it.each<[string, string, unknown]>([
		['an unknown top-level field', '/v1/mail/send', mail({}, { subject: 'x' })],
		['an unknown body field', '/v1/mail/send', mail({ priority: 'high' })],
		['a bad from', '/v1/mail/send', mail({}, { from: 'Acme support' })],
		['a from that is not a string', '/v1/mail/send', mail({}, { from: ['support@mail.acme.test'] })],
		['to as a string', '/v1/mail/send', mail({}, { to: 'ana@example.com' })],
		['a bad address in to', '/v1/mail/send', mail({}, { to: ['ana@'] })],
		['101 recipients', '/v1/mail/send', mail({}, { to: many })],
		['4 reply_to addresses', '/v1/mail/send', mail({ reply_to: ['a@x.io', 'b@x.io', 'c@x.io', 'd@x.io'] })],
		['no subject', '/v1/mail/send', mail({ subject: undefined })],
		['a 257-character subject', '/v1/mail/send', mail({ subject: 's'.repeat(257) })],
		['content without html or text', '/v1/mail/send', mail({ content: { preview_text: 'p' } })],
		['vars with the wrong number of values', '/v1/mail/send', mail({ vars: { name: ['Ana'] } })],
		['vars with a plain string', '/v1/mail/send', mail({ vars: { name: 'Ana' } })],
		['dynamic_vars that are not objects', '/v1/mail/send', mail({ dynamic_vars: ['jim'] })],
		['a reserved header', '/v1/mail/send', mail({ headers: { 'Reply-To': 'x@x.io' } })],
		['an unknown settings field', '/v1/mail/send', mail({ settings: { priority: 1 } })],
		['send_mode at the body level', '/v1/mail/send', mail({ send_mode: 1 })],
		['an inline attachment without content_id', '/v1/mail/send', mail({ attachments: [{ content: 'aGk=', filename: 'a', disposition: 'inline' }] })],
		['custom_args keys with a dot', '/v1/mail/send', mail({}, { custom_args: { 'a.b': '1' } })],
		['custom_args over 1 KB', '/v1/mail/send', mail({}, { custom_args: { a: 'x'.repeat(1100) } })],
		['a 129-character request_id', '/v1/mail/send', mail({}, { request_id: 'r'.repeat(129) })],
		['an attachment that is not base64', '/v1/mail/send', mail({ attachments: [{ content: 'not base64!', filename: 'a' }] })],
		['send_mode 3', '/v1/mail/send', mail({ settings: { send_mode: 3 } })],
		['send_mode 2 to ordinary addresses', '/v1/mail/send', mail({ settings: { send_mode: 2 } })],
		['content on a template send', '/v1/mail/sendtemplate', templateMail({ content: { html: '<p/>' } })],
		['no template_invoke_name', '/v1/mail/sendtemplate', templateMail({ template_invoke_name: undefined })],
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
		expectError(await call(url, 'GET', '/v1/templates?status=1', undefined, { auth: AUTH }), EMAIL_INVALID);
		expectError(await call(url, 'GET', '/v1/templates?name=', undefined, { auth: AUTH }), EMAIL_INVALID);
		const one = await call(url, 'GET', '/v1/templates/receipt', undefined, { auth: AUTH });
		expect(one.json).toMatchObject({ result: { subject: 'Your receipt' } });
	});
	const get = (path: string) => call(url, 'GET', path, undefined, { auth: AUTH });

	it('unsubscribes and complaints: dates or email, ≤ 92 days, limit ≤ 100, no unknown parameter (complaints: no api_user)', async () => {
		emu.state.unsubscribes = someUnsubscribes(120);
		const page = await get('/v1/unsubscribes?start_date=2026-12-01&end_date=2026-12-03&offset=100&limit=100');
		expect(page.json).toMatchObject({ count: 20n, total: 120n });
		expect((await get('/v1/unsubscribes?start_date=2026-12-01&end_date=2026-12-01')).json).toMatchObject({ total: 50n });
		expect((await get('/v1/unsubscribes?email=user3@example.com&start_date=2020-01-01&end_date=2020-01-01')).json).toMatchObject({ total: 1n });
		expect((await get('/v1/unsubscribes?start_date=2026-12-01&end_date=2026-12-03&api_user=acme_batch')).json).toMatchObject({ total: 60n });
		expectError(await get('/v1/unsubscribes'), EMAIL_INVALID);
		expectError(await get('/v1/unsubscribes?start_date=2026-01-01&end_date=2026-04-04'), EMAIL_INVALID);
		expectError(await get('/v1/unsubscribes?start_date=2026-12-01&end_date=2026-12-03&limit=101'), EMAIL_INVALID);
		expectError(await get('/v1/unsubscribes?start_date=2026-12-01&end_date=2026-12-03&days=1'), EMAIL_INVALID);
		expectError(await get('/v1/complaints?start_date=2026-12-01&end_date=2026-12-03&api_user=x'), EMAIL_INVALID);
		expect((await get('/v1/complaints?start_date=2026-12-01&end_date=2026-12-03')).json).toMatchObject({ result: [], total: 0n });
	});

	it('stats_day (and the docs\' day_stats): required days, aggregate_by digits, one object per aggregated call', async () => {
		expect((await get('/v1/stats_day?start_date=2026-12-02&end_date=2026-12-02&aggregate_by=1')).json).toMatchObject({ result: { targets: 200n, delivered: 198n } });
		expect((await get('/v1/day_stats?start_date=2026-12-01&end_date=2026-12-02&api_user_list=a')).json).toMatchObject({ result: [{ date: '2026-12-01' }, { date: '2026-12-02' }] });
		expectError(await get('/v1/stats_day?start_date=2026-12-02&end_date=2026-12-02&aggregate_by=true'), EMAIL_INVALID);
		expectError(await get('/v1/stats_day?start_date=2026-12-02'), EMAIL_INVALID);
	});

	it('email_status: send_date required, ;-joined ids (or %3B), the 61st call in a minute is a 429 with Retry-After', async () => {
		emu.state.statuses = [
			{ email_id: 'a$x@y.co', api_user: 'u', email: 'x@y.co', status: 1, sub_status: 0, sub_stat_desc: '', request_time: '', update_time: '', send_date: '2025-12-06' },
			{ email_id: 'b$z@y.co', api_user: 'u', email: 'z@y.co', status: 4, sub_status: 406, sub_stat_desc: '', request_time: '', update_time: '', send_date: '2025-12-06' },
		];
		expect((await get('/v1/email_status?send_date=2025-12-06&email_ids=a%24x%40y.co;b%24z%40y.co')).json).toMatchObject({ total: 2n });
		expect((await get('/v1/email_status?send_date=2025-12-06&email_ids=a%24x%40y.co%3Bb%24z%40y.co')).json).toMatchObject({ total: 2n });
		expect((await get('/v1/email_status?send_date=2025-12-07&email_ids=a%24x%40y.co')).json).toMatchObject({ total: 0n });
		expectError(await get('/v1/email_status?email_ids=a'), EMAIL_INVALID);
		for (let i = 0; i < 56; i++) await get('/v1/email_status?send_date=2025-12-06');
		const limited = await get('/v1/email_status?send_date=2025-12-06');
		expect(limited.status).toBe(429);
		expect(limited.json).toEqual({ code: 42900n, message: 'Too many requests' });
		expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
		now += 60_000;
		expect((await get('/v1/email_status?send_date=2025-12-06')).status).toBe(200);
	});
	it('address lists: name fuzzy, address exact, pages of ≤ 100, IDs past 2^53 exact, no unknown parameter', async () => {
		emu.state.addressLists = someAddressLists(120, 9_007_199_254_740_993n);
		const second = await get('/v1/address_lists?offset=100&limit=100');
		expect(second.json).toMatchObject({ count: 20n, total: 120n });
		expect((second.json as { result: unknown[] }).result[0]).toMatchObject({ address_list_id: 9_007_199_254_741_093n, member_count: 0n, description: 'desc 100' });
		expect(second.text).toContain('"address_list_id":9007199254741093');
		expect((await get('/v1/address_lists?name=list-11')).json).toMatchObject({ total: 11n });
		expect((await get('/v1/address_lists?address=list7@maillist.email.engagelab.com')).json).toMatchObject({ total: 1n });
		expect((await get('/v1/address_lists?address=LIST7@maillist.email.engagelab.com')).json).toMatchObject({ total: 0n });
		expectError(await get('/v1/address_lists?limit=101'), EMAIL_INVALID);
		expectError(await get('/v1/address_lists?type=0'), EMAIL_INVALID);
		expect((await get('/v1/address_lists/9007199254740993')).json).toMatchObject({ result: { name: 'list-0' } });
		emu.state.descriptionField = 'Description';
		expect((await get('/v1/address_lists?limit=1')).json).toMatchObject({ result: [{ Description: 'desc 0' }] });
	});

	it('address lists: create (desc or description; no unknown field, a full address, once per address), delete by ID or address, unknown ID a plain 404', async () => {
		const created = await post('/v1/address_lists', { address: 'news@maillist.email.engagelab.com', name: 'News', desc: 'weekly' });
		expect(created.json).toMatchObject({ address_list_id: 2_112_423n, name: 'News', description: 'weekly', member_count: 0n });
		expect((await post('/v1/address_lists', { address: 'b@maillist.email.engagelab.com', name: 'B', description: 'x' })).status).toBe(200);
		expect(emu.state.addressListCalls.map((c) => c.form)).toEqual(['desc', 'description']);
		expectError(await post('/v1/address_lists', { address: 'news@maillist.email.engagelab.com', name: 'Again' }), EMAIL_INVALID);
		expectError(await post('/v1/address_lists', { address: 'news', name: 'No domain' }), EMAIL_INVALID);
		expectError(await post('/v1/address_lists', { address: 'c@maillist.email.engagelab.com', name: 'C', listType: 0 }), EMAIL_INVALID);
		expectError(await post('/v1/address_lists', { address: 'c@maillist.email.engagelab.com' }), EMAIL_INVALID);
		expect((await call(url, 'DELETE', '/v1/address_lists/2112423', undefined, { auth: AUTH })).status).toBe(200);
		const again = await call(url, 'DELETE', '/v1/address_lists/2112423', undefined, { auth: AUTH });
		expect([again.status, again.text]).toEqual([404, 'not found']);
		expect((await call(url, 'DELETE', '/v1/address_lists?address=b@maillist.email.engagelab.com', undefined, { auth: AUTH })).status).toBe(200);
		expect(emu.state.addressLists).toEqual([]);
	});

	it('members: add in any of the three plausible bodies (set semantics), page, remove by query or body; 1–100 valid addresses per call', async () => {
		emu.state.addressLists = someAddressLists(1);
		const members = '/v1/address_lists/65499/members';
		expect((await post(members, { members: ['a@example.com', 'b@example.com'] })).status).toBe(200);
		await post(members, { members: 'b@example.com;c@example.com' });
		await post(members, { members: [{ email: 'd@example.com', name: 'Dee', vars: { city: 'Oslo' } }] });
		expect(emu.state.addressListCalls.map((c) => c.form)).toEqual(['membersArray', 'membersString', 'memberObjects']);
		expect((await get(`${members}?offset=2&limit=1`)).json).toMatchObject({ result: [{ email: 'c@example.com' }], count: 1n, total: 4n });
		expect((await call(url, 'DELETE', `${members}?members=a%40example.com;c%40example.com`, undefined, { auth: AUTH })).status).toBe(200);
		expect((await call(url, 'DELETE', members, { members: ['d@example.com'] }, { auth: AUTH })).status).toBe(200);
		expect(emu.state.addressLists[0].members.map((m) => m.email)).toEqual(['b@example.com']);
		expectError(await post(members, { members: someMembers(101).map((m) => m.email) }), EMAIL_INVALID);
		expectError(await post(members, { members: ['Ann <a@example.com>'] }), EMAIL_INVALID);
		expectError(await post(members, { members: ['a@example.com'], upsert: true }), EMAIL_INVALID);
		expect((await post('/v1/address_lists/1/members', { members: ['a@example.com'] })).status).toBe(404);
		expect((await get('/v1/address_lists/1/members')).status).toBe(404);
	});
});
