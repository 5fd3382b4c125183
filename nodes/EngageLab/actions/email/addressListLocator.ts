/**
 * The Address List field of Delete Address List and the member operations: a list picked from
 * the account (methods/emailAddressLists.ts), typed by ID, or named by its alias address. By
 * Address costs one read (`GET /v1/address_lists?address=…`, an exact match, read-api.md §3.1)
 * before the operation's own request, once per distinct address in a run.
 */
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INode, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { ADDRESS_LISTS_PATH, addressListRecord } from '../../products/email/addressLists';
import type { Work } from '../../execution/work';
import type { EngageLabResponse, RequestCall } from '../../transport/request';
import { checkEmail } from '../../validation/recipients';
import { queryString } from '../shared/listPages';
import { valueOrRefuse } from '../shared/parameters';

type Show = NonNullable<IDisplayOptions['show']>;
type Send = (call: RequestCall) => Promise<EngageLabResponse>;

export function addressListField(show: Show, description: string): INodeProperties {
	return {
		displayName: 'Address List',
		name: 'addressList',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		displayOptions: { show },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchEmailAddressLists', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: '65499',
				validation: [{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'An address list ID is digits only' } }],
			},
			{
				displayName: 'By Address',
				name: 'address',
				type: 'string',
				placeholder: 'news@maillist.email.engagelab.com',
			},
		],
	};
}

/** The list as the item names it: an ID (digits) or an alias address, checked; nothing sent yet. */
type ListRef = { id: string } | { address: string };

function readListRef(ctx: IExecuteFunctions, itemIndex: number): ListRef {
	const raw = ctx.getNodeParameter('addressList', itemIndex, '') as unknown;
	const { mode, value } = typeof raw === 'object' && raw !== null ? (raw as { mode?: unknown; value?: unknown }) : { mode: 'id', value: raw };
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (mode === 'address') {
		const address = valueOrRefuse(ctx, checkEmail(text, false), itemIndex, 'Enter the list\'s full alias address, e.g. news@maillist.email.engagelab.com.');
		return { address };
	}
	if (!/^\d+$/.test(text)) {
		throw new NodeOperationError(ctx.getNode(), text === '' ? 'No address list chosen' : `Address list ID "${text.slice(0, 80)}" is not digits`, {
			itemIndex,
			description: 'Pick the list From List, give its address_list_id (digits, as Get Many Address Lists outputs it), or name it By Address. Nothing was sent for this item.',
		});
	}
	return { id: text };
}

/**
 * The lists whose alias address is exactly `address` (EngageLab's `address` filter is exact;
 * compared again here, without case). An answer without the list is an error, never "none".
 */
export async function listsWithAddress(node: INode, send: Send, itemIndex: number, address: string): Promise<IDataObject[]> {
	const answer = await send({ method: 'GET', path: `${ADDRESS_LISTS_PATH}?${queryString({ address, offset: 0, limit: 100 })}`, body: undefined, itemIndex, idempotent: true });
	const records = (answer.result as IDataObject | undefined)?.result;
	if (!Array.isArray(records)) {
		throw new NodeOperationError(node, `EngageLab answered ${ADDRESS_LISTS_PATH} without a list of records`, {
			itemIndex,
			description: 'Expected {"result": [...], "count": n, "total": n}. Check the credential\'s host (a proxy or another service may have answered).',
		});
	}
	return (records as IDataObject[]).map(addressListRecord).filter((r) => String(r.address ?? '').toLowerCase() === address.toLowerCase());
}

/**
 * Resolves list references to IDs for one run: each distinct address is read once, items in
 * flight together share the read (a read that failed is made again by the next item that asks).
 */
class ListIds {
	private readonly lookups = new Map<string, Promise<IDataObject[]>>();

	constructor(private readonly node: INode) {}

	async idOf(ref: ListRef, send: Send, itemIndex: number): Promise<string> {
		if ('id' in ref) return ref.id;
		const key = ref.address.toLowerCase();
		let lookup = this.lookups.get(key);
		if (!lookup) {
			lookup = listsWithAddress(this.node, send, itemIndex, ref.address);
			this.lookups.set(key, lookup);
			void lookup.then(undefined, () => this.lookups.delete(key));
		}
		const found = await lookup;
		if (found.length !== 1) {
			throw new NodeOperationError(this.node, found.length === 0 ? `No address list has the address ${ref.address}` : `${found.length} address lists have the address ${ref.address}`, {
				itemIndex,
				description: 'Check the list\'s alias address (Get Many Address Lists outputs each list with its address), or pick the list by ID. Nothing was changed for this item.',
			});
		}
		return String(found[0].address_list_id);
	}
}

/** A 404 from a list's path means there is no list with that ID (our reading, read-api.md §3.4); any other error as it came. */
export function unknownListError(node: INode, itemIndex: number, id: string, error: unknown): unknown {
	if (!(error instanceof NodeApiError && error.httpCode === '404')) return error;
	return new NodeOperationError(node, `EngageLab has no address list with ID ${id}`, {
		itemIndex,
		description: 'EngageLab answered HTTP 404 for the list. Check the ID (Get Many Address Lists outputs each list with its address_list_id) and the credential\'s data center.',
	});
}

/** `send` for requests to one list's paths: a 404 becomes "no address list with ID …". */
function listSend(node: INode, send: Send, itemIndex: number, id: string): Send {
	return async (call) =>
		await send(call).then(
			(answer) => answer,
			(error: unknown) => Promise.reject(unknownListError(node, itemIndex, id, error)),
		);
}

/** What an operation on one list gets once the list's ID is known. */
export interface OnList {
	node: INode;
	itemIndex: number;
	id: string;
	/** The run's send, a 404 read as "no address list with this ID" (listSend). */
	send: Send;
	/** The run's send as it is (for a caller that reads a 404 itself). */
	rawSend: Send;
}

/**
 * The work of an operation on one list per item: the Address List field and the item's own
 * fields read first (a refusal sends nothing), then the list's ID (By Address: one read), then
 * `act`, whose records are the item's output.
 */
export function* perListItem<T>(
	ctx: IExecuteFunctions,
	itemCount: number,
	fields: (itemIndex: number) => T,
	act: (list: OnList, values: T) => Promise<IDataObject[]>,
): Generator<Work> {
	const node = ctx.getNode();
	const ids = new ListIds(node);
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const ref = readListRef(ctx, itemIndex);
			const values = fields(itemIndex);
			yield {
				items: [itemIndex],
				list: async (send) => {
					const id = await ids.idOf(ref, send, itemIndex);
					return await act({ node, itemIndex, id, send: listSend(node, send, itemIndex, id), rawSend: send }, values);
				},
			};
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}
