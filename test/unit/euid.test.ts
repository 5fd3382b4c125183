import { checkEuid } from '../../nodes/EngageLab/validation/euid';

describe('checkEuid', () => {
	it.each([
		['10362473', '10362473'],
		['  42 ', '42'],
		['007', '7'],
		['9223372036854775807', '9223372036854775807'],
		[10362473, '10362473'],
		[9007199254740991, '9007199254740991'],
		[9223372036854775807n, '9223372036854775807'],
	])('accepts %p as %p', (raw, digits) => {
		expect(checkEuid(raw)).toEqual({ ok: true, value: digits });
	});

	it.each([
		['', /empty/],
		['   ', /empty/],
		[undefined, /empty/],
		[null, /empty/],
		['12a', /digits only/],
		['-5', /digits only/],
		['1.5', /digits only/],
		['0', /out of range/],
		['000', /out of range/],
		['9223372036854775808', /out of range/],
		['123456789012345678901234', /out of range/],
		[1.5, /not a whole number/],
		[-3, /out of range|digits only/],
		[2 ** 53, /above 2\^53 - 1/],
		[9223372036854775807, /above 2\^53 - 1/],
		[{ id: 1 }, /an object/],
		[[1], /a list/],
		[true, /a boolean/],
	])('refuses %p', (raw, problem) => {
		const result = checkEuid(raw);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.problem).toMatch(problem);
	});
});
