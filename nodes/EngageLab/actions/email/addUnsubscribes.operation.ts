/**
 * Email → Add Unsubscribes (`POST /v1/unsubscribes` `{"email": "a;b"}`, docs/messaging/read-api.md
 * §2.2, provisional): puts addresses on the unsubscribe list so EngageLab no longer mails them,
 * e.g. people who opted out in your CRM. One output item per address.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Work } from '../../execution/work';
import { trimmedParameter } from '../shared/parameters';
import type { Operation, WorkContext } from '../types';
import { emailsField, readEmails, unsubscribeJob } from './unsubscribeWrite';

const show = { resource: ['email'], operation: ['addUnsubscribes'] };

const description: INodeProperties[] = [
	emailsField(show, 'The addresses EngageLab must stop mailing.'),
	{
		displayName: 'API User',
		name: 'apiUser',
		type: 'string',
		default: '',
		placeholder: 'acme_news',
		description: 'Only for this API_USER. Empty: EngageLab\'s default (the whole account).',
		displayOptions: { show },
	},
];

function* work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const emails = readEmails(ctx, itemIndex);
			const apiUser = trimmedParameter(ctx, 'apiUser', itemIndex);
			yield unsubscribeJob({
				itemIndex,
				emails,
				unsubscribed: true,
				call: (joined) => ({ method: 'POST', path: '/v1/unsubscribes', body: apiUser ? { email: joined, api_user: apiUser } : { email: joined } }),
			});
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

/** email:addUnsubscribes as its resource lists it. */
export const addUnsubscribes: Operation = { description, work };
