/**
 * Property-based: EUIDs, identifiers and contact values, as a careless or hostile workflow might
 * map them, through Set Contact and Get EUID (issue 17).
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { EngageLabFixture } from '../support/inProcess/maFixture';
import { outcome, RUN } from '../support/inProcess/propertyCheck';

const fx = new EngageLabFixture();
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());

const LONG_MAX = 2n ** 63n - 1n;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/u;

/** Odd values a mapped field can hold: any text (control characters too), numbers of every kind, lists, objects. */
const anyValue = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 40 }),
	fc.string({ unit: 'grapheme-ascii', maxLength: 20 }),
	fc.integer(),
	fc.double(),
	fc.constantFrom(NaN, Infinity, -Infinity, 2 ** 53 + 2, 2 ** 64, -0, 0, true, false, null, '', ' ', '\n', '0x1F', '1e5', '[object Object]'),
	fc.array(fc.integer(), { maxLength: 3 }),
	fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 2 }),
);

async function runOne(parameters: IDataObject, v: unknown, seed?: () => void) {
	fx.reset();
	seed?.();
	return await fx.run({ ...parameters, options: { maxAttempts: 1 } }, [{ v } as IDataObject]);
}

describe('EUID (Set Contact)', () => {
	/** The EUID a value stands for, by the docs: a positive 64-bit integer written in digits. */
	const intended = (raw: unknown): bigint | undefined => {
		if (typeof raw === 'number') return Number.isSafeInteger(raw) && raw >= 1 ? BigInt(raw) : undefined;
		if (typeof raw !== 'string' || !/^\d+$/.test(raw.trim())) return undefined;
		const n = BigInt(raw.trim());
		return n >= 1n && n <= LONG_MAX ? n : undefined;
	};
	const euids = fc.oneof(
		fc.bigInt(1n, LONG_MAX).map((n) => n.toString()),
		fc.tuple(fc.constantFrom('', ' ', '00', '\t'), fc.bigInt(0n, 2n ** 64n)).map(([pad, n]) => `${pad}${n}${pad.trim() === '' ? pad : ''}`),
		anyValue,
	);

	it('arrives exactly as the 64-bit number meant, or the item is refused naming the EUID', async () => {
		await fc.assert(
			fc.asyncProperty(euids, async (raw) => {
				const result = await runOne({ euid: '={{ $json.v }}', email: 'a@example.com' }, raw);
				const got = outcome(fx, result, /EUID/);
				const expected = intended(raw);
				if (got.sent) expect(got.body.euid).toBe(expected);
				else expect(expected).toBeUndefined();
			}),
			RUN,
		);
	});
});

describe('Identity Value (Get EUID)', () => {
	it('arrives trimmed and unchanged, or is refused naming the identifier', async () => {
		await fc.assert(
			fc.asyncProperty(fc.oneof(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 300 }), anyValue), async (raw) => {
				const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : undefined;
				const result = await runOne({ resource: 'user', operation: 'getEuid', identityType: 'user_id', identityValue: '={{ $json.v }}' }, raw, () =>
					fx.emulator.ma.identities.set(`user_id:${text}`, 42n),
				);
				const got = outcome(fx, result, /user_id/);
				const valid = text !== undefined && text !== '' && [...text].length <= 256;
				expect(got.sent).toBe(valid);
				if (got.sent) expect(got.body.identity_values).toEqual([text]);
			}),
			RUN,
		);
	});
});

describe('Contacts (Set Contact)', () => {
	const phones = fc.oneof(
		fc.stringMatching(/^\+[1-9]\d{4,14}$/),
		fc.stringMatching(/^\d{5,15}$/),
		fc.stringMatching(/^ ?\+?[\d -]{3,18}\)? ?$/),
		fc.integer({ min: 0, max: 2 ** 53 }),
		anyValue,
	);
	/** A phone number as the field describes it: digits only after an optional + (not +0), 5 to 15 digits. */
	const intendedPhone = (raw: unknown): string | undefined => {
		const text = typeof raw === 'string' ? raw.trim() : typeof raw === 'number' && Number.isSafeInteger(raw) && raw > 0 ? String(raw) : undefined;
		return text !== undefined && /^(?:\+[1-9]\d{4,14}|\d{5,15})$/.test(text) ? text : undefined;
	};

	it.each([
		['mobilePhone', 'mobile_phone', /Mobile Phone|No contact/],
		['whatsappPhone', 'whatsapp_phone', /WhatsApp Phone|No contact/],
	])('%s: a phone number in international or national digits arrives exactly, anything else is refused', async (field, key, label) => {
		await fc.assert(
			fc.asyncProperty(phones, async (raw) => {
				const got = outcome(fx, await runOne({ euid: '7', [field]: '={{ $json.v }}' }, raw), label);
				const expected = intendedPhone(raw);
				expect(got.sent).toBe(expected !== undefined);
				if (got.sent) expect(got.body.contacts).toEqual({ [key]: expected });
			}),
			RUN,
		);
	});

	it('email: every valid address arrives trimmed and unchanged; what is sent is always one clean address', async () => {
		const valid = fc.tuple(fc.emailAddress(), fc.constantFrom('', ' ', '  ')).map(([mail, pad]) => ({ raw: `${pad}${mail}${pad}`, valid: mail.length <= 254 }));
		const other = anyValue.map((raw) => ({ raw, valid: false }));
		const mangled = fc
			.tuple(fc.emailAddress(), fc.string({ unit: 'binary', minLength: 1, maxLength: 3 }), fc.nat(60))
			.map(([mail, junk, at]) => ({ raw: mail.slice(0, at) + junk + mail.slice(at), valid: false }));
		await fc.assert(
			fc.asyncProperty(fc.oneof(valid, other, mangled), async ({ raw, valid: mustSend }) => {
				const got = outcome(fx, await runOne({ euid: '7', email: '={{ $json.v }}' }, raw), /Email|No contact/);
				if (mustSend) expect(got.sent).toBe(true);
				if (!got.sent) return;
				const sent = (got.body.contacts as IDataObject).email as string;
				expect(sent).toBe((raw as string).trim());
				expect(sent).not.toMatch(CONTROL);
				expect(sent.split('@')).toHaveLength(2);
				expect([...sent].length).toBeLessThanOrEqual(254);
			}),
			RUN,
		);
	});
});
