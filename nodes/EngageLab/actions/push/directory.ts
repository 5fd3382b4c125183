/**
 * The device, tag and alias operations of App Push and Web Push (D20–D24), as entries of a
 * resource's Operation picker and its operations map. Names read the way n8n's nodes name theirs
 * (Get, Get Many, Update, Delete, then the thing).
 */
import type { INodePropertyOptions } from 'n8n-workflow';

import type { PushProduct } from '../../products/push/hosts';
import type { Operation } from '../types';
import { pushDeleteAlias } from './alias/deleteAlias.operation';
import { pushGetAliasDevices } from './alias/getAliasDevices.operation';
import { pushDeleteDevice } from './device/deleteDevice.operation';
import { pushGetDevice } from './device/getDevice.operation';
import { pushUpdateDevice } from './device/updateDevice.operation';
import { pushCountTagDevices } from './tag/countTagDevices.operation';
import { pushDeleteTag } from './tag/deleteTag.operation';
import { pushGetManyTags } from './tag/getManyTags.operation';
import { pushUpdateTagDevices } from './tag/updateTagDevices.operation';

type Entry = INodePropertyOptions & { value: string; action: string };

/** `an` for "an app push", `a` for "a web push". */
export function directoryEntries(product: PushProduct): Record<string, Entry> {
	const [one, many] = product === 'appPush' ? ['an app push', 'app push'] : ['a web push', 'web push'];
	const entry = (name: string, value: string, description: string, action: string): Entry => ({ name, value, description, action });
	return {
		countTagDevices: entry('Count Tag Devices', 'countTagDevices', 'How many devices of a platform have each tag', `Count devices of ${many} tags`),
		deleteAlias: entry('Delete Alias', 'deleteAlias', 'Take an alias off every device that has it', `Delete ${one} alias`),
		deleteDevice: entry('Delete Device', 'deleteDevice', 'Delete a device with its tags and alias, for good', `Delete ${one} device`),
		deleteTag: entry('Delete Tag', 'deleteTag', 'Remove a tag from every device that has it', `Delete ${one} tag`),
		getAliasDevices: entry('Get Alias Devices', 'getAliasDevices', 'The registration IDs of the devices with an alias', `Get devices of ${one} alias`),
		getDevice: entry('Get Device', 'getDevice', 'The tags and alias of a device, by registration ID', `Get ${one} device`),
		getManyTags: entry('Get Many Tags', 'getManyTags', 'Every tag the app\'s devices carry', `Get many ${many} tags`),
		updateDevice: entry('Update Device', 'updateDevice', 'Add or remove tags of a device, clear them, or set its alias', `Update ${one} device`),
		updateTagDevices: entry('Update Tag Devices', 'updateTagDevices', 'Add a tag to devices or remove it from them, by registration ID', `Update devices of ${one} tag`),
	};
}

export function directoryOperations(product: PushProduct, resource: string): Record<string, Operation> {
	return {
		countTagDevices: pushCountTagDevices(product, resource),
		deleteAlias: pushDeleteAlias(product, resource),
		deleteDevice: pushDeleteDevice(product, resource),
		deleteTag: pushDeleteTag(product, resource),
		getAliasDevices: pushGetAliasDevices(product, resource),
		getDevice: pushGetDevice(product, resource),
		getManyTags: pushGetManyTags(product, resource),
		updateDevice: pushUpdateDevice(product, resource),
		updateTagDevices: pushUpdateTagDevices(product, resource),
	};
}
