/**
 * Email → Get Address List Members (`GET /v1/address_lists/{id}/members`, offset/limit paging,
 * docs/messaging/read-api.md §3.5, provisional: the docs' members section is cut off): one output
 * item per member, its address as `email` whichever name EngageLab gives it.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Work } from '../../execution/work';
import { addressListPath } from '../../products/email/addressLists';
import { listJob, withStringIds } from '../shared/listPages';
import { readLimit, returnAllFields } from '../shared/returnAll';
import type { Operation, WorkContext } from '../types';
import { addressListField, perListItem } from './addressListLocator';

const show = { resource: ['email'], operation: ['getAddressListMembers'] };

const description: INodeProperties[] = [addressListField(show, 'The list whose members to read'), ...returnAllFields(show)];

/** A member's address: `email`, or the ancestor API's `member` / `address` (read-api.md §3.5). */
const memberEmail = (r: IDataObject): string => String(r.email ?? r.member ?? r.address ?? '');

function work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Generator<Work> {
	const paging = (itemIndex: number) => {
		const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) === true;
		return { returnAll, limit: readLimit(ctx, itemIndex, returnAll) };
	};
	return perListItem(ctx, itemCount, paging, async ({ node, itemIndex, id, send }, { returnAll, limit }) => {
		const pages = listJob({
			node,
			itemIndex,
			path: `${addressListPath(id)}/members`,
			query: {},
			returnAll,
			limit,
			key: (r) => memberEmail(r).toLowerCase(),
			toOutput: (r) => ({ address_list_id: id, ...withStringIds(r), email: memberEmail(r) }),
		});
		return await pages.list(send);
	});
}

/** email:getAddressListMembers as its resource lists it. */
export const getAddressListMembers: Operation = { description, work };
