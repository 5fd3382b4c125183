/**
 * The EngageLab Trigger's checks on their own: X-CALLBACK-ID (SMS, OTP, App Push), Email's two
 * documented schemes, URL tokens, the timestamp window, replay memory, source IPs.
 */
import { headerBytes, sameText, toSeconds, utf8, verifyCallbackId, verifyCallerToken, verifyEmail, verifyToken } from '../../nodes/EngageLabTrigger/signature';
import { allowed, canonicalAddress, parseAllowList } from '../../nodes/EngageLabTrigger/sourceIp';
import { callbackIdHeader, emailHeaders, TEST_CALLBACK_SECRETS as S } from '../support/emulator/callbacks/sender';

const NOW = 1_764_470_000_000;
const T = NOW / 1000;

const cb = (header: string | undefined, maxAgeSeconds = 300) =>
	verifyCallbackId({ header, username: S.username, secret: S.secret, nowMs: NOW, maxAgeSeconds });

describe('X-CALLBACK-ID (SMS, OTP, App Push)', () => {
	it('accepts a header signed as the docs describe, and names a replay key', () => {
		const verdict = cb(callbackIdHeader(S, { timestamp: T, nonce: '123123123123' }));
		expect(verdict).toEqual({ ok: true, replayKey: expect.stringMatching(/^[0-9a-f]{24}$/), timestamp: T });
		const other = cb(callbackIdHeader(S, { timestamp: T, nonce: '123123123124' }));
		expect(other.ok && verdict.ok && other.replayKey !== verdict.replayKey).toBe(true);
	});

	it('agrees with vectors computed independently (Python hmac/hashlib, as in the docs\' example code)', () => {
		// hmac.new(b'k', b'1681991058' + b'123123123123' + b'test', hashlib.sha256).hexdigest()
		const header = 'timestamp=1681991058;nonce=123123123123;username=test;signature=9d8732dc5923dabcad27f9bb3c974218f0657090ce52c89d0095735766170dbb';
		expect(verifyCallbackId({ header, username: 'test', secret: 'k', nowMs: 1681991058_000, maxAgeSeconds: 300 }).ok).toBe(true);
		const email = (signature: string) =>
			verifyEmail({ timestamp: '1681991058', appKeyHeader: 'email', signature, appKey: 'k', scheme: 'either', nowMs: 1681991058_000, maxAgeSeconds: 300, }).ok;
		// hmac.new(b'k', b'1681991058', hashlib.sha256) and hashlib.md5(b'1681991058' + b'email' + b'k')
		expect(email('c719713eaecae4a211495063644dbf7d0549d199df7160e9fdc6f2108fdca615')).toBe(true);
		expect(email('05a3da69428ad5d9fd2c98c26ee2b52a')).toBe(true);
	});

	it('refuses a signature made with another secret', () => {
		expect(cb(callbackIdHeader(S, { timestamp: T, secret: 'not-the-secret' }))).toEqual({ ok: false, reason: expect.stringMatching(/signature/) });
	});

	it('refuses another username, even correctly signed for it', () => {
		expect(cb(callbackIdHeader(S, { timestamp: T, username: 'someone-else' })).ok).toBe(false);
	});

	it('refuses a missing header, and headers lacking a field or not key=value', () => {
		expect(cb(undefined)).toEqual({ ok: false, reason: 'The X-CALLBACK-ID header is missing' });
		expect(cb('timestamp=1;nonce=2;username=n8n-callbacks').ok).toBe(false);
		expect(cb('garbage').ok).toBe(false);
		expect(cb(`timestamp=abc;nonce=1;username=${S.username};signature=00`).ok).toBe(false);
		const good = callbackIdHeader(S, { timestamp: T });
		expect(cb(`${good};timestamp=${T}`).ok).toBe(false); // a field twice
	});

	it('refuses a timestamp outside the window, either side, and accepts it with the window off', () => {
		expect(cb(callbackIdHeader(S, { timestamp: T - 301 }))).toEqual({ ok: false, reason: expect.stringMatching(/window/) });
		expect(cb(callbackIdHeader(S, { timestamp: T + 301 })).ok).toBe(false);
		expect(cb(callbackIdHeader(S, { timestamp: T - 299 })).ok).toBe(true);
		expect(cb(callbackIdHeader(S, { timestamp: T - 86_400 }), 0).ok).toBe(true);
	});

	it('reads millisecond timestamps as well as seconds', () => {
		expect(toSeconds('1681991058')).toBe(1681991058);
		expect(toSeconds('1681991058123')).toBe(1681991058);
		expect(cb(callbackIdHeader(S, { timestamp: NOW })).ok).toBe(true);
	});

	it('accepts an upper-case hex signature', () => {
		const header = callbackIdHeader(S, { timestamp: T });
		const upper = header.replace(/signature=([0-9a-f]+)/, (_, hex: string) => `signature=${hex.toUpperCase()}`);
		expect(cb(upper).ok).toBe(true);
	});
});

describe('Email X-WebHook-Signature', () => {
	const email = (headers: Record<string, string>, scheme: 'either' | 'hmac' | 'md5' = 'either', bodyKey?: string) =>
		verifyEmail({
			timestamp: headers['X-WebHook-Timestamp'],
			appKeyHeader: headers['X-WebHook-AppKey'],
			signature: headers['X-WebHook-Signature'],
			appKey: S.emailSecret,
			scheme,
			nowMs: NOW,
			maxAgeSeconds: 300,
			bodyKey,
		});

	it('accepts either documented scheme by default, only the chosen one otherwise', () => {
		const hmac = emailHeaders(S, 'hmac', { timestamp: T });
		const md5 = emailHeaders(S, 'md5', { timestamp: T });
		expect(email(hmac).ok).toBe(true);
		expect(email(md5).ok).toBe(true);
		expect(email(hmac, 'hmac').ok).toBe(true);
		expect(email(md5, 'hmac').ok).toBe(false);
		expect(email(md5, 'md5').ok).toBe(true);
		expect(email(hmac, 'md5').ok).toBe(false);
	});

	it('refuses a wrong key, missing headers and an expired timestamp', () => {
		expect(email(emailHeaders(S, 'hmac', { timestamp: T, secret: 'wrong' })).ok).toBe(false);
		expect(email({}).ok).toBe(false);
		expect(email(emailHeaders(S, 'hmac', { timestamp: T - 600 }))).toEqual({ ok: false, reason: expect.stringMatching(/window/) });
	});

	it('versions 1 and 2 tell two events of the same second apart by their body; without a body key one signature is one callback', () => {
		const headers = emailHeaders(S, 'hmac', { timestamp: T });
		const a = email(headers, 'either', '{"message_id":"a"}');
		const b = email(headers, 'either', '{"message_id":"b"}');
		expect(a.ok && b.ok && a.replayKey !== b.replayKey).toBe(true);
		const c = email(headers);
		const d = email(headers);
		expect(c.ok && d.ok && c.replayKey === d.replayKey).toBe(true);
	});
});

describe('URL token and constant-time comparison', () => {
	it('accepts the token, refuses another or none', () => {
		expect(verifyToken(S.urlToken, S.urlToken).ok).toBe(true);
		expect(verifyToken(`${S.urlToken}x`, S.urlToken).ok).toBe(false);
		expect(verifyToken('', S.urlToken).ok).toBe(false);
		expect(verifyToken(undefined, S.urlToken).ok).toBe(false);
	});

	it('compares strings of any characters and lengths', () => {
		expect(sameText('abc', 'abc')).toBe(true);
		expect(sameText('abc', 'abd')).toBe(false);
		expect(sameText('abc', 'ab')).toBe(false);
		expect(sameText('ü€', 'ü€')).toBe(true);
		expect(sameText('ü', 'ý')).toBe(false);
	});
});

describe('secret token (version 3) and header bytes', () => {
	const token = S.urlToken;
	it('finds the token in the query, or the Authorization header as Bearer, Basic or bare text', () => {
		expect(verifyCallerToken(token, undefined, token).ok).toBe(true);
		expect(verifyCallerToken(undefined, `Bearer ${token}`, token).ok).toBe(true);
		expect(verifyCallerToken(undefined, `bearer   ${token}`, token).ok).toBe(true);
		expect(verifyCallerToken(undefined, `Basic ${Buffer.from(`any:${token}`).toString('base64')}`, token).ok).toBe(true);
		expect(verifyCallerToken(undefined, token, token).ok).toBe(true);
		// A wrong query token does not hide a right header, and the other way round.
		expect(verifyCallerToken('wrong', `Bearer ${token}`, token).ok).toBe(true);
	});

	it('refuses a missing, partial or differently placed token', () => {
		expect(verifyCallerToken(undefined, undefined, token)).toEqual({ ok: false, reason: expect.stringContaining('missing') });
		expect(verifyCallerToken(undefined, `Bearer ${token.slice(1)}`, token).ok).toBe(false);
		expect(verifyCallerToken(undefined, `Basic ${Buffer.from(`${token}:x`).toString('base64')}`, token).ok).toBe(false);
		expect(verifyCallerToken(undefined, 'Basic !!!', token).ok).toBe(false);
		expect(verifyCallerToken(undefined, `Token ${token}`, token).ok).toBe(false);
	});

	it('reads header text as the bytes Node received (latin1), wider text as UTF-8', () => {
		const wire = Buffer.from('José', 'utf8').toString('latin1');
		expect(headerBytes(wire)).toEqual(utf8('José'));
		expect(headerBytes('回调')).toEqual(new Uint8Array(Buffer.from('回调', 'utf8')));
		expect(utf8('a€😀')).toEqual(new Uint8Array(Buffer.from('a€😀', 'utf8')));
	});
});

describe('source IP allow-list', () => {
	it('spells each address one way', () => {
		expect(canonicalAddress('0:0:0:0:0:0:0:1')).toBe('::1');
		expect(canonicalAddress('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
		expect(canonicalAddress('[fe80::1%eth0]')).toBe('fe80::1');
		expect(canonicalAddress('2001:db8:0:1:0:0:0:1')).toBe('2001:db8:0:1::1');
		expect(canonicalAddress('119.008.170.074')).toBe('119.8.170.74');
		expect(canonicalAddress('::ffff:7f00:1')).toBe('127.0.0.1');
		expect(canonicalAddress('0:0:0:0:0:ffff:119.8.170.74')).toBe('119.8.170.74');
		for (const bad of ['119.8.170', '1.2.3.256', '1::2::3', '12345::', 'localhost', '1:2:3:4:5:6:7:8:9']) expect(canonicalAddress(bad)).toBeUndefined();
	});

	it('matches exact addresses, IPv4 ranges and IPv4-mapped IPv6', () => {
		const list = parseAllowList('119.8.170.74, 114.119.180.30 10.1.0.0/16');
		if ('error' in list) throw new Error(list.error);
		expect(allowed(list, '119.8.170.74')).toBe(true);
		expect(allowed(list, '::ffff:114.119.180.30')).toBe(true);
		expect(allowed(list, '10.1.200.3')).toBe(true);
		expect(allowed(list, '10.2.0.1')).toBe(false);
		expect(allowed(list, '127.0.0.1')).toBe(false);
		expect(allowed(list, undefined)).toBe(false);
	});

	it('says what is wrong with a bad range', () => {
		expect(parseAllowList('10.0.0.0/33')).toEqual({ error: expect.stringContaining('10.0.0.0/33') });
		expect(parseAllowList('foo/8')).toEqual({ error: expect.stringContaining('foo/8') });
	});
});
