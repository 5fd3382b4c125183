/**
 * <Product> → Get Templates for SMS, OTP, WhatsApp and Email against their emulators: the
 * picker's GET as an operation, one item per template with `approved` where documented, Limit,
 * Email's paging, an answer that is not a list.
 */
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

describe('Get Templates', () => {
	it('SMS: every template, approved = status 2, IDs as strings', async () => {
		const result = await sms.run({ operation: 'getTemplates', returnAll: true });

		expect(sms.emulator.received.map((r) => r.path)).toEqual(['/v1/template-configs']);
		expect(result.items).toHaveLength(sms.emulator.state.templates.length);
		result.items.forEach((item, i) => {
			const t = sms.emulator.state.templates[i] as unknown as { status: number; template_id: string };
			expect(item.json).toMatchObject({ template_id: String(t.template_id), status: t.status, approved: t.status === 2 });
			expect(item.pairedItem).toEqual({ item: 0 });
		});
		expect(result.items.some((i) => i.json.approved === false)).toBe(true);
	});

	it('OTP: the summaries as they come, no approved (status values undocumented); Limit 1 cuts', async () => {
		const result = await otp.run({ operation: 'getTemplates', limit: 1 });
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).not.toHaveProperty('approved');
		expect(result.items[0].json.template_id).toEqual(expect.any(String));
	});

	it('WhatsApp: every status (not only the picker\'s APPROVED), approved = APPROVED', async () => {
		const result = await wa.run({ operation: 'getTemplates', returnAll: true });
		expect(wa.emulator.received.map((r) => r.path)).toEqual(['/v1/templates']);
		expect(result.items.map((i) => i.json.approved)).toEqual(wa.emulator.state.templates.map((t) => t.status === 'APPROVED'));
		expect(typeof result.items[0].json.id).toBe('string');
	});

	it('Email: pages of 100, template_id as a string, no approved', async () => {
		email.emulator.state.templates.push(
			...Array.from({ length: 150 }, (_, i) => ({ ...email.emulator.state.templates[0], template_id: 90000 + i, name: `T${i}`, template_invoke_name: `t_${i}` })),
		);
		const result = await email.run({ operation: 'getTemplates', returnAll: true });
		expect(email.emulator.received.map((r) => r.path)).toEqual(['/v1/templates?offset=0&limit=100', '/v1/templates?offset=100&limit=100']);
		expect(result.items).toHaveLength(153);
		expect(result.items[0].json.template_id).toBe('82522');
		expect(result.items[0].json).not.toHaveProperty('approved');
	});

	it('an answer that is not a list is an error for the item (continue on fail)', async () => {
		sms.emulator.script({ status: 200, body: '{"templates":[]}' });
		const result = await sms.run({ operation: 'getTemplates', returnAll: true }, [{}], { continueOnFail: true });
		expect(JSON.stringify(result.items[0].json.error)).toContain('without a list of templates');
	});
});
