/**
 * App Push / Web Push → Update Device (`POST /v4/devices/{registration_id}`, D21): add and remove
 * tags, or clear them all, and set the alias. Set semantics (adding a tag twice leaves one):
 * idempotent, retried freely.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Work } from '../../../execution/work';
import type { PushProduct } from '../../../products/push/hosts';
import type { Operation } from '../../types';
import { registrationId, sendPathCall, tagOrAlias } from '../pathCall';
import { builtOrRefuse } from '../pushItem';
import { type Built, listOf, problem, text } from '../shared/built';
import { registrationIdField } from './getDevice.operation';

interface DeviceUpdate {
	addTags?: unknown;
	removeTags?: unknown;
	clearTags?: unknown;
	alias?: unknown;
}

function tagList(value: unknown, field: string): Built<string[]> {
	const out: string[] = [];
	for (const entry of listOf(value)) {
		const name = tagOrAlias(entry, field);
		if ('problem' in name) return name;
		out.push(name.ok);
	}
	return { ok: out };
}

/** The body: `{tags: {add, remove}}` or `{tags: ""}` (Clear All Tags), and `alias` when set. */
function deviceBody(update: DeviceUpdate): Built<Record<string, unknown>> {
	const add = tagList(update.addTags, 'Tag to add');
	if ('problem' in add) return add;
	const remove = tagList(update.removeTags, 'Tag to remove');
	if ('problem' in remove) return remove;
	const both = add.ok.find((t) => remove.ok.includes(t));
	if (both !== undefined) return problem(`Tag "${both}" is both added and removed`, 'Which one EngageLab applies is not defined: keep it in one list.');
	const clear = update.clearTags === true;
	if (clear && add.ok.length + remove.ok.length > 0) {
		return problem('Clear All Tags is set together with tags to add or remove', 'Clear All Tags removes every tag; add tags in a second step.');
	}
	const body: Record<string, unknown> = {};
	if (clear) body.tags = '';
	else if (add.ok.length + remove.ok.length > 0) body.tags = { ...(add.ok.length > 0 && { add: add.ok }), ...(remove.ok.length > 0 && { remove: remove.ok }) };
	if (text(update.alias) !== '') {
		const alias = tagOrAlias(update.alias, 'Alias');
		if ('problem' in alias) return alias;
		body.alias = alias.ok;
	}
	if (Object.keys(body).length === 0) return problem('Nothing to update', 'Set tags to add or remove, Clear All Tags, or an alias.');
	return { ok: body };
}

function* work(ctx: IExecuteFunctions, product: PushProduct, itemCount: number): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const id = builtOrRefuse(ctx, registrationId(ctx.getNodeParameter('registrationId', itemIndex, '')), itemIndex);
			const update = ctx.getNodeParameter('updateFields', itemIndex, {}) as DeviceUpdate;
			const body = builtOrRefuse(ctx, deviceBody(update), itemIndex);
			const path = `/v4/devices/${encodeURIComponent(id)}`;
			yield {
				items: [itemIndex],
				list: async (send) => {
					await sendPathCall(send, { node: ctx.getNode(), product, itemIndex, method: 'POST', path, body, operation: 'Update Device' });
					return [{ registration_id: id, success: true }];
				},
			};
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

export function pushUpdateDevice(product: PushProduct, resource: string): Operation {
	const show = { resource: [resource], operation: ['updateDevice'] };
	const description: INodeProperties[] = [
		registrationIdField(resource, 'updateDevice', 'The device to update, by the registration ID the app\'s SDK reported'),
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'What to change on the device: tags to add or remove, Clear All Tags, the alias',
			displayOptions: { show },
			options: [
				{
					displayName: 'Alias',
					name: 'alias',
					type: 'string',
					default: '',
					description: 'The alias to give the device (an alias names one device: EngageLab moves it). To remove an alias use Delete Alias.',
				},
				{
					displayName: 'Clear All Tags',
					name: 'clearTags',
					type: 'boolean',
					default: false,
					description: 'Whether to remove every tag of the device (not together with tags to add or remove)',
				},
				{ displayName: 'Tags to Add', name: 'addTags', type: 'string', default: '', description: 'Tags to add; separate several with commas. A device has at most 100.' },
				{ displayName: 'Tags to Remove', name: 'removeTags', type: 'string', default: '', description: 'Tags to remove; separate several with commas' },
			],
		},
	];
	return { description, work: (ctx, { itemCount }) => work(ctx, product, itemCount) };
}
