/**
 * Email → Add Address List Members (`POST /v1/address_lists/{id}/members` `{"members": ["a@x", …]}`,
 * docs/messaging/read-api.md §3.6, provisional): puts addresses on a list, e.g. a CRM segment to
 * mail with send mode 2. One output item per address.
 */
import { memberWrite } from './addressListMembers';

/** email:addAddressListMembers as its resource lists it. */
export const addAddressListMembers = memberWrite(
	'addAddressListMembers',
	{ list: 'The list to add the addresses to', emails: 'The addresses to add (one already in the list stays there once).' },
	true,
	(path, joined) => ({ method: 'POST', path, body: { members: joined.split(';') } }),
);
