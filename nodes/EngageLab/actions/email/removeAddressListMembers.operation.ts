/**
 * Email → Remove Address List Members (`DELETE /v1/address_lists/{id}/members?members=a;b`,
 * docs/messaging/read-api.md §3.7, provisional: a query, as a DELETE's body is often dropped by
 * proxies): takes addresses off a list. One output item per address.
 */
import { queryString } from '../shared/listPages';
import { memberWrite } from './addressListMembers';

/** email:removeAddressListMembers as its resource lists it. */
export const removeAddressListMembers = memberWrite(
	'removeAddressListMembers',
	{ list: 'The list to remove the addresses from', emails: 'The addresses to remove (one not in the list changes nothing).' },
	false,
	(path, joined) => ({ method: 'DELETE', path: `${path}?${queryString({ members: joined })}`, body: undefined }),
);
