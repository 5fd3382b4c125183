/**
 * The tag pickers (D22): a tag from the account's list (methods/listSearch.ts, `GET /v4/tags`) or
 * typed by name. In By Name mode, and in an expression, several tags may be given separated by
 * commas where the field takes several.
 */
import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import type { PushProduct } from '../../../products/push/hosts';

const TAG_SEARCH_METHODS: Readonly<Record<PushProduct, string>> = { appPush: 'searchAppPushTags', webPush: 'searchWebPushTags' };

export function tagLocator(
	product: PushProduct,
	field: { displayName: string; name: string; description: string; required?: boolean; several?: boolean },
	show?: IDisplayOptions['show'],
): INodeProperties {
	return {
		displayName: field.displayName,
		name: field.name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		...(field.required && { required: true }),
		description: field.description,
		...(show && { displayOptions: { show } }),
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: TAG_SEARCH_METHODS[product], searchable: true },
			},
			{
				displayName: 'By Name',
				name: 'name',
				type: 'string',
				placeholder: field.several ? 'vip, beta' : 'vip',
			},
		],
	};
}
