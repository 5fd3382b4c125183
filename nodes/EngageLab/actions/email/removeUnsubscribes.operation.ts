/**
 * Email → Remove Unsubscribes (`DELETE /v1/unsubscribes?email=a;b`, docs/messaging/read-api.md
 * §2.3, provisional): takes addresses off the unsubscribe list so EngageLab mails them again, e.g.
 * people who opted back in. One output item per address.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Work } from '../../execution/work';
import type { Operation, WorkContext } from '../types';
import { emailsField, readEmails, removeQuery, unsubscribeJob } from './unsubscribeWrite';

const show = { resource: ['email'], operation: ['removeUnsubscribes'] };

const description: INodeProperties[] = [emailsField(show, 'The addresses EngageLab may mail again (only people who opted back in).')];

function* work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Generator<Work> {
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const emails = readEmails(ctx, itemIndex);
			yield unsubscribeJob({
				itemIndex,
				emails,
				unsubscribed: false,
				call: (joined) => ({ method: 'DELETE', path: `/v1/unsubscribes?${removeQuery(joined)}`, body: undefined }),
			});
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

/** email:removeUnsubscribes as its resource lists it. */
export const removeUnsubscribes: Operation = { description, work };
