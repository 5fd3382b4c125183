/** Recipients checked before any message is sent (validation/recipients.ts). */
import { checkEmail, checkEmails, checkPhone, checkPhones } from '../../nodes/EngageLab/validation/recipients';
import { smsVariables, whatsappVariables } from '../../nodes/EngageLab/methods/templateVariables';

describe('phone numbers (E.164)', () => {
	it.each([
		['+6591234567', '+6591234567'],
		['+65 9123 4567', '+6591234567'],
		['+44 (7911) 123-456', '+447911123456'],
		['+1.415.555.0100', '+14155550100'],
		['+1234567', '+1234567'],
		['+123456789012345', '+123456789012345'],
	])('accepts %s as %s', (raw, value) => {
		expect(checkPhone(raw)).toEqual({ ok: true, value });
	});

	it.each([
		['6591234567', /no leading \+/],
		['00447911123456', /leading 00 as \+/],
		['+0591234567', /not a phone number/],
		['+123456', /not a phone number/],
		['+1234567890123456', /not a phone number/],
		['+65 9123 abcd', /not a phone number/],
		['', /not a phone number/],
	])('refuses %p', (raw, problem) => {
		const result = checkPhone(raw);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.problem).toMatch(problem);
	});

	it('reads lists from text (commas, semicolons, lines) or arrays, with a maximum', () => {
		expect(checkPhones('+6591234567; +6591234568\n+6591234569,', 5)).toEqual({ ok: true, value: ['+6591234567', '+6591234568', '+6591234569'] });
		expect(checkPhones(['+6591234567', 6591234568], 5)).toMatchObject({ ok: false, problem: expect.stringMatching(/"6591234568"/) });
		expect(checkPhones('+6591234567,+6591234568', 1)).toMatchObject({ ok: false, problem: '2 phone numbers given; at most 1 per message' });
		expect(checkPhones(' , ', 1)).toMatchObject({ ok: false, problem: 'No phone number given' });
	});
});

describe('email addresses', () => {
	it.each([
		['ada@example.com', 'ada@example.com'],
		['Ada Lovelace <ada@example.co.uk>', 'Ada Lovelace<ada@example.co.uk>'],
		['Acme<support@mail.acme.com>', 'Acme<support@mail.acme.com>'],
	])('accepts %s', (raw, value) => {
		expect(checkEmail(raw)).toEqual({ ok: true, value });
	});

	it.each(['ada', 'ada@', 'ada@example', 'a b@example.com', '@example.com', 'Ada <ada@example>', 'ada@example..com'])('refuses %p', (raw) => {
		expect(checkEmail(raw).ok).toBe(false);
	});

	it('refuses a name where only an address may go, and lists over the maximum', () => {
		expect(checkEmail('Ada <ada@example.com>', false)).toMatchObject({ ok: false });
		expect(checkEmails('a@x.co,b@x.co', 1, 'Reply To')).toMatchObject({ ok: false, problem: '2 Reply To addresses given; at most 1' });
		expect(checkEmails('', 3, 'CC', false)).toEqual({ ok: true, value: [] });
	});
});

describe('template variables', () => {
	it('SMS: {name} and {{name}}, each once, in order', () => {
		expect(smsVariables('Hi {{ name }}, order {order_no} ({order_no}) ships {when}').map((v) => v.id)).toEqual(['name', 'order_no', 'when']);
		expect(smsVariables('No variables here')).toEqual([]);
	});

	it('WhatsApp: {{n}} of the header, then the body, numerically', () => {
		const components = [
			{ type: 'BODY', text: 'Hi {{2}} and {{1}}, {{10}}' },
			{ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
			{ type: 'FOOTER', text: '{{9}}' },
		];
		expect(whatsappVariables(components).map((v) => v.id)).toEqual(['header_1', 'body_1', 'body_2', 'body_10']);
	});
});

describe('pasted text is normalised before it is checked', () => {
	it.each([
		['a zero-width space', '+65\u200b9123\u200b4567', '+6591234567'],
		['bidi marks (copied from a right-to-left page)', '\u200e+\u200f6591234567\u202c', '+6591234567'],
		['a BOM', '\ufeff+6591234567', '+6591234567'],
		['full-width characters', '＋６５　９１２３　４５６７', '+6591234567'],
		['Arabic-Indic digits', '+٦٥٩١٢٣٤٥٦٧', '+6591234567'],
		['Extended Arabic-Indic (Persian) digits', '+۶۵۹۱۲۳۴۵۶۷', '+6591234567'],
		['Devanagari digits', '+९१ ९८७६५ ४३२१०', '+919876543210'],
		['a no-break space', '+65\u00a09123\u00a04567', '+6591234567'],
	])('a phone number with %s', (_what, raw, value) => {
		expect(checkPhone(raw)).toEqual({ ok: true, value });
	});

	it('a full-width comma separates numbers', () => {
		expect(checkPhones('+6591234567，+6591234568', 5)).toEqual({ ok: true, value: ['+6591234567', '+6591234568'] });
	});

	it.each([
		['a zero-width space', 'ada\u200b@example.com', 'ada@example.com'],
		['full-width letters and ＠', 'ａｄａ＠ｅｘａｍｐｌｅ．ｃｏｍ', 'ada@example.com'],
		['a BOM and a bidi mark, with a name', 'Ada <\ufeffada@example.com\u200e>', 'Ada<ada@example.com>'],
	])('an address with %s', (_what, raw, value) => {
		expect(checkEmail(raw)).toEqual({ ok: true, value });
	});
});

describe('address lists are parsed, not split at every comma', () => {
	it('a quoted display name with a comma is one recipient, kept quoted', () => {
		expect(checkEmails('"Doe, John" <j@example.com>, ada@example.com; "O\'Neil; Pat" <pat@example.com>', 5, 'To')).toEqual({
			ok: true,
			value: ['"Doe, John"<j@example.com>', 'ada@example.com', '"O\'Neil; Pat"<pat@example.com>'],
		});
	});

	it('an escaped quote inside the name', () => {
		expect(checkEmails('"Ada \\"the Countess\\", L" <ada@example.com>', 5, 'To')).toEqual({ ok: true, value: ['"Ada \\"the Countess\\", L"<ada@example.com>'] });
	});

	it.each([
		['an unclosed quote', '"Doe, John <j@example.com>'],
		['a line break in the name', 'Ada\r\nBcc: x@evil.example <ada@example.com>'],
		['NUL in the address', 'ada\u0000@example.com'],
	])('refuses %s', (_what, raw) => {
		expect(checkEmails(raw, 5, 'To').ok).toBe(false);
	});
});
