import { JsonLong } from '../../nodes/EngageLab/transport/longJson';
import { checkContact } from '../../nodes/EngageLab/validation/contacts';
import { checkEventName, checkEventTime, checkTextId } from '../../nodes/EngageLab/validation/eventValues';
import { parseJsonInput } from '../../nodes/EngageLab/validation/jsonInput';
import { checkNumberOption, OPTION_RULES } from '../../nodes/EngageLab/validation/options';
import { checkIncrease, checkPropertyValue } from '../../nodes/EngageLab/validation/propertyValues';

describe('parseJsonInput', () => {
	it('keeps integers beyond 2^53 exact as JsonLong, numbers as numbers, text as text', () => {
		expect(parseJsonInput('{"a": 9007199254740993, "b": "9007199254740993", "c": 1.5, "d": [-9223372036854775808, 2]}')).toEqual({
			a: new JsonLong('9007199254740993'),
			b: '9007199254740993',
			c: 1.5,
			d: [new JsonLong('-9223372036854775808'), 2],
		});
	});

	it('makes "__proto__" an own key, never the prototype', () => {
		const parsed = parseJsonInput('{"__proto__": {"polluted": 1}}') as object;
		expect(Object.keys(parsed)).toEqual(['__proto__']);
		expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
		expect(({} as { polluted?: number }).polluted).toBeUndefined();
	});

	it.each(['{a:1}', '{"a":1,}', '[1,]', '{"a":01}', '{"a":1} x', '{"a":NaN}', '"\u0001"', ''])('refuses %p like JSON.parse', (text) => {
		expect(() => parseJsonInput(text)).toThrow(SyntaxError);
	});
});

describe('checkIncrease', () => {
	it.each([
		[5, 5],
		['  -12 ', -12],
		['+7', 7],
		['9007199254740993', new JsonLong('9007199254740993')],
		[new JsonLong('-9223372036854775808'), new JsonLong('-9223372036854775808')],
		[-0, 0],
	])('%p → %p', (raw, value) => {
		expect(checkIncrease('p', raw)).toEqual({ ok: true, value });
	});

	it.each([[[1, 2]], [true], ['0x1F'], ['0b101'], ['1e5'], ['1.0'], ['99999999999999999999'], [1e300], [2 ** 60], [NaN], [Infinity], [null], [{}]])('refuses %p', (raw) => {
		expect(checkIncrease('p', raw)).toMatchObject({ ok: false, problem: expect.stringMatching(/^Property "p": "increase" needs a whole number/) });
	});
});

describe('checkPropertyValue', () => {
	it('refuses NaN and Infinity alone and in lists, and an invalid date', () => {
		expect(checkPropertyValue('p', NaN, 'set').ok).toBe(false);
		expect(checkPropertyValue('p', [1, Infinity], 'add')).toMatchObject({ ok: false, problem: expect.stringMatching(/list entry 2\) is Infinity/) });
		expect(checkPropertyValue('p', new Date(NaN), 'set').ok).toBe(false);
		expect(checkPropertyValue('p', new JsonLong('99999999999999999999'), 'set').ok).toBe(false);
	});
});

describe('checkContact', () => {
	it.each([
		[' ada@example.com ', 'email', 'ada@example.com'],
		['+8618023456879', 'phone', '+8618023456879'],
		['02012345678', 'phone', '02012345678'],
		[18023456879, 'phone', '18023456879'],
		[null, 'email', ''],
	] as const)('accepts %p as %s', (raw, kind, value) => {
		expect(checkContact(raw, kind, 'X')).toEqual({ ok: true, value });
	});

	it.each([
		['a@b', 'email'],
		['a b@example.com', 'email'],
		['a@exa\nmple.com', 'email'],
		['a\u0000@example.com', 'email'],
		[`${'a'.repeat(65)}@example.com`, 'email'],
		[42, 'email'],
		['+0123456', 'phone'],
		['1234', 'phone'],
		['1234567890123456', 'phone'],
		['+1 555 0100', 'phone'],
		[2 ** 64, 'phone'],
		[1.5, 'phone'],
		[['1'], 'phone'],
	] as const)('refuses %p as %s', (raw, kind) => {
		expect(checkContact(raw, kind, 'X').ok).toBe(false);
	});
});

describe('Report fields', () => {
	const now = () => Date.UTC(2026, 0, 1);
	it('event names: at most 64 characters', () => {
		expect(checkEventName('a'.repeat(64)).ok).toBe(true);
		expect(checkEventName('a'.repeat(65)).ok).toBe(false);
		expect(checkEventName(5).ok).toBe(false);
	});

	it.each([
		['2025-03-01T12:00:00Z', Date.UTC(2025, 2, 1, 12)],
		['2025-03-01', Date.UTC(2025, 2, 1)],
		[1740830400, Date.UTC(2025, 2, 1, 12)],
		['1740830400.25', Date.UTC(2025, 2, 1, 12) + 250],
		[Date.UTC(2026, 0, 1, 23), Date.UTC(2026, 0, 1, 23)],
	])('event time %p → %p', (raw, ms) => {
		expect(checkEventTime(raw, now)).toEqual({ ok: true, value: ms });
	});

	it.each(['2025', 1999, '2025-02-30', '2025-13-01', '1e12', 'March 1, 2025', Date.UTC(2026, 0, 2, 1), '1999-12-31T23:59:59Z', [1], true])('refuses event time %p', (raw) => {
		expect(checkEventTime(raw, now)).toMatchObject({ ok: false, problem: expect.stringMatching(/^The event time/) });
	});

	it('App Key / Report ID: text or safe whole numbers only', () => {
		expect(checkTextId(' x ', 'Report ID')).toEqual({ ok: true, value: 'x' });
		expect(checkTextId(42, 'Report ID')).toEqual({ ok: true, value: '42' });
		expect(checkTextId({}, 'App Key')).toEqual({ ok: false, problem: 'App Key must be text, but got an object' });
		expect(checkTextId('a\nb', 'App Key').ok).toBe(false);
		expect(checkTextId('x'.repeat(257), 'App Key').ok).toBe(false);
	});
});

describe('checkNumberOption', () => {
	it('defaults when unset, accepts values in range, refuses the rest with the value and the range', () => {
		expect(checkNumberOption(undefined, OPTION_RULES.timeout, 30000)).toEqual({ ok: true, value: 30000 });
		expect(checkNumberOption('250', OPTION_RULES.timeout, 30000)).toEqual({ ok: true, value: 250 });
		expect(checkNumberOption(0, OPTION_RULES.maxRequestsPerSecond, 0)).toEqual({ ok: true, value: 0 });
		expect(checkNumberOption(0, OPTION_RULES.timeout, 30000)).toEqual({ ok: false, problem: 'The option Timeout (Milliseconds) is 0: it takes from 1 to 2147483647 ms' });
		expect(checkNumberOption(1.5, OPTION_RULES.concurrency, 5)).toEqual({ ok: false, problem: 'The option Concurrency is 1.5: it takes a whole number from 1 to 100' });
		expect(checkNumberOption(NaN, OPTION_RULES.maxAttempts, 3).ok).toBe(false);
	});
});
