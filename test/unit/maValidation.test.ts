import { checkEventName, checkEventTime } from '../../nodes/EngageLab/validation/eventValues';
import { checkIdentifier } from '../../nodes/EngageLab/validation/identifiers';
import { checkPropertyName, checkPropertyValue } from '../../nodes/EngageLab/validation/propertyValues';

describe('checkIdentifier', () => {
	it('trims text and accepts exact numbers', () => {
		expect(checkIdentifier('  crm-42 ', 'user_id')).toEqual({ ok: true, value: 'crm-42' });
		expect(checkIdentifier(18012345678, 'user_id')).toEqual({ ok: true, value: '18012345678' });
		expect(checkIdentifier('é'.repeat(256), 'anonymous_id')).toEqual({ ok: true, value: 'é'.repeat(256) });
	});

	it.each([
		['', /user_id is empty/],
		[undefined, /user_id is empty/],
		['x'.repeat(257), /257 characters long: EngageLab takes at most 256/],
		[2 ** 60, /not exact/],
		[{ id: 1 }, /must be text/],
	])('refuses %p', (raw, problem) => {
		const result = checkIdentifier(raw, 'user_id');
		expect(!result.ok && result.problem).toMatch(problem);
	});
});

describe('checkEventName', () => {
	it.each(['sign_up', 'a', 'login2', 'order_paid_v2'])('accepts %s', (name) => {
		expect(checkEventName(name)).toEqual({ ok: true, value: name });
	});
	it.each(['', 'SignUp', '2fa', '_x', 'sign-up', 'sign up', 'café'])('refuses %p', (name) => {
		expect(checkEventName(name).ok).toBe(false);
	});
});

describe('checkEventTime', () => {
	const now = () => 1700000000123;
	it.each([
		[undefined, 1700000000123],
		['', 1700000000123],
		[1654076420772, 1654076420772],
		['1654076420772', 1654076420772],
		[1654076420, 1654076420000],
		['1654076420', 1654076420000],
		['2022-06-01T09:40:20.772Z', 1654076420772],
		[new Date(1654076420772), 1654076420772],
	])('%p → %p', (raw, ms) => {
		expect(checkEventTime(raw, now)).toEqual({ ok: true, value: ms });
	});
	it.each(['yesterday', {}, -5])('refuses %p', (raw) => {
		expect(checkEventTime(raw, now).ok).toBe(false);
	});
});

describe('properties', () => {
	it.each(['user_number_once', 'vip', 'Level2', '会员等级'])('accepts the name %s', (name) => {
		expect(checkPropertyName(name).ok).toBe(true);
	});
	it.each(['', 'a-b', 'a b', 'x'.repeat(65), 'price$'])('refuses the name %p', (name) => {
		expect(checkPropertyName(name).ok).toBe(false);
	});

	it('keeps numbers, strings, booleans and lists, and writes dates as EngageLab datetimes', () => {
		expect(checkPropertyValue('n', 46.2, 'set')).toEqual({ ok: true, value: 46.2 });
		expect(checkPropertyValue('s', 'refef', 'set')).toEqual({ ok: true, value: 'refef' });
		expect(checkPropertyValue('b', false, 'set')).toEqual({ ok: true, value: false });
		expect(checkPropertyValue('l', ['test1', '20231025', 3], 'add')).toEqual({ ok: true, value: ['test1', '20231025', 3] });
		expect(checkPropertyValue('d', new Date('2023-12-12T00:56:23Z'), 'set')).toEqual({ ok: true, value: '2023-12-12 00:56:23' });
		expect(checkPropertyValue('i', '5', 'increase')).toEqual({ ok: true, value: 5 });
	});

	it.each([
		['', 'set', /empty value/],
		[null, 'set', /empty value/],
		[1.5, 'increase', /whole number/],
		['abc', 'increase', /whole number/],
		[[], 'add', /list .* is empty/],
		[[{}], 'add', /only text, numbers/],
		[{ a: 1 }, 'set', /not an object/],
	] as const)('refuses %p for %s', (raw, operation, problem) => {
		const result = checkPropertyValue('p', raw, operation);
		expect(!result.ok && result.problem).toMatch(problem);
	});
});
