import {
	APP_PUSH_ERROR_CODES,
	isPushRateLimit,
	pushErrorInfo,
	WEB_PUSH_ERROR_CODES,
} from '../../nodes/EngageLab/products/push/errorTable';
import {
	APP_PUSH_HOST_OPTIONS,
	pushBaseUrlExpression,
	pushHost,
	stripPushBaseUrl,
	WEB_PUSH_HOST_OPTIONS,
} from '../../nodes/EngageLab/products/push/hosts';
import { CID_PATTERN, PUSH_LIMITS, TAG_ALIAS_PATTERN, utf8Bytes } from '../../nodes/EngageLab/products/push/limits';

describe('push hosts', () => {
	it('offers the six App Push and two Web Push data centers plus Custom', () => {
		expect(APP_PUSH_HOST_OPTIONS.map((o) => o.value)).toEqual(['singapore', 'virginia', 'frankfurt', 'hongKong', 'japan', 'brazil', 'custom']);
		expect(WEB_PUSH_HOST_OPTIONS.map((o) => o.value)).toEqual(['singapore', 'hongKong', 'custom']);
		expect(pushHost('appPush', 'frankfurt')).toBe('https://pushapi-defra.engagelab.com');
		expect(pushHost('webPush', 'hongKong')).toBe('https://webpushapi-hk.engagelab.com');
		expect(pushHost('webPush', 'virginia')).toBeUndefined();
		expect(pushHost('appPush', 'toString')).toBeUndefined();
	});

	it('strips a trailing / and one /v4 from a Custom URL (the legacy Web base has it)', () => {
		expect(stripPushBaseUrl(' https://webpush.api.engagelab.cc/v4/ ')).toBe('https://webpush.api.engagelab.cc');
		expect(stripPushBaseUrl('https://proxy.example/v4/v4')).toBe('https://proxy.example/v4');
		expect(stripPushBaseUrl('http://127.0.0.1:8080')).toBe('http://127.0.0.1:8080');
	});

	it('resolves the credential-test expression the same way', () => {
		const expr = pushBaseUrlExpression('webPush').replace(/^=\{\{(.*)\}\}$/, '$1');
		const evaluate = (credentials: Record<string, string>) => new Function('$credentials', `return ${expr}`)(credentials) as string;
		expect(evaluate({ host: 'hongKong' })).toBe('https://webpushapi-hk.engagelab.com');
		expect(evaluate({ host: 'custom', baseUrl: 'https://webpush.api.engagelab.cc/v4/' })).toBe('https://webpush.api.engagelab.cc');
		expect(evaluate({ host: 'gone' })).toBe('https://webpushapi-sgp.engagelab.com');
	});
});

describe('push error table', () => {
	it('has every documented code with English text and what to check', () => {
		const documented = [20101, 21001, 21002, 21003, 21004, 21005, 21008, 21009, 21011, 21015, 21016, 21030, 21038, 21050, 21051, 21052, 21053, 21054, 21055, 21056, 21057, 21058, 21059, 21306, 23003, 23006, 23008, 23009, 27000, 27001, 27002, 27008, 27009, 27303];
		expect(Object.keys(APP_PUSH_ERROR_CODES).map(Number).sort()).toEqual(documented.sort());
		for (const info of [...Object.values(APP_PUSH_ERROR_CODES), ...Object.values(WEB_PUSH_ERROR_CODES)]) {
			expect(info.meaning).toMatch(/^[A-Z]/);
			expect(info.check).toMatch(/[.!]$/);
		}
	});

	it('flags 23008 as the rate limit, 21030 and 27000 as transient, the key-pair codes as credential', () => {
		expect(APP_PUSH_ERROR_CODES[23008]).toMatchObject({ rateLimit: true, transient: true, httpStatus: 400 });
		expect(Object.entries(APP_PUSH_ERROR_CODES).filter(([, i]) => i.transient).map(([c]) => c)).toEqual(['21030', '23008', '27000']);
		expect(Object.entries(APP_PUSH_ERROR_CODES).filter(([, i]) => i.credential).map(([c]) => c)).toEqual(['21004', '21008', '21038', '23009', '27001']);
		expect(APP_PUSH_ERROR_CODES[21009].transient).toBeUndefined();
	});

	it('treats 23008 under any status and a bare 429 as the rate limit', () => {
		expect([isPushRateLimit(400, 23008), isPushRateLimit(429, undefined), isPushRateLimit(200, 23008), isPushRateLimit(400, 21003)]).toEqual([true, true, true, false]);
	});

	it('gives Web Push its own table (1003, no App-only codes) and still reads the others', () => {
		expect(WEB_PUSH_ERROR_CODES[1003]).toBeDefined();
		expect(WEB_PUSH_ERROR_CODES[21306]).toBeUndefined();
		expect(APP_PUSH_ERROR_CODES[1003]).toBeUndefined();
		expect(pushErrorInfo('webPush', 21306)?.meaning).toContain('cannot be pushed together');
		expect(pushErrorInfo('appPush', 1003)?.meaning).toBe('Invalid message override');
		expect(pushErrorInfo('appPush', 99999)).toBeUndefined();
	});
});

describe('push limits', () => {
	it('holds the documented numbers', () => {
		expect([PUSH_LIMITS.batchTargets, PUSH_LIMITS.statsMessageIds, PUSH_LIMITS.audienceRegistrationIds, PUSH_LIMITS.requestsPerSecond]).toEqual([500, 100, 1000, 500]);
		expect(PUSH_LIMITS.cidWindowMs - PUSH_LIMITS.cidRetryWindowMs).toBe(5 * 60_000);
	});

	it('counts UTF-8 bytes like Buffer, emoji and lone surrogates included', () => {
		for (const s of ['abc', 'é', '标签', '😀', '\ud800', '']) expect(utf8Bytes(s)).toBe(Buffer.byteLength(s, 'utf8'));
	});

	it('matches cids and tag characters as documented', () => {
		expect(CID_PATTERN.test('a'.repeat(64))).toBe(true);
		expect(CID_PATTERN.test('a'.repeat(65))).toBe(false);
		expect(TAG_ALIAS_PATTERN.test('vip_标签.1@x')).toBe(true);
		expect(TAG_ALIAS_PATTERN.test('a b')).toBe(false);
		expect(TAG_ALIAS_PATTERN.test('a/b')).toBe(false);
		// `|` is in EngageLab's client SDKs' list (D20); `-` is in no source's.
		expect(TAG_ALIAS_PATTERN.test('vip|gold')).toBe(true);
		expect(TAG_ALIAS_PATTERN.test('vip-gold')).toBe(false);
	});
});
