import { buildNotification, buildPlatform } from '../../nodes/EngageLab/actions/push/shared/notification';

describe('push platform', () => {
	it('reads all, a list, or comma text; the three platforms are "all"; Web is always "web"', () => {
		expect(buildPlatform('appPush', undefined)).toEqual({ ok: 'all' });
		expect(buildPlatform('appPush', ['ios', 'android', 'ios'])).toEqual({ ok: ['ios', 'android'] });
		expect(buildPlatform('appPush', 'android,ios,hmos')).toEqual({ ok: 'all' });
		expect(buildPlatform('webPush', ['android'])).toEqual({ ok: 'web' });
		expect(buildPlatform('appPush', ['web'])).toMatchObject({ problem: 'Unknown platform "web"' });
		expect(buildPlatform('appPush', [])).toMatchObject({ problem: 'No platform selected' });
	});
});

describe('push notification', () => {
	it('sends only the common alert when no platform has fields of its own', () => {
		expect(buildNotification('appPush', { platform: 'all', alert: 'Shipped' })).toEqual({
			ok: { platform: 'all', notification: { alert: 'Shipped' } },
		});
	});

	it('builds every Android, iOS and HarmonyOS field the form offers, with exact names', () => {
		const built = buildNotification(
			'appPush',
			{
				platform: 'all',
				alert: 'Your order shipped',
				android: { title: 'Shop', channelId: 'orders', priority: '1', bigText: 'Long text', intentUrl: 'shop://o/1' },
				ios: { title: 'Shop', subtitle: 'Order 1', sound: 'default', badge: '+1', threadId: 'orders', interruptionLevel: 'time-sensitive' },
				hmos: { title: 'Shop', category: 'EXPRESS', intentUrl: 'action.system.home' },
			},
			{ order: '1' },
		);
		expect(built).toEqual({
			ok: {
				platform: 'all',
				notification: {
					alert: 'Your order shipped',
					android: { title: 'Shop', channel_id: 'orders', priority: 1, style: 1, big_text: 'Long text', intent: { url: 'shop://o/1' }, extras: { order: '1' } },
					ios: { alert: { title: 'Shop', subtitle: 'Order 1', body: 'Your order shipped' }, sound: 'default', badge: '+1', 'thread-id': 'orders', 'interruption-level': 'time-sensitive', extras: { order: '1' } },
					hmos: { alert: 'Your order shipped', title: 'Shop', category: 'EXPRESS', intent: { url: 'action.system.home' }, extras: { order: '1' } },
				},
			},
		});
	});

	it('gives every selected platform a block when extras are set, and a big picture style 3', () => {
		const built = buildNotification('appPush', { platform: ['android', 'ios'], alert: 'a', android: { bigPicture: 'https://x/p.png' } }, { k: 'v' });
		expect(built).toEqual({
			ok: {
				platform: ['android', 'ios'],
				notification: { alert: 'a', android: { style: 3, big_pic_path: 'https://x/p.png', extras: { k: 'v' } }, ios: { extras: { k: 'v' } } },
			},
		});
	});

	it.each<[string, Parameters<typeof buildNotification>[1], string]>([
		['big text and big picture', { alert: 'a', android: { bigText: 't', bigPicture: 'https://x' } }, 'not both'],
		['a fractional priority', { alert: 'a', android: { priority: 1.5 } }, 'Android priority'],
		['a bad badge', { alert: 'a', ios: { badge: 'many' } }, 'iOS badge'],
		['an unknown interruption level', { alert: 'a', ios: { interruptionLevel: 'urgent' } }, 'interruption level'],
		['iOS fields without iOS selected', { platform: ['android'], alert: 'a', ios: { sound: 'x' } }, 'ios is not a selected platform'],
		['Web fields on App Push', { alert: 'a', web: { url: 'https://x' } }, 'App Push has no Web fields'],
		['no alert anywhere', { platform: ['android'] }, 'No alert for android'],
		['an iOS title without any alert text', { platform: ['ios'], ios: { title: 'T' } }, 'No alert for ios'],
	])('refuses %s', (_n, params, message) => {
		expect(buildNotification('appPush', params)).toMatchObject({ problem: expect.stringContaining(message) });
	});

	it('takes each platform\'s own alert when there is no common one', () => {
		expect(buildNotification('appPush', { platform: ['android', 'ios'], android: { alert: 'A' }, ios: { alert: 'I' } })).toEqual({
			ok: { platform: ['android', 'ios'], notification: { android: { alert: 'A' }, ios: { alert: 'I' } } },
		});
	});

	describe('Web Push', () => {
		it('builds alert, url, title, icon, image, extras and up to 2 buttons', () => {
			expect(
				buildNotification(
					'webPush',
					{ web: { alert: 'Sale', url: 'https://shop.example', title: 'Shop', icon: 'https://i', image: 'https://m', buttons: [{ text: 'Open', url: 'https://a' }, { id: 'b', text: 'Later' }] } },
					{ k: 'v' },
				),
			).toEqual({
				ok: {
					platform: 'web',
					notification: { web: { alert: 'Sale', url: 'https://shop.example', title: 'Shop', icon: 'https://i', image: 'https://m', extras: { k: 'v' } } },
					webButtons: [{ text: 'Open', url: 'https://a' }, { id: 'b', text: 'Later' }],
				},
			});
		});

		it.each<[string, Parameters<typeof buildNotification>[1], string]>([
			['no URL', { alert: 'a' }, 'click URL'],
			['a javascript: URL', { web: { alert: 'a', url: 'javascript:alert(1)' } }, 'click URL'],
			['no alert', { web: { url: 'https://x' } }, 'needs an alert'],
			['three buttons', { web: { alert: 'a', url: 'https://x', buttons: [{ text: '1' }, { text: '2' }, { text: '3' }] } }, 'at most 2'],
			['a button without text', { web: { alert: 'a', url: 'https://x', buttons: [{ url: 'https://y' }] } }, 'has no text'],
			['Android fields', { alert: 'a', android: { title: 't' }, web: { url: 'https://x' } }, 'Web Push has no android fields'],
		])('refuses %s', (_n, params, message) => {
			expect(buildNotification('webPush', params)).toMatchObject({ problem: expect.stringContaining(message) });
		});
	});
});
