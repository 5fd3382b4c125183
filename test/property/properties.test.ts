/**
 * Property-based: property names and values per operation through User → Set Properties (issue 17).
 * The oracle for a value is the emulator's own exact JSON reader (strictJson.ts), not the node's code.
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';

import { parseStrictJson, type JsonValue } from '../support/emulator/strictJson';
import { EngageLabFixture } from '../support/inProcess/maFixture';
import { outcome, RUN } from '../support/inProcess/propertyCheck';

const fx = new EngageLabFixture();
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());

const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;
const NAME = /^[\p{L}\p{N}_]{1,64}$/u;
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', '__defineGetter__', 'toLocaleString'];

const base = { resource: 'user', operation: 'setProperties', euid: '7', options: { maxAttempts: 1 } };

async function run(parameters: IDataObject, items: IDataObject[] = [{}]) {
	fx.reset();
	return await fx.run({ ...base, ...parameters }, items);
}

const propertiesOf = (body: IDataObject) => body.properties as Record<string, JsonValue>;

/** A JSON value with every whole number as a bigint: 1e5 and 100000 are the same number on the wire. */
const numeric = (v: JsonValue): JsonValue =>
	typeof v === 'number' && Number.isInteger(v) ? BigInt(v) : Array.isArray(v) ? v.map(numeric) : v;

describe('property names', () => {
	const names = fc.oneof(
		fc.constantFrom(...PROTOTYPE_NAMES),
		fc.stringMatching(/^[a-z_][a-z0-9_]{0,8}$/),
		fc.string({ unit: 'binary', maxLength: 70 }),
		fc.constantFrom(' a ', 'x'.repeat(64), 'x'.repeat(65), '会员等级', 'a-b'),
	);

	it('name/value pairs: valid, distinct names are sent as own keys, exactly; anything else is refused naming the property', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(names, { minLength: 1, maxLength: 3 }), async (list) => {
				const result = await run({ propertiesInput: 'pairs', properties: { property: list.map((name, i) => ({ name, value: `v${i}` })) } });
				const got = outcome(fx, result, /propert/i);
				const trimmed = list.map((n) => n.trim());
				const valid = trimmed.every((n) => NAME.test(n)) && new Set(trimmed).size === trimmed.length;
				expect(got.sent).toBe(valid);
				if (!got.sent) return;
				const sent = propertiesOf(got.body);
				expect(Object.keys(sent)).toEqual(trimmed);
				trimmed.forEach((n, i) => expect(Object.getOwnPropertyDescriptor(sent, n)?.value).toBe(`v${i}`));
				expect(Object.keys(fx.emulator.ma.properties.get('7') ?? {})).toEqual(trimmed);
			}),
			RUN,
		);
	});

	it('Properties (JSON): every distinct valid name, prototype names included, reaches the emulator as an own key', async () => {
		await fc.assert(
			fc.asyncProperty(fc.uniqueArray(fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.stringMatching(/^[a-z][a-z0-9_]{0,8}$/)), { minLength: 1, maxLength: 4 }), async (list) => {
				const text = `{${list.map((n, i) => `${JSON.stringify(n)}:${i}`).join(',')}}`;
				const got = outcome(fx, await run({ propertiesInput: 'json', propertiesJson: text }), /propert/i);
				expect(got.sent).toBe(true);
				if (got.sent) expect(fx.emulator.received[0].rawBody).toBe(`{"euid":7,"type":"set","properties":${text}}`);
			}),
			RUN,
		);
	});
});

/** JSON number and value tokens: integers of every size, decimals, exponents, quoted numbers, and other JSON. */
const tokens = fc.oneof(
	fc.bigInt(LONG_MIN - 1000n, LONG_MAX + 1000n).map(String),
	fc.bigInt(-(10n ** 30n), 10n ** 30n).map(String),
	fc.integer().map(String),
	fc.double({ noNaN: true, noDefaultInfinity: true }).map((d) => JSON.stringify(d)),
	fc.constantFrom('1e5', '1E+2', '1.0', '-0', '1e300', '1e400', '-1e400', '0.5', '9007199254740993', '-9223372036854775809'),
	fc.constantFrom('"0x1F"', '"0b101"', '"0o7"', '"1e5"', '" 12 "', '"+5"', '"-0"', '"99999999999999999999"', '"9007199254740993"', '""', '"1_000"', '"١٢"'),
	fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v)),
);

describe('increase', () => {
	/** The amount a JSON token means, when it is a whole number in the 64-bit range; undefined otherwise. */
	const amount = (token: string): bigint | undefined => {
		const value = parseStrictJson(token);
		let n: bigint | undefined;
		if (typeof value === 'bigint') n = value;
		else if (typeof value === 'number') n = Number.isSafeInteger(value) ? BigInt(value) : undefined;
		else if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())) n = BigInt(value.trim());
		return n !== undefined && n >= LONG_MIN && n <= LONG_MAX ? n : undefined;
	};

	it('Properties (JSON): the exact whole number arrives, or the item is refused naming the property', async () => {
		await fc.assert(
			fc.asyncProperty(tokens, async (token) => {
				const got = outcome(fx, await run({ propertyOperation: 'increase', propertiesInput: 'json', propertiesJson: `{"points": ${token}}` }), /"points"/);
				const expected = amount(token);
				expect(got.sent).toBe(expected !== undefined);
				if (got.sent) {
					expect(propertiesOf(got.body).points).toBe(expected);
					expect(fx.emulator.ma.properties.get('7')).toEqual({ points: expected });
				}
			}),
			RUN,
		);
	});

	it('a typed or mapped value (text, numbers, lists, true/false…): same rule', async () => {
		const values = fc.oneof(tokens, fc.double().map(String), fc.constantFrom('={{ true }}', '={{ [1, 2] }}', '={{ 2 ** 60 }}', '={{ NaN }}', '={{ 12 }}', '={{ -0 }}'));
		await fc.assert(
			fc.asyncProperty(values, async (value) => {
				const got = outcome(fx, await run({ propertyOperation: 'increase', propertiesInput: 'pairs', properties: { property: [{ name: 'points', value }] } }), /"points"/);
				const mapped = /^=\{\{ (.*) \}\}$/.exec(value)?.[1];
				const expected =
					mapped === undefined
						? /^[+-]?\d+$/.test(value.trim()) && BigInt(value.trim()) >= LONG_MIN && BigInt(value.trim()) <= LONG_MAX
							? BigInt(value.trim())
							: undefined
						: ({ '12': 12n, '-0': 0n } as Record<string, bigint>)[mapped];
				expect(got.sent).toBe(expected !== undefined);
				if (got.sent) expect(propertiesOf(got.body).points).toBe(expected);
			}),
			RUN,
		);
	});
});

describe('set, add and remove', () => {
	/** What EngageLab should receive for a JSON token: the same JSON, or undefined when it must be refused. */
	const intended = (value: JsonValue): JsonValue | undefined => {
		const scalar = (v: JsonValue) =>
			typeof v === 'boolean' ||
			(typeof v === 'string' && v !== '') ||
			(typeof v === 'number' && Number.isFinite(v)) ||
			(typeof v === 'bigint' && v >= LONG_MIN && v <= LONG_MAX);
		if (typeof value === 'string') return value.trim() === '' ? undefined : value;
		if (Array.isArray(value)) {
			const items = value.filter((v) => v !== null && v !== '');
			return items.length > 0 && items.every(scalar) ? items : undefined;
		}
		return value !== null && typeof value !== 'object' && scalar(value) ? value : undefined;
	};
	const notIsoDate = (token: string) => !/\d{4}-\d{2}-\d{2}T/.test(token);
	const listTokens = fc.array(tokens, { maxLength: 4 }).map((list) => `[${list.join(',')}]`);

	it.each(['set', 'add', 'remove'])('%s, Properties (JSON): the same JSON value arrives (big integers exact), or the item is refused naming the property', async (operation) => {
		await fc.assert(
			fc.asyncProperty(fc.oneof(tokens, listTokens).filter(notIsoDate), async (token) => {
				fx.reset();
				const got = outcome(fx, await run({ propertyOperation: operation, propertiesInput: 'json', propertiesJson: `{"p": ${token}}` }), /"p"/);
				const expected = intended(parseStrictJson(token));
				expect(got.sent).toBe(expected !== undefined);
				if (got.sent) expect(numeric(propertiesOf(got.body).p)).toEqual(numeric(expected!));
			}),
			RUN,
		);
	});

	it('set from an expression: any JavaScript value (NaN, Infinity, nested lists, objects…) arrives as its JSON or is refused', async () => {
		const values = fc.oneof(
			fc.double(),
			fc.string({ maxLength: 10 }).filter((s) => !/\d{4}-\d{2}-\d{2}T/.test(s)),
			fc.boolean(),
			fc.array(fc.oneof(fc.double(), fc.string({ maxLength: 5 }), fc.boolean(), fc.constant(null)), { maxLength: 4 }),
			fc.array(fc.array(fc.integer(), { maxLength: 2 }), { minLength: 1, maxLength: 2 }),
			fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
		);
		await fc.assert(
			fc.asyncProperty(values, async (v) => {
				const got = outcome(fx, await run({ propertiesInput: 'pairs', properties: { property: [{ name: 'p', value: '={{ $json.v }}' }] } }, [{ v } as IDataObject]), /"p"/);
				const finite = (x: unknown) => typeof x !== 'number' || Number.isFinite(x);
				const valid =
					(typeof v === 'string' && v.trim() !== '') ||
					typeof v === 'boolean' ||
					(typeof v === 'number' && Number.isFinite(v)) ||
					(Array.isArray(v) &&
						v.some((x) => x !== null && x !== '') &&
						v.every((x) => x === null || x === '' || (['string', 'number', 'boolean'].includes(typeof x) && finite(x))));
				expect(got.sent).toBe(valid);
				if (got.sent) {
					const json = JSON.stringify(Array.isArray(v) ? v.filter((x) => x !== null && x !== '') : v);
					expect(numeric(propertiesOf(got.body).p)).toEqual(numeric(parseStrictJson(json)));
				}
			}),
			RUN,
		);
	});
});
