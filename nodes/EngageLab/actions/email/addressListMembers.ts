/**
 * What Email → Add Address List Members and Remove Address List Members share
 * (docs/messaging/read-api.md §3.6, §3.7, provisional): the list (ID or alias address), then the
 * item's addresses in calls of at most 100, as Add / Remove Unsubscribes send theirs
 * (unsubscribeWrite.ts). Idempotent by nature (a list is a set), so retried on every transient
 * failure. One output item per address.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Work } from '../../execution/work';
import { addressListPath } from '../../products/email/addressLists';
import type { RequestCall } from '../../transport/request';
import type { Operation, WorkContext } from '../types';
import { addressListField, perListItem } from './addressListLocator';
import { addressWriteJob, emailsField, readEmails } from './unsubscribeWrite';

type Call = Pick<RequestCall, 'method' | 'path' | 'body'>;

/** One of the two operations: its fields' help texts, what each output item says, and the request for one batch. */
export function memberWrite(operation: string, fields: { list: string; emails: string }, member: boolean, call: (path: string, joined: string) => Call): Operation {
	const show = { resource: ['email'], operation: [operation] };
	const description: INodeProperties[] = [addressListField(show, fields.list), emailsField(show, fields.emails)];
	const work = (ctx: IExecuteFunctions, { itemCount }: WorkContext): Generator<Work> =>
		perListItem(ctx, itemCount, (itemIndex) => readEmails(ctx, itemIndex), async ({ itemIndex, id, send }, emails) => {
			const path = `${addressListPath(id)}/members`;
			return await addressWriteJob({ itemIndex, emails, call: (joined) => call(path, joined), output: (email) => ({ address_list_id: id, email, member }) }).list(send);
		});
	return { description, work };
}
