/**
 * EngageLab Email's address lists (docs/messaging/read-api.md §3): the path, and a list record
 * as the node outputs it. The docs spell the description three ways (`desc` in the table,
 * `Description` and `description` in the examples), so all three are read and one is written.
 */
import type { IDataObject } from 'n8n-workflow';

export const ADDRESS_LISTS_PATH = '/v1/address_lists';

/** A list's path, the ID encoded so that nothing in it can change the path. */
export const addressListPath = (id: string): string => `${ADDRESS_LISTS_PATH}/${encodeURIComponent(id)}`;

/**
 * A list record with `address_list_id` as a string of digits (a long one arrives as digits from
 * the long-JSON parser, a short one as a number) and its description as `description`.
 */
export function addressListRecord(record: IDataObject): IDataObject {
	const { Description, desc, description, ...rest } = record;
	const id = rest.address_list_id;
	return {
		...rest,
		...(id !== undefined && id !== null && { address_list_id: String(id) }),
		description: description ?? Description ?? desc ?? null,
	};
}
