import { buildCustomArgs, buildOptions, rowsToObject } from '../../nodes/EngageLab/actions/push/shared/options';
import { JsonLong, stringifyWithLongs } from '../../nodes/EngageLab/transport/longJson';

const wrap = (digits: string) => new JsonLong(digits);

describe('push options', () => {
	it('sends nothing when nothing is set (EngageLab\'s defaults apply)', () => {
		expect(buildOptions('appPush', { iosEnvironment: 'default' }, wrap)).toEqual({ ok: {} });
	});

	it('builds time_to_live, apns_production, big_push_duration and override_msg_id as exact int64', () => {
		const built = buildOptions('appPush', { timeToLive: '0', iosEnvironment: 'development', bigPushDuration: 1440, overrideMsgId: '1666165485030094861' }, wrap);
		expect('ok' in built && stringifyWithLongs(built.ok)).toBe(
			'{"time_to_live":0,"apns_production":false,"big_push_duration":1440,"override_msg_id":1666165485030094861}',
		);
		expect(buildOptions('appPush', { iosEnvironment: 'production' }, wrap)).toEqual({ ok: { apns_production: true } });
	});

	it.each<[string, Parameters<typeof buildOptions>[0], Parameters<typeof buildOptions>[1], string]>([
		['a negative TTL', 'appPush', { timeToLive: -1 }, 'Time To Live'],
		['a fractional TTL', 'appPush', { timeToLive: 1.5 }, 'Time To Live'],
		['a Web TTL over 15 days', 'webPush', { timeToLive: 15 * 86400 + 1 }, 'Time To Live'],
		['a big-push duration of 1441', 'appPush', { bigPushDuration: 1441 }, 'Big Push Duration'],
		['a big-push duration of 0', 'appPush', { bigPushDuration: 0 }, 'Big Push Duration'],
		['an override ID rounded by JavaScript', 'appPush', { overrideMsgId: 1666165485030094861 }, 'too large to be exact'],
		['an override ID with letters', 'appPush', { overrideMsgId: '16x' }, 'digits only'],
		['an iOS environment on Web Push', 'webPush', { iosEnvironment: 'production' }, 'no iOS environment'],
		['a distribution on App Push', 'appPush', { webDistribution: 'mtpush' }, 'Web Push option'],
		['an unknown distribution', 'webPush', { webDistribution: 'fcm' }, 'Unknown distribution'],
	])('refuses %s', (_n, product, params, message) => {
		expect(buildOptions(product, params, wrap)).toMatchObject({ problem: expect.stringContaining(message) });
	});

	it('takes a Web TTL of exactly 15 days, the distribution and the buttons', () => {
		expect(buildOptions('webPush', { timeToLive: 15 * 86400, webDistribution: 'secondary_push' }, wrap, [{ text: 'Open' }])).toEqual({
			ok: { time_to_live: 1296000, third_party_channel: { w3push: { distribution: 'secondary_push' } }, web_buttons: [{ text: 'Open' }] },
		});
	});
});

describe('push key/value rows', () => {
	it('makes an object of strings, skipping empty rows', () => {
		expect(rowsToObject([{ key: 'a', value: 1 }, { key: '', value: '' }, { key: 'b', value: { x: 1 } }], 'Extras')).toEqual({ ok: { a: '1', b: '{"x":1}' } });
	});

	it('refuses a key given twice or a value without a key', () => {
		expect(rowsToObject([{ key: 'a', value: '1' }, { key: 'a', value: '2' }], 'Extras')).toMatchObject({ problem: 'Extras: key "a" is set twice' });
		expect(rowsToObject([{ key: '', value: 'x' }], 'Extras')).toHaveProperty('problem');
	});

	it('keeps custom_args as an object within 128 characters of JSON', () => {
		expect(buildCustomArgs([])).toEqual({ ok: undefined });
		expect(buildCustomArgs([{ key: 'order', value: '1' }])).toEqual({ ok: { order: '1' } });
		// {"k":"…"} is 8 characters around the value.
		expect(buildCustomArgs([{ key: 'k', value: 'v'.repeat(120) }])).toHaveProperty('ok');
		expect(buildCustomArgs([{ key: 'k', value: 'v'.repeat(121) }])).toMatchObject({ problem: expect.stringContaining('129 characters') });
	});
});
