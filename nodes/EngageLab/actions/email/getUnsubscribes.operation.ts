/**
 * Email → Get Unsubscribes (`GET /v1/unsubscribes`, docs/messaging/read-api.md §2.1): the
 * addresses that unsubscribed, one output item per address, for a range of days or one address.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Work } from '../../execution/work';
import { trimmedParameter } from '../shared/parameters';
import type { Operation, WorkContext } from '../types';
import { listJob, withStringIds } from '../shared/listPages';
import { keyPart, readSuppressionQuery, suppressionFields } from './suppressionRead';

const show = { resource: ['email'], operation: ['getUnsubscribes'] };

/** EngageLab's unsubscribe reasons (`type`), named for the output. */
const UNSUBSCRIBE_TYPES: Readonly<Record<string, string>> = {
	0: 'no_longer_wanted',
	1: 'never_subscribed',
	2: 'spam',
	3: 'fraud',
};

const description: INodeProperties[] = [
	...suppressionFields(show, 'unsubscribed'),
	{
		displayName: 'API User',
		name: 'apiUser',
		type: 'string',
		default: '',
		placeholder: 'acme_trigger',
		description: 'Only the unsubscribes of this API_USER. Empty: all of the account.',
		displayOptions: { show },
	},
];

function* work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Generator<Work> {
	const node = ctx.getNode();
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const { query, returnAll, limit } = readSuppressionQuery(ctx, itemIndex);
			const apiUser = trimmedParameter(ctx, 'apiUser', itemIndex);
			yield listJob({
				node,
				itemIndex,
				path: '/v1/unsubscribes',
				query: { ...query, api_user: apiUser || undefined },
				returnAll,
				limit,
				key: (r) => `${keyPart(r, 'email')}\u0000${keyPart(r, 'api_user')}`,
				toOutput: (r): IDataObject => ({ ...withStringIds(r), type_name: UNSUBSCRIBE_TYPES[String(r.type)] ?? null }),
			});
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

/** email:getUnsubscribes as its resource lists it: the fields above and the work of a run. */
export const getUnsubscribes: Operation = { description, work };
