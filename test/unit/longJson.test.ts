import { JsonLong, parseWithLongs, stringifyWithLongs } from '../../nodes/EngageLab/transport/longJson';

describe('stringifyWithLongs', () => {
	it('writes a JsonLong as a bare number with exactly its digits', () => {
		expect(stringifyWithLongs({ euid: new JsonLong('9223372036854775807'), contacts: { email: 'a@b.c' } })).toBe(
			'{"euid":9223372036854775807,"contacts":{"email":"a@b.c"}}',
		);
	});

	it('matches JSON.stringify for plain data, dropping undefined members', () => {
		const value = { a: 'x"y', b: [1, null, true, { c: 2.5 }], d: undefined, e: 'ü\n' };
		expect(stringifyWithLongs(value)).toBe(JSON.stringify(value));
	});
});

describe('parseWithLongs', () => {
	it('returns integers beyond 2^53 as exact digit strings', () => {
		expect(parseWithLongs('{"data":[{"euid":9223372036854775807},{"euid":10362473}]}')).toEqual({
			data: [{ euid: '9223372036854775807' }, { euid: 10362473 }],
		});
	});

	it('leaves numbers inside strings, decimals and exponents alone', () => {
		expect(parseWithLongs('{"m":"id 9223372036854775807 \\" 99999999999999999","x":1.5e300,"y":-12}')).toEqual({
			m: 'id 9223372036854775807 " 99999999999999999',
			x: 1.5e300,
			y: -12,
		});
	});

	it('throws on text that is not JSON', () => {
		expect(() => parseWithLongs('<html>502 Bad Gateway</html>')).toThrow(SyntaxError);
	});
});
