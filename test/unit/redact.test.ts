/** The credential and an item's own secrets, hidden in every encoding (transport/redact.ts). */
import { alsoHiding, redactJson, redactorFor } from '../../nodes/EngageLab/transport/redact';

const KEY = 'key-7Hq"2\\x9';
const SECRET = 's3cr/et+ with "quotes" & \\back';
const redact = redactorFor(KEY, SECRET);
const b64 = (text: string) => Buffer.from(text).toString('base64');
const b64url = (text: string) => Buffer.from(text).toString('base64url');

describe('redactorFor', () => {
	it.each([
		['raw', (v: string) => v],
		['JSON-escaped', (v: string) => JSON.stringify(v).slice(1, -1)],
		['JSON-escaped twice', (v: string) => JSON.stringify(JSON.stringify(v).slice(1, -1)).slice(1, -1)],
		['JSON with \\u escapes', (v: string) => JSON.stringify(v).slice(1, -1).replace(/\\"/g, '\\u0022').replace(/&/g, '\\u0026')],
		['URL-encoded', (v: string) => encodeURIComponent(v)],
		['URL-encoded, lower-case hex', (v: string) => encodeURIComponent(v).replace(/%[0-9A-F]{2}/g, (m) => m.toLowerCase())],
		['form-encoded', (v: string) => new URLSearchParams({ v }).toString().slice(2)],
		['base64', b64],
		['base64 without padding', (v: string) => b64(v).replace(/=+$/, '')],
		['base64url', b64url],
	])('hides the key and the secret %s', (_how, encode) => {
		for (const value of [KEY, SECRET]) {
			const out = redact(`before ${encode(value)} after`);
			expect(out).toBe('before [redacted] after');
		}
	});

	it('hides the Basic auth pair key:secret in base64 and any Basic token', () => {
		const pair = b64(`${KEY}:${SECRET}`);
		expect(redact(`auth=${pair};`)).toBe('auth=[redacted];');
		expect(redact(`auth=${b64url(`${KEY}:${SECRET}`)};`)).toBe('auth=[redacted];');
		expect(redact('Authorization: Basic Zm9vOmJhcg==')).toBe('Authorization: Basic [redacted]');
	});

	it('leaves ordinary text alone', () => {
		expect(redact('EngageLab error 3002: Authentication failed. HTTP status 401.')).toBe('EngageLab error 3002: Authentication failed. HTTP status 401.');
	});
});

describe('alsoHiding (an OTP code of one request)', () => {
	const withCode = alsoHiding(redact, ['4001']);

	it('hides the code as a token, raw or in quotes, and still the credential', () => {
		expect(withCode(`{"code":"4001","message":"code 4001 is invalid","key":"${KEY.replace(/["\\]/g, '\\$&')}"}`)).toBe(
			'{"code":"[redacted]","message":"code [redacted] is invalid","key":"[redacted]"}',
		);
	});

	it('not inside a longer run of digits (an id)', () => {
		expect(withCode('id 140012, plan 40015')).toBe('id 140012, plan 40015');
	});
});

describe('redactJson (success bodies)', () => {
	it('hides secrets in strings and keys, keeps long ids exact unless one is a secret as a whole', () => {
		const numericKey = redactorFor('12345678', 'another-secret-value');
		const body = {
			plan_id: '1972488990548348928',
			message_id: '912345678901234567',
			echo: { authorization: `Basic ${b64('12345678:another-secret-value')}`, key: '12345678', n: 12345678, list: ['another-secret-value'] },
			__proto__x: 'another-secret-value',
		};
		expect(redactJson(body, numericKey)).toEqual({
			plan_id: '1972488990548348928',
			message_id: '912345678901234567',
			echo: { authorization: 'Basic [redacted]', key: '[redacted]', n: '[redacted]', list: ['[redacted]'] },
			__proto__x: '[redacted]',
		});
	});

	it('a "__proto__" key of a body stays a key', () => {
		const body = JSON.parse('{"__proto__":{"polluted":"yes"}}') as Record<string, unknown>;
		const out = redactJson(body, redact) as Record<string, unknown>;
		expect(Object.keys(out)).toEqual(['__proto__']);
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
	});
});
