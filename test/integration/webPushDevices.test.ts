/**
 * Web Push → the Device, Tag and Alias operations (D24) against the push emulator in Web Push
 * mode: the device endpoints and the tag count (documented for Web) work as on App Push, with
 * `platform=web`; the endpoints only App Push documents answer a Web host's bare 404 with "not
 * available on this host" (nothing changed, not retried), and work where the host has them.
 */
import type { INodeListSearchResult } from 'n8n-workflow';

import { listSearch } from '../../nodes/EngageLab/methods/listSearch';
import { WEB_PUSH } from '../../nodes/EngageLab/products/push/webPush.product';
import { PushFixture } from '../support/inProcess/pushFixture';

const fx = new PushFixture(WEB_PUSH);
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(async () => await fx.restart());

const byName = (value: string) => ({ __rl: true, mode: 'name', value });
const sent = () => fx.emulator.requests.map((r) => `${r.method} ${r.path}${r.rawQuery ? `?${r.rawQuery}` : ''}`);
const onError = { onError: 'continueErrorOutput' as const };

function devices() {
	fx.emulator.addDevice('web0001', { tags: ['vip', 'beta'], alias: 'visitor_1' });
	fx.emulator.addDevice('web0002', { tags: ['vip'] });
}

it('Get, Update and Delete Device use the App paths on the Web host', async () => {
	devices();
	const got = await fx.run({ operation: 'getDevice', registrationId: 'web0001' });
	const updated = await fx.run({ operation: 'updateDevice', registrationId: 'web0001', updateFields: { removeTags: 'beta', alias: 'visitor_9' } });
	const deleted = await fx.run({ operation: 'deleteDevice', registrationId: 'web0002' });

	expect(sent()).toEqual(['GET /v4/devices/web0001', 'POST /v4/devices/web0001', 'DELETE /v4/devices/web0002']);
	expect(JSON.parse(fx.emulator.requests[1].body)).toEqual({ tags: { remove: ['beta'] }, alias: 'visitor_9' });
	expect(got.items[0].json).toEqual({ registration_id: 'web0001', tags: ['vip', 'beta'], alias: 'visitor_1' });
	expect(updated.items[0].json).toEqual({ registration_id: 'web0001', success: true });
	expect(deleted.items[0].json).toEqual({ registration_id: 'web0002', deleted: true });
});

it('Count Tag Devices asks platform=web and has no Platform field', async () => {
	devices();
	const result = await fx.run({ operation: 'countTagDevices', tags: byName('vip,beta'), platform: 'android' });

	expect(sent()).toEqual(['GET /v4/tags_count?tags=vip&tags=beta&platform=web']);
	expect(result.items.map((i) => i.json)).toEqual([
		{ tag: 'vip', platform: 'web', count: 2 },
		{ tag: 'beta', platform: 'web', count: 1 },
	]);
});

it.each([
	['getManyTags', 'Get Many Tags', {}, 'GET /v4/tags'],
	['updateTagDevices', 'Update Tag Devices', { tag: byName('vip'), addRegistrationIds: 'web0002' }, 'POST /v4/tags/vip'],
	['deleteTag', 'Delete Tag', { tag: byName('vip') }, 'DELETE /v4/tags/vip'],
	['getAliasDevices', 'Get Alias Devices', { alias: 'visitor_1' }, 'GET /v4/aliases/visitor_1'],
	['deleteAlias', 'Delete Alias', { alias: 'visitor_1' }, 'DELETE /v4/aliases/visitor_1'],
])('%s on a Web host without the endpoint: one request, "not available on this host", nothing changed', async (operation, name, parameters, request) => {
	devices();
	const result = await fx.run({ operation, ...parameters }, [{}], onError);

	expect(sent()).toEqual([request]);
	expect(result.items).toEqual([]);
	expect(JSON.stringify(result.errorItems[0].json)).toContain(`Web Push → ${name} is not available on this host`);
	expect(result.errorItems[0].pairedItem).toEqual({ item: 0 });
	expect(fx.emulator.devices.get('web0001')!.alias).toBe('visitor_1');
	expect([...fx.emulator.devices.get('web0001')!.tags]).toEqual(['vip', 'beta']);
});

it('where the Web host has the App endpoints, they work (no platform filter on Web)', async () => {
	await fx.restart({ webHasAppEndpoints: true });
	devices();
	const tags = await fx.run({ operation: 'getManyTags', returnAll: true });
	const alias = await fx.run({ operation: 'getAliasDevices', alias: 'visitor_1', platforms: ['ios'] });
	const deleted = await fx.run({ operation: 'deleteTag', tag: byName('beta'), platforms: ['ios'] });

	expect(sent()).toEqual(['GET /v4/tags', 'GET /v4/aliases/visitor_1', 'DELETE /v4/tags/beta']);
	expect(tags.items.map((i) => i.json.tag)).toEqual(['vip', 'beta']);
	expect(alias.items[0].json).toEqual({ alias: 'visitor_1', registration_ids: ['web0001'] });
	expect(deleted.items[0].json).toEqual({ tag: 'beta', deleted: true });
});

it('the tag picker explains a Web host without a tag list, and lists tags where there is one', async () => {
	await expect(listSearch.searchWebPushTags.call(fx.loadOptionsContext({ operation: 'deleteTag' }))).rejects.toThrow('This host has no tag list: type the tag By Name');

	await fx.restart({ webHasAppEndpoints: true });
	devices();
	const found = (await listSearch.searchWebPushTags.call(fx.loadOptionsContext({ operation: 'deleteTag' }), 'BET')) as INodeListSearchResult;
	expect(found.results).toEqual([{ name: 'beta', value: 'beta' }]);
});
