/**
 * App Push → the Device, Tag and Alias operations (decisions D20–D23) against the strict push
 * emulator, through n8n-core's real request helpers: each operation's exact request and output,
 * both error styles, bad input refused before sending, faults (every call is idempotent, so
 * retried), a repeated delete that finds the thing gone read as done, continue on fail, Stop,
 * and the tag picker's list search through n8n's load-options context.
 */
import type { INodeListSearchResult } from 'n8n-workflow';

import { listSearch } from '../../nodes/EngageLab/methods/listSearch';
import { APP_PUSH } from '../../nodes/EngageLab/products/push/appPush.product';
import { PushFixture } from '../support/inProcess/pushFixture';

const fx = new PushFixture(APP_PUSH);
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(async () => await fx.restart());

const byName = (value: string) => ({ __rl: true, mode: 'name', value });
const fromList = (value: string) => ({ __rl: true, mode: 'list', value });
const sent = () => fx.emulator.requests.map((r) => `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`);
const errorText = (result: Awaited<ReturnType<typeof fx.run>>, k = 0) => JSON.stringify(result.errorItems[k].json);
const onError = { onError: 'continueErrorOutput' as const };

function devices() {
	fx.emulator.addDevice('1a0018970ab49abda3e', { tags: ['vip', 'beta'], alias: 'customer_1042' });
	fx.emulator.addDevice('100d85590955c1d2793', { platform: 'ios', tags: ['vip'] });
	fx.emulator.addDevice('dev/#?', { tags: ['vip#1'] });
}

describe('App Push → Get Device', () => {
	it('GETs /v4/devices/{id} (encoded) and outputs the registration ID with the tags and alias', async () => {
		devices();
		const result = await fx.run({ operation: 'getDevice', registrationId: '={{ $json.id }}' }, [{ id: '1a0018970ab49abda3e' }, { id: 'dev/#?' }]);

		expect(sent()).toEqual(['GET /v4/devices/1a0018970ab49abda3e', 'GET /v4/devices/dev%2F%23%3F']);
		expect(result.items).toEqual([
			{ json: { registration_id: '1a0018970ab49abda3e', tags: ['vip', 'beta'], alias: 'customer_1042' }, pairedItem: { item: 0 } },
			{ json: { registration_id: 'dev/#?', tags: ['vip#1'], alias: '' }, pairedItem: { item: 1 } },
		]);
	});

	it.each(['nested', 'flat'] as const)('an unknown device is 21003 on the error output (%s error style)', async (errorStyle) => {
		await fx.restart({ errorStyle });
		const result = await fx.run({ operation: 'getDevice', registrationId: 'nope' }, [{}], onError);

		expect(result.items).toEqual([]);
		expect(errorText(result)).toContain('EngageLab App Push error 21003');
		expect(result.errorItems[0].pairedItem).toEqual({ item: 0 });
	});

	it('refuses an empty registration ID before sending; the other items go on (continue on fail)', async () => {
		devices();
		const result = await fx.run({ operation: 'getDevice', registrationId: '={{ $json.id }}' }, [{ id: ' ' }, { id: '1a0018970ab49abda3e' }], onError);

		expect(sent()).toEqual(['GET /v4/devices/1a0018970ab49abda3e']);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
		expect(errorText(result)).toContain('Registration ID is empty');
		expect(result.errorItems[0].pairedItem).toEqual({ item: 0 });
	});

	it('is retried after a reset, an HTTP 503 and a 23008 (a read)', async () => {
		devices();
		fx.emulator.fault({ kind: 'resetBeforeApply', path: '/v4/devices' });
		fx.emulator.fault({ kind: 'status', status: 503, path: '/v4/devices' });
		fx.emulator.forceRateLimit(1);
		const result = await fx.run({ operation: 'getDevice', registrationId: '1a0018970ab49abda3e', options: { maxAttempts: 4 } });

		expect(result.error).toBeUndefined();
		expect(sent()).toHaveLength(4);
		expect(result.items[0].json.registration_id).toBe('1a0018970ab49abda3e');
	});
});

describe('App Push → Update Device', () => {
	it('POSTs the tags to add and remove and the alias, and the device has them', async () => {
		devices();
		const result = await fx.run({
			operation: 'updateDevice',
			registrationId: '1a0018970ab49abda3e',
			updateFields: { addTags: 'gold, new', removeTags: 'beta', alias: 'customer_7' },
		});

		const request = fx.emulator.requests[0];
		expect([request.method, request.path, JSON.parse(request.body)]).toEqual([
			'POST',
			'/v4/devices/1a0018970ab49abda3e',
			{ tags: { add: ['gold', 'new'], remove: ['beta'] }, alias: 'customer_7' },
		]);
		expect(result.items).toEqual([{ json: { registration_id: '1a0018970ab49abda3e', success: true }, pairedItem: { item: 0 } }]);
		const device = fx.emulator.devices.get('1a0018970ab49abda3e')!;
		expect([[...device.tags].sort(), device.alias]).toEqual([['gold', 'new', 'vip'], 'customer_7']);
	});

	it('Clear All Tags sends "tags": ""', async () => {
		devices();
		await fx.run({ operation: 'updateDevice', registrationId: '1a0018970ab49abda3e', updateFields: { clearTags: true } });

		expect(JSON.parse(fx.emulator.requests[0].body)).toEqual({ tags: '' });
		expect(fx.emulator.devices.get('1a0018970ab49abda3e')!.tags.size).toBe(0);
	});

	it.each([
		[{ clearTags: true, addTags: 'x' }, 'Clear All Tags is set together'],
		[{}, 'Nothing to update'],
		[{ addTags: 'a b' }, 'characters EngageLab does not allow'],
		[{ addTags: 'x'.repeat(41) }, 'longer than 40 bytes'],
		[{ addTags: 'x', removeTags: 'x' }, 'both added and removed'],
		[{ alias: 'a/b' }, 'characters EngageLab does not allow'],
	])('refuses %j before sending', async (updateFields, message) => {
		const result = await fx.run({ operation: 'updateDevice', registrationId: '1a0018970ab49abda3e', updateFields }, [{}], onError);

		expect(fx.emulator.requests).toHaveLength(0);
		expect(errorText(result)).toContain(message);
	});

	it('sends a tag and an alias with `|` (EngageLab\'s client SDKs allow it), and refuses `-` (no source does)', async () => {
		devices();
		const result = await fx.run({ operation: 'updateDevice', registrationId: '1a0018970ab49abda3e', updateFields: { addTags: 'vip|gold', alias: 'shop|1042' } });

		expect(result.error).toBeUndefined();
		expect(JSON.parse(fx.emulator.requests[0].body)).toEqual({ tags: { add: ['vip|gold'] }, alias: 'shop|1042' });
		expect(fx.emulator.devices.get('1a0018970ab49abda3e')!.tags.has('vip|gold')).toBe(true);

		const dash = await fx.run({ operation: 'updateDevice', registrationId: '1a0018970ab49abda3e', updateFields: { addTags: 'vip-gold' } }, [{}], onError);
		expect(fx.emulator.requests).toHaveLength(1);
		expect(errorText(dash)).toContain('characters EngageLab does not allow');
	});

	it('is retried after a reset after applying (set semantics: the same state twice)', async () => {
		devices();
		fx.emulator.fault({ kind: 'resetAfterApply', path: '/v4/devices' });
		const result = await fx.run({ operation: 'updateDevice', registrationId: '1a0018970ab49abda3e', updateFields: { addTags: 'gold' } });

		expect(result.error).toBeUndefined();
		expect(sent()).toEqual(['POST /v4/devices/1a0018970ab49abda3e', 'POST /v4/devices/1a0018970ab49abda3e']);
		expect([...fx.emulator.devices.get('1a0018970ab49abda3e')!.tags].sort()).toEqual(['beta', 'gold', 'vip']);
	});

	it('a device over 100 tags is EngageLab\'s 21003, on the error output', async () => {
		devices();
		const addTags = Array.from({ length: 100 }, (_, i) => `t${i}`).join(',');
		const result = await fx.run({ operation: 'updateDevice', registrationId: '1a0018970ab49abda3e', updateFields: { addTags } }, [{}], onError);

		expect(errorText(result)).toContain('21003');
	});
});

describe('App Push → Delete Device', () => {
	it('DELETEs /v4/devices/{id} and outputs deleted: true (empty, "success" and {} answers alike)', async () => {
		for (const voidAnswer of ['empty', 'success', 'json'] as const) {
			await fx.restart({ voidAnswer });
			devices();
			const result = await fx.run({ operation: 'deleteDevice', registrationId: '1a0018970ab49abda3e' });

			expect(sent()).toEqual(['DELETE /v4/devices/1a0018970ab49abda3e']);
			expect(result.items).toEqual([{ json: { registration_id: '1a0018970ab49abda3e', deleted: true }, pairedItem: { item: 0 } }]);
			expect(fx.emulator.devices.has('1a0018970ab49abda3e')).toBe(false);
		}
	});

	it('a repeat after a reset that finds the device gone (21003) reads as done by the first attempt', async () => {
		devices();
		fx.emulator.fault({ kind: 'resetAfterApply', path: '/v4/devices' });
		const result = await fx.run({ operation: 'deleteDevice', registrationId: '1a0018970ab49abda3e' });

		expect(sent()).toHaveLength(2);
		expect(result.items[0].json).toEqual({ registration_id: '1a0018970ab49abda3e', deleted: true, note: expect.stringContaining('earlier attempt') });
	});

	it('a first answer of 21003 (no such device) is an error, not "done"', async () => {
		const result = await fx.run({ operation: 'deleteDevice', registrationId: 'nope' }, [{}], onError);

		expect(sent()).toHaveLength(1);
		expect(errorText(result)).toContain('21003');
	});

	it('27002 is repeated up to Max Attempts (D9), and the repeat that finds it gone is done', async () => {
		devices();
		fx.emulator.fault({ kind: 'status', status: 500, code: 27002, path: '/v4/devices' });
		const result = await fx.run({ operation: 'deleteDevice', registrationId: '1a0018970ab49abda3e', options: { maxAttempts: 2 } });

		expect(result.error).toBeUndefined();
		expect(sent()).toHaveLength(2);
		expect(result.items[0].json.deleted).toBe(true);

		fx.emulator.fault({ kind: 'status', status: 500, code: 27002, path: '/v4/devices', times: 5 });
		const failed = await fx.run({ operation: 'deleteDevice', registrationId: '100d85590955c1d2793', options: { maxAttempts: 3 } }, [{}], onError);
		expect(sent()).toHaveLength(5);
		expect(errorText(failed)).toContain('27002');
	});

	it('27002 is repeated after the backoff of the transport\'s retries: each wait longer than the one before (virtual clock)', async () => {
		devices();
		fx.emulator.fault({ kind: 'status', status: 500, code: 27002, path: '/v4/devices', times: 3 });
		const result = await fx.run({ operation: 'deleteDevice', registrationId: '1a0018970ab49abda3e', options: { maxAttempts: 4, retryDelay: 1000 } });

		expect(result.items[0].json.deleted).toBe(true);
		expect(sent()).toHaveLength(4);
		// Retry Delay, doubled for each repeat, half of it fixed and half jitter: 0.5–1 s, 1–2 s, 2–4 s.
		const [first, second, third] = fx.timing.waits;
		expect(fx.timing.waits).toHaveLength(3);
		expect([first >= 500 && first <= 1000, second >= 1000 && second <= 2000, third >= 2000 && third <= 4000]).toEqual([true, true, true]);
		expect(first < second && second < third).toBe(true);
	});
});

describe('App Push → Get Many Tags', () => {
	it('one item per tag; Limit cuts the one answer, Return All keeps it whole', async () => {
		devices();
		const limited = await fx.run({ operation: 'getManyTags', limit: 2 });
		const all = await fx.run({ operation: 'getManyTags', returnAll: true });

		expect(sent()).toEqual(['GET /v4/tags', 'GET /v4/tags']);
		expect(limited.items).toEqual([
			{ json: { tag: 'vip' }, pairedItem: { item: 0 } },
			{ json: { tag: 'beta' }, pairedItem: { item: 0 } },
		]);
		expect(all.items.map((i) => i.json.tag)).toEqual(['vip', 'beta', 'vip#1']);
	});

	it('refuses a Limit of 0 before sending', async () => {
		const result = await fx.run({ operation: 'getManyTags', limit: 0 }, [{}], onError);
		expect(fx.emulator.requests).toHaveLength(0);
		expect(errorText(result)).toContain('Limit 0');
	});
});

describe('App Push → Update Tag Devices', () => {
	it('POSTs /v4/tags/{tag} with 1000 IDs per list per request and counts what it sent', async () => {
		const ids = Array.from({ length: 2500 }, (_, i) => `r${String(i).padStart(5, '0')}`);
		for (const id of ids) fx.emulator.addDevice(id, { tags: ['old'] });
		const result = await fx.run({
			operation: 'updateTagDevices',
			tag: byName('vip#1'),
			addRegistrationIds: '={{ $json.add.join(",") }}',
			removeRegistrationIds: 'r00000',
		}, [{ add: ids.slice(1) }]);

		expect(sent()).toEqual(Array(3).fill('POST /v4/tags/vip%231'));
		const bodies = fx.emulator.requests.map((r) => JSON.parse(r.body) as { registration_ids: { add?: string[]; remove?: string[] } });
		expect(bodies.map((b) => [b.registration_ids.add?.length, b.registration_ids.remove?.length])).toEqual([
			[1000, 1],
			[1000, undefined],
			[499, undefined],
		]);
		expect(result.items).toEqual([{ json: { tag: 'vip#1', added: 2499, removed: 1 }, pairedItem: { item: 0 } }]);
		expect(fx.emulator.devices.get('r02499')!.tags.has('vip#1')).toBe(true);
	});

	it('refuses no IDs, an ID in both lists, and a bad tag before sending', async () => {
		const result = await fx.run(
			{ operation: 'updateTagDevices', tag: '={{ $json.tag }}', addRegistrationIds: '={{ $json.add }}', removeRegistrationIds: '={{ $json.remove }}' },
			[{ tag: 'vip', add: '', remove: '' }, { tag: 'vip', add: 'a', remove: 'a' }, { tag: 'a,b', add: 'a', remove: '' }],
			onError,
		);

		expect(fx.emulator.requests).toHaveLength(0);
		expect(result.errorItems.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect([errorText(result, 0), errorText(result, 1), errorText(result, 2)]).toEqual([
			expect.stringContaining('No registration IDs'),
			expect.stringContaining('both added and removed'),
			expect.stringContaining('characters EngageLab does not allow'),
		]);
	});

	it('an unknown registration ID is 21003; a later chunk\'s error says the earlier chunks were applied', async () => {
		const ids = Array.from({ length: 1001 }, (_, i) => `r${i}`);
		for (const id of ids.slice(0, 1000)) fx.emulator.addDevice(id);
		const result = await fx.run({ operation: 'updateTagDevices', tag: fromList('vip'), addRegistrationIds: ids.join(',') }, [{}], onError);

		expect(sent()).toHaveLength(2);
		expect(errorText(result)).toContain('21003');
		expect(errorText(result)).toContain('1000 registration IDs were added and 0 removed by the earlier requests');
	});
});

describe('App Push → Delete Tag', () => {
	it('DELETEs /v4/tags/{tag}, with ?platform=a,b when platforms are chosen', async () => {
		devices();
		const result = await fx.run({ operation: 'deleteTag', tag: '={{ $json.tag }}', platforms: '={{ $json.platforms }}' }, [
			{ tag: 'vip', platforms: ['ios', 'android'] },
			{ tag: 'beta', platforms: [] },
		]);

		expect(sent()).toEqual(['DELETE /v4/tags/vip?platform=ios,android', 'DELETE /v4/tags/beta']);
		expect(result.items.map((i) => i.json)).toEqual([
			{ tag: 'vip', deleted: true },
			{ tag: 'beta', deleted: true },
		]);
	});

	it('refuses an unknown platform before sending', async () => {
		const result = await fx.run({ operation: 'deleteTag', tag: byName('vip'), platforms: '={{ ["web"] }}' }, [{}], onError);
		expect(fx.emulator.requests).toHaveLength(0);
		expect(errorText(result)).toContain('is not one of android');
	});

	it('a repeat after a reset finds the tag gone (21003): done, with a note', async () => {
		devices();
		fx.emulator.fault({ kind: 'resetAfterApply', path: '/v4/tags' });
		const result = await fx.run({ operation: 'deleteTag', tag: byName('beta') });

		expect(sent()).toEqual(['DELETE /v4/tags/beta', 'DELETE /v4/tags/beta']);
		expect(result.items[0].json).toEqual({ tag: 'beta', deleted: true, note: expect.stringContaining('earlier attempt') });
	});

	it('an unknown tag on the first attempt is an error (flat error style too)', async () => {
		await fx.restart({ errorStyle: 'flat' });
		const result = await fx.run({ operation: 'deleteTag', tag: byName('nope') }, [{}], onError);
		expect(errorText(result)).toContain('EngageLab App Push error 21003');
	});
});

describe('App Push → Count Tag Devices', () => {
	it('asks repeated tags= with one platform, one item per tag (0 for a tag nobody has)', async () => {
		devices();
		const result = await fx.run({ operation: 'countTagDevices', tags: byName('vip, beta, none'), platform: 'android' });

		expect(sent()).toEqual(['GET /v4/tags_count?tags=vip&tags=beta&tags=none&platform=android']);
		expect(result.items.map((i) => i.json)).toEqual([
			{ tag: 'vip', platform: 'android', count: 1 },
			{ tag: 'beta', platform: 'android', count: 1 },
			{ tag: 'none', platform: 'android', count: 0 },
		]);
		expect(result.items.every((i) => i.pairedItem && (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('asks 1000 tags per request', async () => {
		const tags = Array.from({ length: 1001 }, (_, i) => `t${i}`).join(',');
		const result = await fx.run({ operation: 'countTagDevices', tags: byName(tags), platform: 'ios' });

		expect(fx.emulator.requests.map((r) => r.query.getAll('tags').length)).toEqual([1000, 1]);
		expect(result.items).toHaveLength(1001);
	});

	it('on a host that reads only tags=a,b: falls back once, then keeps that form for the run', async () => {
		await fx.restart({ tagCountForm: 'comma' });
		devices();
		const result = await fx.run(
			{ operation: 'countTagDevices', tags: '={{ $json.tags }}', platform: 'android', options: { concurrencyMode: 'fixed', concurrency: 1 } },
			[{ tags: 'vip,beta' }, { tags: 'vip,none' }, { tags: 'vip' }],
		);

		expect(sent()).toEqual([
			'GET /v4/tags_count?tags=vip&tags=beta&platform=android',
			'GET /v4/tags_count?tags=vip,beta&platform=android',
			'GET /v4/tags_count?tags=vip,none&platform=android',
			'GET /v4/tags_count?tags=vip&platform=android',
		]);
		expect(result.items.map((i) => [i.json.tag, i.json.count])).toEqual([
			['vip', 1],
			['beta', 1],
			['vip', 1],
			['none', 0],
			['vip', 1],
		]);
	});

	it('when the older form is refused too, the documented form\'s error is shown', async () => {
		fx.emulator.fault({ kind: 'status', status: 400, code: 21016, path: '/v4/tags_count' });
		fx.emulator.fault({ kind: 'status', status: 400, code: 21003, path: '/v4/tags_count' });
		const result = await fx.run({ operation: 'countTagDevices', tags: byName('vip,beta'), platform: 'android' }, [{}], onError);

		expect(sent()).toHaveLength(2);
		expect(errorText(result)).toContain('21016');
	});

	it('refuses no tag and a bad platform before sending', async () => {
		const result = await fx.run({ operation: 'countTagDevices', tags: '={{ $json.tags }}', platform: '={{ $json.platform }}' }, [
			{ tags: ' , ', platform: 'android' },
			{ tags: 'vip', platform: 'web' },
		], onError);

		expect(fx.emulator.requests).toHaveLength(0);
		expect([errorText(result, 0), errorText(result, 1)]).toEqual([expect.stringContaining('No tag to count'), expect.stringContaining('is not one of android')]);
	});
});

describe('App Push → Get Alias Devices and Delete Alias', () => {
	it('Get Alias Devices GETs /v4/aliases/{alias}[?platform=…] and outputs the registration IDs as sent', async () => {
		devices();
		const result = await fx.run({ operation: 'getAliasDevices', alias: '={{ $json.alias }}', platforms: '={{ $json.platforms }}' }, [
			{ alias: 'customer_1042', platforms: [] },
			{ alias: 'customer_1042', platforms: ['ios'] },
		]);

		expect(sent()).toEqual(['GET /v4/aliases/customer_1042', 'GET /v4/aliases/customer_1042?platform=ios']);
		expect(result.items.map((i) => i.json)).toEqual([
			{ alias: 'customer_1042', registration_ids: ['1a0018970ab49abda3e'] },
			{ alias: 'customer_1042', registration_ids: [] },
		]);
	});

	it('Delete Alias DELETEs it; a repeat after a reset that finds it gone is done', async () => {
		devices();
		fx.emulator.fault({ kind: 'resetAfterApply', path: '/v4/aliases' });
		const result = await fx.run({ operation: 'deleteAlias', alias: 'customer_1042', platforms: ['android'] });

		expect(sent()).toEqual(['DELETE /v4/aliases/customer_1042?platform=android', 'DELETE /v4/aliases/customer_1042?platform=android']);
		expect(result.items[0].json).toEqual({ alias: 'customer_1042', deleted: true, note: expect.stringContaining('earlier attempt') });
		expect(fx.emulator.devices.get('1a0018970ab49abda3e')!.alias).toBeUndefined();
	});

	it('Delete Alias of an unknown alias is 21003 on the error output; an alias over 40 bytes is refused before sending', async () => {
		const result = await fx.run({ operation: 'deleteAlias', alias: '={{ $json.alias }}' }, [{ alias: 'nobody' }, { alias: 'é'.repeat(21) }], onError);

		expect(sent()).toEqual(['DELETE /v4/aliases/nobody']);
		expect(errorText(result, 0)).toContain('21003');
		expect(errorText(result, 1)).toContain('longer than 40 bytes');
	});

	it('without continue on fail, the first failed item stops the run with its error', async () => {
		const result = await fx.run({ operation: 'getAliasDevices', alias: '={{ $json.alias }}' }, [{ alias: 'bad alias' }, { alias: 'x' }]);
		expect((result.error as { message?: string } | undefined)?.message).toContain('characters EngageLab does not allow');
		expect(fx.emulator.requests).toHaveLength(0);
	});
});

describe('App Push tag picker (list search)', () => {
	it('lists the app\'s tags from GET /v4/tags, filtered case-insensitively', async () => {
		devices();
		fx.emulator.addDevice('x', { tags: ['VIP-Gold'] });
		const ctx = fx.loadOptionsContext({ operation: 'deleteTag' });
		const all = (await listSearch.searchAppPushTags.call(ctx)) as INodeListSearchResult;
		const some = (await listSearch.searchAppPushTags.call(ctx, 'vIp')) as INodeListSearchResult;

		expect(all.results.map((r) => r.value)).toEqual(['beta', 'vip', 'VIP-Gold', 'vip#1']);
		expect(some.results).toEqual([
			{ name: 'vip', value: 'vip' },
			{ name: 'VIP-Gold', value: 'VIP-Gold' },
			{ name: 'vip#1', value: 'vip#1' },
		]);
		expect(sent()).toEqual(['GET /v4/tags', 'GET /v4/tags']);
	});

	it('a tag picked in Send\'s audience is sent as the tag, and a comma-separated expression still works', async () => {
		devices();
		const send = { operation: 'send', audience: 'custom', content: 'notification', alert: 'Hi' };
		await fx.run({ ...send, audienceFilters: { tags: fromList('vip'), tagsAnd: byName('vip, beta'), tagsNot: '={{ "gold,new" }}' } });

		expect(JSON.parse(fx.emulator.requests[0].body).to).toEqual({ tag: ['vip'], tag_and: ['vip', 'beta'], tag_not: ['gold', 'new'] });
	});
});

describe('App Push devices, tags, aliases: Stop and the credential', () => {
	it('nothing is sent after Stop, even a delete waiting out a rate limit', async () => {
		devices();
		fx.emulator.forceRateLimit(1);
		let stop = () => {};
		fx.timing.onWait = () => stop();
		const result = await fx.run({ operation: 'deleteTag', tag: '={{ $json.tag }}', options: { concurrency: 1 } }, [{ tag: 'vip' }, { tag: 'beta' }, { tag: 'vip#1' }], {
			onStarted: (cancel) => (stop = cancel),
		});

		expect(fx.emulator.requests.map((r) => r.status)).toEqual([400]);
		expect([...fx.emulator.devices.get('1a0018970ab49abda3e')!.tags]).toEqual(['vip', 'beta']);
		expect(result.status).not.toBe('success');
	});

	it.each(['nested', 'flat'] as const)('a wrong Master Secret is 21004 in English, and the secret appears nowhere (%s)', async (errorStyle) => {
		await fx.restart({ errorStyle });
		fx.useCredentials({ ...fx.credentials, masterSecret: 'wrong-secret-123' });
		const result = await fx.run({ operation: 'getDevice', registrationId: 'x' }, [{}], { continueOnFail: true });

		expect(JSON.stringify(result.items)).toContain('EngageLab App Push error 21004');
		expect(JSON.stringify(result.items)).not.toContain('wrong-secret-123');
		expect(JSON.stringify(result.items)).not.toContain(Buffer.from(`${fx.emulator.options.appKey}:wrong-secret-123`).toString('base64'));
	});
});
