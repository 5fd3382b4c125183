import { buildPushBody, checkContentSize, forValidation } from '../../nodes/EngageLab/actions/push/shared/pushBody';

describe('push body', () => {
	it('puts to, body.platform, the content, options with the cid, request_id and custom_args where EngageLab reads them', () => {
		expect(
			buildPushBody('appPush', {
				to: { tag: ['vip'] },
				platform: ['android'],
				notification: { alert: 'a' },
				options: { time_to_live: 60 },
				cid: 'n8n-x',
				customArgs: { order: '1' },
				requestId: 'r1',
			}),
		).toEqual({
			ok: {
				to: { tag: ['vip'] },
				body: { platform: ['android'], notification: { alert: 'a' }, options: { time_to_live: 60, cid: 'n8n-x' } },
				request_id: 'r1',
				custom_args: { order: '1' },
			},
		});
		expect(buildPushBody('appPush', { to: 'all', platform: 'all', message: { msg_content: 'x' } })).toEqual({
			ok: { to: 'all', body: { platform: 'all', message: { msg_content: 'x' } } },
		});
	});

	it('refuses notification and message together, or neither', () => {
		expect(checkContentSize('appPush', { alert: 'a' }, { msg_content: 'b' })).toMatchObject({ problem: expect.stringContaining('not both') });
		expect(checkContentSize('webPush')).toHaveProperty('problem');
	});

	it('counts UTF-8 bytes of the JSON: 4000 allowed, 4001 refused; Web notifications 2048', () => {
		// {"alert":"…"} is 12 bytes around the text; "é" is 2 bytes.
		expect(checkContentSize('appPush', { alert: 'x'.repeat(3988) })).toEqual({ ok: true });
		expect(checkContentSize('appPush', { alert: 'x'.repeat(3989) })).toMatchObject({ problem: expect.stringContaining('4001 bytes') });
		expect(checkContentSize('appPush', { alert: 'é'.repeat(1995) })).toMatchObject({ problem: expect.stringContaining('4002 bytes') });
		expect(checkContentSize('webPush', { alert: 'x'.repeat(2036) })).toEqual({ ok: true });
		expect(checkContentSize('webPush', { alert: 'x'.repeat(2037) })).toMatchObject({ problem: expect.stringContaining('2049 bytes') });
		expect(checkContentSize('webPush', undefined, { msg_content: 'x'.repeat(3000) })).toEqual({ ok: true });
	});

	it('strips only the cid for Validate Only', () => {
		const body = { to: 'all', body: { platform: 'all', notification: { alert: 'a' }, options: { cid: 'c', time_to_live: 1 } } };
		expect(forValidation(body)).toEqual({ to: 'all', body: { platform: 'all', notification: { alert: 'a' }, options: { time_to_live: 1 } } });
		expect(forValidation({ to: 'all', body: { platform: 'all', options: { cid: 'c' } } })).toEqual({ to: 'all', body: { platform: 'all' } });
		expect(body.body.options.cid).toBe('c');
	});
});
