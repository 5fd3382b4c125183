/**
 * Email → Create Address List (`POST /v1/address_lists` `{address, name, desc}`,
 * docs/messaging/read-api.md §3.3, provisional: the docs' create section is cut off).
 *
 * Creating is not idempotent and EngageLab documents no dedup key for it, so the POST is retried
 * only where it surely was not applied (as sends are), never after an ambiguous failure, and n8n's
 * Retry On Fail gets the first POST's outcome from the send ledger (actions/shared/createOnce.ts).
 * After an ambiguous failure the node looks the list up by its alias address (exact): a list with
 * that address and name is the item's output with `recovered: true`; otherwise the item fails
 * "may or may not have been created".
 */
import type { IDataObject, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sendLedgerFor } from '../../execution/sendLedger';
import type { Work } from '../../execution/work';
import { ADDRESS_LISTS_PATH, addressListRecord } from '../../products/email/addressLists';
import type { EngageLabResponse, RequestCall } from '../../transport/request';
import { checkEmail, CONTROL } from '../../validation/recipients';
import { createOnce } from '../shared/createOnce';
import { withStringIds } from '../shared/listPages';
import { trimmedParameter, valueOrRefuse } from '../shared/parameters';
import type { Operation, WorkContext } from '../types';
import { listsWithAddress } from './addressListLocator';

const show = { resource: ['email'], operation: ['createAddressList'] };

const NOT_REPEATED =
	'Creating an address list twice could make two lists or fail on the second (EngageLab documents no duplicate check for it), so the node did not send it again.';

const description: INodeProperties[] = [
	{
		displayName: 'Address',
		name: 'address',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'news@maillist.email.engagelab.com',
		description:
			'The list\'s alias address, in full (local part @ domain): Send with send mode 2 mails the list at this address. Singapore accounts use the domain maillist.email.engagelab.com.',
		displayOptions: { show },
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Newsletter',
		description: 'The list\'s name, shown in the Email console',
		displayOptions: { show },
	},
	{
		displayName: 'Description',
		name: 'listDescription',
		type: 'string',
		default: '',
		description: 'What the list is for (optional)',
		displayOptions: { show },
	},
];

/** The item's body, checked: nothing is sent for an item refused here. */
function readBody(ctx: IExecuteFunctions, itemIndex: number): { address: string; name: string; desc?: string } {
	const rawAddress = trimmedParameter(ctx, 'address', itemIndex);
	const address = valueOrRefuse(
		ctx,
		rawAddress.includes('@') ? checkEmail(rawAddress, false) : { ok: false, problem: rawAddress === '' ? 'No address given' : `"${rawAddress.slice(0, 80)}" has no @domain` },
		itemIndex,
		'Enter the list\'s full alias address (local part @ domain), e.g. news@maillist.email.engagelab.com.',
	);
	const name = trimmedParameter(ctx, 'name', itemIndex);
	const desc = trimmedParameter(ctx, 'listDescription', itemIndex);
	const one = (what: string, value: string) =>
		CONTROL.test(value) ? { ok: false as const, problem: `The ${what} holds a line break or another control character` } : { ok: true as const, value };
	valueOrRefuse(ctx, name === '' ? { ok: false, problem: 'No name given' } : one('name', name), itemIndex, 'Set Name (one line).');
	valueOrRefuse(ctx, one('description', desc), itemIndex, 'Write the description on one line.');
	return desc ? { address, name, desc } : { address, name };
}

type Send = (call: RequestCall) => Promise<EngageLabResponse>;

/** After an ambiguous failure (or an answer without an ID): the list it may have created, or the item's error. */
async function recover(node: INode, send: Send, itemIndex: number, sent: { address: string; name: string }, cause: Error): Promise<IDataObject> {
	const listed = await listsWithAddress(node, send, itemIndex, sent.address).then(
		(lists) => ({ lists }),
		(error: unknown) => ({ error }),
	);
	const unsure = (why: string) =>
		new NodeOperationError(node, `Address list ${sent.address} may or may not have been created`, {
			itemIndex,
			description: `${cause.message}. ${why} Check the address lists in the EngageLab Email console (or run Get Many Address Lists) before running this item again.`,
		});
	if ('error' in listed) throw unsure(`The lists, read to find out, could not be read either (${listed.error instanceof Error ? listed.error.message : String(listed.error)}).`);
	const found = listed.lists.find((l) => String(l.name ?? '') === sent.name);
	if (found) return { ...withStringIds(found), recovered: true };
	throw unsure(listed.lists.length === 0 ? 'No list has this address yet.' : 'A list has this address, but with another name, so it is not the one this item made.');
}

function* work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Generator<Work> {
	const ledger = sendLedgerFor(ctx);
	const node = ctx.getNode();
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const body = readBody(ctx, itemIndex);
			const call: RequestCall = { method: 'POST', path: ADDRESS_LISTS_PATH, body, itemIndex, idempotent: false, notRepeatedBecause: NOT_REPEATED };
			yield {
				items: [itemIndex],
				list: async (send) => {
					const created = await createOnce(ledger, send, call, async (cause) => await recover(node, send, itemIndex, body, cause));
					if ('recovered' in created) return [created.recovered];
					// The created list, bare or under `result` (read-api.md §3.3: both plausible).
					const answer = (created.response.result ?? {}) as IDataObject;
					const inner = answer.result;
					const list = typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (inner as IDataObject) : answer;
					// What was sent fills what the answer leaves out (it may hold only the ID).
					const record = addressListRecord({ address: body.address, name: body.name, desc: body.desc, ...list });
					if (record.address_list_id !== undefined) return [withStringIds(record)];
					// A 2xx without the ID: it was probably created; the list tells.
					return [await recover(node, send, itemIndex, body, new Error('EngageLab answered the create without an address_list_id'))];
				},
			};
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

/** email:createAddressList as its resource lists it. */
export const createAddressList: Operation = { description, work, sends: true };
