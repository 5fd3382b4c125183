/**
 * The Email address list picker (Delete Address List and the member operations): every list of
 * the account, `GET /v1/address_lists` page by page (100 a page, read-api.md §3.1), named by its
 * name and alias address, its value the address_list_id (digits, exact even past 2^53).
 */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems } from 'n8n-workflow';

import { ADDRESS_LISTS_PATH, addressListRecord } from '../products/email/addressLists';
import { EMAIL } from '../products/email/email.product';
import { asList, getJson } from './lookup';

/** More pages than any account is likely to have: the picker stops there rather than read for ever. */
const MAX_PAGES = 100;

export async function emailAddressLists(ctx: ILoadOptionsFunctions): Promise<INodeListSearchItems[]> {
	const items: INodeListSearchItems[] = [];
	const seen = new Set<string>();
	let offset = 0;
	for (let page = 0; page < MAX_PAGES; page++) {
		const answer = (await getJson(ctx, EMAIL, `${ADDRESS_LISTS_PATH}?offset=${offset}&limit=100`)) as IDataObject | undefined;
		const lists = asList(answer?.result);
		for (const list of lists.map(addressListRecord)) {
			const id = String(list.address_list_id ?? '');
			if (id === '' || seen.has(id)) continue;
			seen.add(id);
			items.push({ name: `${String(list.name ?? id)} (${String(list.address ?? '')})`, value: id });
		}
		offset += lists.length;
		if (lists.length < 100 || offset >= Number(answer?.total ?? 0)) break;
	}
	return items;
}
