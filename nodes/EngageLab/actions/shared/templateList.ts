/**
 * Templates → Get Many for a messaging product (docs/messaging/read-api.md §6): the same GET the
 * template picker uses, as an operation, so a workflow can check a template's approval before
 * sending. SMS, OTP and WhatsApp answer the whole list as a bare array (cut to Limit here);
 * Email pages like its other lists. One output item per template, the API's fields as they come,
 * ID fields as strings, plus `approved` where its meaning is documented (SMS status 2, WhatsApp
 * APPROVED); OTP's status values and Email templates' review are undocumented: no `approved`.
 * Filters (templateFilters.ts) are checked before sending; the ones the API cannot apply cut the
 * list here, before Limit (Limit is the first N that match).
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ListJob, Work } from '../../execution/work';
import { listJob, queryString, withStringIds } from './listPages';
import { valueOrRefuse } from './parameters';
import { readLimit, returnAllFields } from './returnAll';
import { templateMatches, type TemplateFilter } from './templateFilters';
import type { Operation, WorkContext } from '../types';

export interface TemplateList {
	resource: string;
	/** The list's path, without a query (the filters make it). */
	path: string;
	/** Email: offset/limit pages; the others: one bare array. */
	paged: boolean;
	/** Whether a template is approved, where the product documents it. */
	approved?: (template: IDataObject) => boolean;
	/** What makes a template the same on another page (paged lists). */
	key?: (template: IDataObject) => string;
	/** The entries of the Filters collection. */
	filters: readonly TemplateFilter[];
	/** What the Filters collection narrows the list by, for its description. */
	filtersHelp: string;
}

/** An item's filters, checked: what goes into the query, and what is compared here. */
function readFilters(ctx: IExecuteFunctions, list: TemplateList, itemIndex: number) {
	const set = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const query: Record<string, string> = {};
	const here: Array<(t: IDataObject) => boolean> = [];
	for (const filter of list.filters) {
		const value = valueOrRefuse(ctx, filter.read(set[filter.field.name]), itemIndex, `Fix the ${filter.field.displayName} filter, or remove it.`);
		if (value === undefined) continue;
		const { where } = filter;
		if ('query' in where) query[where.query] = String(value);
		else here.push((t) => templateMatches(t, where.templateField, value));
	}
	return { query, matches: (t: IDataObject) => here.every((m) => m(t)) };
}

export function templateListOperation(list: TemplateList): Operation {
	const show = { resource: [list.resource], operation: ['getTemplates'] };
	const toOutput = (t: IDataObject): IDataObject => ({ ...withStringIds(t), ...(list.approved && { approved: list.approved(t) }) });
	function job(ctx: IExecuteFunctions, itemIndex: number): ListJob {
		const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) === true;
		const limit = readLimit(ctx, itemIndex, returnAll);
		const { query, matches } = readFilters(ctx, list, itemIndex);
		const node = ctx.getNode();
		if (list.paged) {
			return listJob({ node, itemIndex, path: list.path, query, returnAll, limit, key: list.key ?? ((t) => JSON.stringify(t)), toOutput });
		}
		const search = queryString(query);
		const path = search ? `${list.path}?${search}` : list.path;
		return {
			items: [itemIndex],
			list: async (send) => {
				const response = await send({ method: 'GET', path, body: undefined, itemIndex, idempotent: true });
				const templates = response.result;
				if (!Array.isArray(templates)) {
					throw new NodeOperationError(node, `EngageLab answered ${list.path} without a list of templates`, {
						itemIndex,
						description: 'Expected a JSON array. Check the credential\'s host (a proxy or another service may have answered).',
					});
				}
				return (templates as IDataObject[]).filter(matches).slice(0, returnAll ? undefined : limit).map(toOutput);
			},
		};
	}
	function* work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Generator<Work> {
		for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
			try {
				yield job(ctx, itemIndex);
			} catch (error) {
				yield { item: itemIndex, error };
			}
		}
	}
	const filters: INodeProperties = {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		description: list.filtersHelp,
		displayOptions: { show },
		options: list.filters.map((f) => f.field),
	};
	return { description: [...returnAllFields(show), filters], work };
}

/** The picker entry of Get Templates, for a resource's options. */
export const getTemplatesOption = (product: string) => ({
	name: 'Get Templates',
	value: 'getTemplates',
	description: `List the ${product} templates of the account with their review status`,
	action: `Get ${product} templates`,
});
