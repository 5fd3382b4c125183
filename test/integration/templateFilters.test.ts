/**
 * The Filters of <Product> → Get Templates (docs/messaging/read-api.md §6) against the strict
 * emulators: Email and WhatsApp filters reach EngageLab as its query (an unknown or empty
 * parameter would be refused there), SMS and OTP Status cut the whole list here, before Limit
 * (Limit = the first N that match); no match is no output item, as the node's other reads; a
 * bad filter value is refused before anything is sent, with the item index.
 */
import type { INodeParameters } from 'n8n-workflow';

import { EMAIL } from '../../nodes/EngageLab/products/email/email.product';
import { OTP } from '../../nodes/EngageLab/products/otp/otp.product';
import { SMS } from '../../nodes/EngageLab/products/sms/sms.product';
import { WHATSAPP } from '../../nodes/EngageLab/products/whatsapp/whatsapp.product';
import { EMAIL_API_KEY, EMAIL_API_USER, emailEmulator } from '../support/emulator/email/emailEmulator';
import { OTP_KEY, OTP_SECRET, otpEmulator } from '../support/emulator/otp/otpEmulator';
import { SMS_KEY, SMS_SECRET, smsEmulator } from '../support/emulator/sms/smsEmulator';
import { WA_KEY, WA_SECRET, whatsappEmulator } from '../support/emulator/whatsapp/whatsappEmulator';
import { MessagingFixture } from '../support/inProcess/productFixture';

const sms = new MessagingFixture(SMS, (o) => smsEmulator(o), SMS_KEY, SMS_SECRET);
const otp = new MessagingFixture(OTP, (o) => otpEmulator(o), OTP_KEY, OTP_SECRET);
const wa = new MessagingFixture(WHATSAPP, (o) => whatsappEmulator(o), WA_KEY, WA_SECRET);
const email = new MessagingFixture(EMAIL, (o) => emailEmulator(o), EMAIL_API_USER, EMAIL_API_KEY);
const all = [sms, otp, wa, email];
beforeAll(async () => void (await Promise.all(all.map(async (f) => await f.start()))));
afterAll(async () => void (await Promise.all(all.map(async (f) => await f.stop()))));
beforeEach(() => all.forEach((f) => f.reset()));

const templates = (filters: INodeParameters, extra: INodeParameters = { returnAll: true }): INodeParameters => ({ operation: 'getTemplates', filters, ...extra });
const paths = (f: { emulator: { received: Array<{ path: string }> } }) => f.emulator.received.map((r) => r.path);
const field = (items: Array<{ json: Record<string, unknown> }>, name: string) => items.map((i) => i.json[name]);

/** SMS: the fixtures (approved 123456789, 123456790, pending 123456791) and more, statuses interleaved. */
function moreSmsTemplates(): void {
	const base = sms.emulator.state.templates[0];
	for (const [i, status] of ([3, 2, 1, 2, 3, 2] as const).entries()) {
		sms.emulator.state.templates.push({ ...base, template_id: String(123456800 + i), template_name: `Extra ${i}`, status, audit_remark: status === 3 ? 'Brand missing' : '' });
	}
}

describe('SMS → Get Templates, Status filter (applied here: the list takes no filter)', () => {
	it.each([
		[2, ['123456789', '123456790', '123456801', '123456803', '123456805']],
		[1, ['123456791', '123456802']],
		[3, ['123456800', '123456804']],
	])('status %s: only those templates, the list asked for once without a query', async (status, ids) => {
		moreSmsTemplates();
		const result = await sms.run(templates({ status }));

		expect(paths(sms)).toEqual(['/v1/template-configs']);
		expect(field(result.items, 'template_id')).toEqual(ids);
		expect(field(result.items, 'status')).toEqual(ids.map(() => status));
		expect(result.items.every((i) => i.json.approved === (status === 2))).toBe(true);
	});

	it('Limit is the first N that match, not N of the whole list', async () => {
		moreSmsTemplates();
		const result = await sms.run(templates({ status: 3 }, { limit: 1 }));
		expect(field(result.items, 'template_id')).toEqual(['123456800']);

		const approvedFirstThree = await sms.run(templates({ status: 2 }, { limit: 3 }));
		expect(field(approvedFirstThree.items, 'template_id')).toEqual(['123456789', '123456790', '123456801']);
	});

	it('no template in that status: success, no output item', async () => {
		const result = await sms.run(templates({ status: 3 }));
		expect(result.status).toBe('success');
		expect(result.items).toEqual([]);
	});

	it('a status sent as text (from an expression) counts as its number', async () => {
		const result = await sms.run(templates({ status: '={{ "1" }}' }));
		expect(field(result.items, 'template_id')).toEqual(['123456791']);
	});

	it('each input item filters by its own status, paired with it', async () => {
		const result = await sms.run(templates({ status: '={{ $json.s }}' }), [{ s: 1 }, { s: 2 }]);
		expect(result.items.map((i) => [i.json.template_id, i.pairedItem])).toEqual([
			['123456791', { item: 0 }],
			['123456789', { item: 1 }],
			['123456790', { item: 1 }],
		]);
	});
});

describe('OTP → Get Templates, Status filter (the raw number, applied here)', () => {
	beforeEach(() => {
		const base = otp.emulator.state.templates[0];
		otp.emulator.state.templates.push({ ...base, template_id: 'review-a', status: 1 }, { ...base, template_id: 'review-b', status: 1 }, { ...base, template_id: 'odd', status: 7 });
	});

	it('status 1: only those, the list asked for once without a query; Limit 1 is the first match', async () => {
		const result = await otp.run(templates({ status: 1 }));
		expect(paths(otp)).toEqual(['/v1/template-configs']);
		expect(field(result.items, 'template_id')).toEqual(['review-a', 'review-b']);
		expect(result.items[0].json).not.toHaveProperty('approved');

		const first = await otp.run(templates({ status: 1 }, { limit: 1 }));
		expect(field(first.items, 'template_id')).toEqual(['review-a']);
	});

	it('an undocumented number is compared as it is; no match is no item', async () => {
		expect(field((await otp.run(templates({ status: 7 }))).items, 'template_id')).toEqual(['odd']);
		const none = await otp.run(templates({ status: 4 }));
		expect(none.status).toBe('success');
		expect(none.items).toEqual([]);
	});

	it('no filter: every template (earlier workflows, without Filters, unchanged)', async () => {
		const result = await otp.run({ operation: 'getTemplates', returnAll: true });
		expect(result.items).toHaveLength(otp.emulator.state.templates.length);
	});
});

describe('WhatsApp → Get Templates, filters sent as EngageLab\'s query', () => {
	beforeEach(() => {
		const base = wa.emulator.state.templates[1];
		wa.emulator.state.templates.push(
			{ ...base, id: '406979728071700', name: 'order_update', language: 'pt_BR', status: 'APPROVED' },
			{ ...base, id: '406979728071701', name: 'order_delayed', language: 'en', status: 'REJECTED' },
			{ ...base, id: '406979728071702', name: 'order_paused', language: 'en', status: 'PAUSED' },
		);
	});

	it.each([
		['name (fuzzy)', { name: 'order' }, '/v1/templates?name=order', ['order_update', 'order_update', 'order_delayed', 'order_paused']],
		['language code', { languageCode: 'pt_BR' }, '/v1/templates?language_code=pt_BR', ['order_update']],
		['category', { category: 'MARKETING' }, '/v1/templates?category=MARKETING', ['spring_sale']],
		['status', { status: 'REJECTED' }, '/v1/templates?status=REJECTED', ['order_delayed']],
		['all four', { name: 'order', languageCode: 'en', category: 'UTILITY', status: 'APPROVED' }, '/v1/templates?category=UTILITY&language_code=en&name=order&status=APPROVED', ['order_update']],
	])('%s', async (_what, filters, path, names) => {
		const result = await wa.run(templates(filters));
		expect(paths(wa)).toEqual([path]);
		expect(field(result.items, 'name')).toEqual(names);
	});

	it('filter + Limit: the first N of what EngageLab matched', async () => {
		const result = await wa.run(templates({ name: 'order' }, { limit: 2 }));
		expect(paths(wa)).toEqual(['/v1/templates?name=order']);
		expect(field(result.items, 'id')).toEqual([wa.emulator.state.templates[1].id, '406979728071700']);
	});

	it('no match: success, no output item', async () => {
		const result = await wa.run(templates({ status: 'DISABLED' }));
		expect(result.status).toBe('success');
		expect(result.items).toEqual([]);
	});

	it('a status typed in lower case, an empty name: sent as APPROVED, the empty one left out', async () => {
		await wa.run(templates({ status: '={{ "approved" }}', name: '  ' }));
		expect(paths(wa)).toEqual(['/v1/templates?status=APPROVED']);
	});

	it('a name with spaces and & is one encoded value', async () => {
		await wa.run(templates({ name: 'a&b c' }));
		expect(paths(wa)).toEqual(['/v1/templates?name=a%26b%20c']);
	});
});

describe('Email → Get Templates, filters sent as EngageLab\'s query, page by page', () => {
	beforeEach(() => {
		const base = email.emulator.state.templates[0];
		email.emulator.state.templates.push(...Array.from({ length: 130 }, (_, i) => ({ ...base, template_id: 90000 + i, name: `Promo ${i}`, template_invoke_name: `promo_${i}` })));
	});

	it('name: every page of the matches (130 in 2 pages), the filter on each page', async () => {
		const result = await email.run(templates({ name: 'Promo' }));
		expect(paths(email)).toEqual(['/v1/templates?name=Promo&offset=0&limit=100', '/v1/templates?name=Promo&offset=100&limit=100']);
		expect(result.items).toHaveLength(130);
		expect(new Set(field(result.items, 'template_id')).size).toBe(130);
		expect(result.items.every((i) => String(i.json.name).startsWith('Promo '))).toBe(true);
	});

	it('invoke name: that one template', async () => {
		const result = await email.run(templates({ invokeName: 'receipt' }));
		expect(paths(email)).toEqual(['/v1/templates?template_invoke_name=receipt&offset=0&limit=100']);
		expect(field(result.items, 'template_invoke_name')).toEqual(['receipt']);
	});

	it('filter + Limit: one page of Limit, the first N matches', async () => {
		const result = await email.run(templates({ name: 'Promo' }, { limit: 3 }));
		expect(paths(email)).toEqual(['/v1/templates?name=Promo&offset=0&limit=3']);
		expect(field(result.items, 'template_invoke_name')).toEqual(['promo_0', 'promo_1', 'promo_2']);
	});

	it('no match: success, no output item', async () => {
		const result = await email.run(templates({ invokeName: 'nope' }));
		expect(result.status).toBe('success');
		expect(result.items).toEqual([]);
	});
});

describe('bad filter values are refused before sending, with the item index (continue on fail)', () => {
	it.each([
		['SMS status 4', sms, { status: '={{ 4 }}' }, /Status "4" is not one of 2 \(Approved\), 1 \(Pending Review\), 3 \(Rejected\)/],
		['SMS status as a word', sms, { status: '={{ "approved" }}' }, /Status "approved" is not one of/],
		['OTP status -1', otp, { status: -1 }, /Status "-1" is not a whole number/],
		['OTP status 1.5', otp, { status: 1.5 }, /Status "1.5" is not a whole number/],
		['WhatsApp status APPROVE', wa, { status: '={{ "APPROVE" }}' }, /Status "APPROVE" is not one of APPROVED, DELETED/],
		['WhatsApp category PROMO', wa, { category: '={{ "PROMO" }}' }, /Category "PROMO" is not one of/],
		['WhatsApp language "English"', wa, { languageCode: 'English' }, /Language Code "English" is not a language code/],
		['WhatsApp name as a list', wa, { name: '={{ ["a"] }}' }, /Name is not text \(an expression gave a list\)/],
		['Email invoke name as an object', email, { invokeName: '={{ { a: 1 } }}' }, /Invoke Name is not text/],
	])('%s', async (_what, fx, filters, message) => {
		const result = await fx.run(templates(filters), [{}], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(0);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect((result.items[0].json.error as { message?: string }).message).toMatch(message);
	});

	it('without continue on fail the run fails on that item; nothing is sent for it (the item before it was read)', async () => {
		const result = await wa.run(templates({ status: '={{ $json.s }}' }), [{ s: 'APPROVED' }, { s: 'NOPE' }]);
		expect(result.status).toBe('error');
		expect((result.error as Error).message).toMatch(/Status "NOPE"/);
		expect(paths(wa)).toEqual(['/v1/templates?status=APPROVED']);
	});
});
