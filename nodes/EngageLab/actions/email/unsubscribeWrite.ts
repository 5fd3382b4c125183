/**
 * What Email → Add Unsubscribes and Remove Unsubscribes share (docs/messaging/read-api.md §2.2,
 * §2.3), and the address list member writes (§3.6, §3.7): the addresses of an item, checked and
 * de-duplicated before anything is sent, sent in calls of at most 100 `;`-joined addresses. All
 * are idempotent by nature (a list is a set), so every call is retried on every transient
 * failure, like a read.
 */
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { ListJob } from '../../execution/work';
import type { RequestCall } from '../../transport/request';
import { checkEmail, checkEmails } from '../../validation/recipients';
import type { Checked } from '../../validation/checked';
import { queryString } from '../shared/listPages';
import { valueOrRefuse } from '../shared/parameters';

type Show = NonNullable<IDisplayOptions['show']>;

/** Addresses per call: none documented; 100 is the API's page size and keeps a DELETE's URL short. */
const UNSUBSCRIBE_BATCH = 100;
/** Addresses per input item: ten calls, so one item cannot hold a run for long. */
const MAX_UNSUBSCRIBE_ADDRESSES = 1000;

/** The Emails field: a list in one text (comma, semicolon or line separated) or an array from an expression. */
export function emailsField(show: Show, description: string): INodeProperties {
	return {
		displayName: 'Emails',
		name: 'emails',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'ada@example.com, bob@example.com',
		description: `${description} Separate addresses with commas, semicolons or new lines, or pass an array from an expression; at most ${MAX_UNSUBSCRIBE_ADDRESSES} per item`,
		displayOptions: { show },
	};
}

/** Bare addresses, each once (case-insensitive), at most MAX_UNSUBSCRIBE_ADDRESSES. */
function checkBareEmails(raw: unknown): Checked<string[]> {
	const list = checkEmails(raw, MAX_UNSUBSCRIBE_ADDRESSES, 'Emails');
	if (!list.ok) return list;
	const value: string[] = [];
	for (const entry of list.value) {
		const bare = checkEmail(entry, false);
		if (!bare.ok) return bare;
		value.push(bare.value);
	}
	return { ok: true, value };
}

/** The item's addresses, or its refusal (nothing sent). */
export function readEmails(ctx: IExecuteFunctions, itemIndex: number): string[] {
	return valueOrRefuse(ctx, checkBareEmails(ctx.getNodeParameter('emails', itemIndex, '')), itemIndex, 'Enter the email addresses (no names), e.g. ada@example.com, bob@example.com.');
}

export interface AddressWrite {
	itemIndex: number;
	emails: string[];
	/** The request for one batch (the `;`-joined addresses). */
	call(joined: string): Pick<RequestCall, 'method' | 'path' | 'body'>;
	/** Each address's output item. */
	output(email: string): IDataObject;
}

/**
 * The batches of one item, in order, each through the run's scheduler; one output item per
 * address. Also the address list member writes (addAddressListMembers, removeAddressListMembers).
 */
export function addressWriteJob(write: AddressWrite): ListJob {
	return {
		items: [write.itemIndex],
		list: async (send) => {
			const out: IDataObject[] = [];
			for (let start = 0; start < write.emails.length; start += UNSUBSCRIBE_BATCH) {
				const batch = write.emails.slice(start, start + UNSUBSCRIBE_BATCH);
				await send({ ...write.call(batch.join(';')), itemIndex: write.itemIndex, idempotent: true });
				for (const email of batch) out.push(write.output(email));
			}
			return out;
		},
	};
}

export interface UnsubscribeWrite extends Omit<AddressWrite, 'output'> {
	/** What each address's output item says. */
	unsubscribed: boolean;
}

export const unsubscribeJob = (write: UnsubscribeWrite): ListJob => addressWriteJob({ ...write, output: (email) => ({ email, unsubscribed: write.unsubscribed }) });

/** `?email=a;b` for Remove (a DELETE's body is often dropped by proxies). */
export const removeQuery = (joined: string): string => queryString({ email: joined });
