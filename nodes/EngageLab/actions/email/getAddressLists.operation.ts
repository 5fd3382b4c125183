/**
 * Email → Get Many Address Lists (`GET /v1/address_lists`, docs/messaging/read-api.md §3.1): the
 * account's address lists (what send mode 2 mails to), one output item per list, filtered by
 * name (EngageLab matches it fuzzily) or alias address (exactly).
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Work } from '../../execution/work';
import { ADDRESS_LISTS_PATH, addressListRecord } from '../../products/email/addressLists';
import { listJob, withStringIds } from '../shared/listPages';
import { trimmedParameter } from '../shared/parameters';
import { readLimit, returnAllFields } from '../shared/returnAll';
import type { Operation, WorkContext } from '../types';

const show = { resource: ['email'], operation: ['getAddressLists'] };

const description: INodeProperties[] = [
	...returnAllFields(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: 'Only the lists that match',
		displayOptions: { show },
		options: [
			{
				displayName: 'Address',
				name: 'address',
				type: 'string',
				default: '',
				placeholder: 'news@maillist.email.engagelab.com',
				description: 'The list\'s alias address, matched exactly',
			},
			{
				displayName: 'Name',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'newsletter',
				description: 'Part of the list\'s name (EngageLab matches it fuzzily)',
			},
		],
	},
];

function* work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Generator<Work> {
	const node = ctx.getNode();
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) === true;
			const limit = readLimit(ctx, itemIndex, returnAll);
			const filter = (name: string) => trimmedParameter(ctx, `filters.${name}`, itemIndex) || undefined;
			yield listJob({
				node,
				itemIndex,
				path: ADDRESS_LISTS_PATH,
				query: { name: filter('name'), address: filter('address') },
				returnAll,
				limit,
				key: (r) => String(r.address_list_id ?? r.address ?? ''),
				toOutput: (r) => addressListRecord(withStringIds(r)),
			});
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

/** email:getAddressLists as its resource lists it. */
export const getAddressLists: Operation = { description, work };
