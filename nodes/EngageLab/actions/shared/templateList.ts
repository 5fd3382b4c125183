/**
 * Templates → Get Many for a messaging product (docs/messaging/read-api.md §6): the same GET the
 * template picker uses, as an operation, so a workflow can check a template's approval before
 * sending. SMS, OTP and WhatsApp answer the whole list as a bare array (cut to Limit here);
 * Email pages like its other lists. One output item per template, the API's fields as they come,
 * ID fields as strings, plus `approved` where its meaning is documented (SMS status 2, WhatsApp
 * APPROVED); OTP's status values and Email templates' review are undocumented: no `approved`.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ListJob, Work } from '../../execution/work';
import { listJob, withStringIds } from './listPages';
import { readLimit, returnAllFields } from './returnAll';
import type { Operation, WorkContext } from '../types';

export interface TemplateList {
	resource: string;
	/** The list's path, with its query if any. */
	path: string;
	/** Email: offset/limit pages; the others: one bare array. */
	paged: boolean;
	/** Whether a template is approved, where the product documents it. */
	approved?: (template: IDataObject) => boolean;
	/** What makes a template the same on another page (paged lists). */
	key?: (template: IDataObject) => string;
}

export function templateListOperation(list: TemplateList): Operation {
	const show = { resource: [list.resource], operation: ['getTemplates'] };
	const toOutput = (t: IDataObject): IDataObject => ({ ...withStringIds(t), ...(list.approved && { approved: list.approved(t) }) });
	function job(ctx: IExecuteFunctions, itemIndex: number): ListJob {
		const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) === true;
		const limit = readLimit(ctx, itemIndex, returnAll);
		const node = ctx.getNode();
		if (list.paged) {
			return listJob({ node, itemIndex, path: list.path, query: {}, returnAll, limit, key: list.key ?? ((t) => JSON.stringify(t)), toOutput });
		}
		return {
			items: [itemIndex],
			list: async (send) => {
				const response = await send({ method: 'GET', path: list.path, body: undefined, itemIndex, idempotent: true });
				const templates = response.result;
				if (!Array.isArray(templates)) {
					throw new NodeOperationError(node, `EngageLab answered ${list.path} without a list of templates`, {
						itemIndex,
						description: 'Expected a JSON array. Check the credential\'s host (a proxy or another service may have answered).',
					});
				}
				return (templates as IDataObject[]).slice(0, returnAll ? undefined : limit).map(toOutput);
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
	return { description: returnAllFields(show), work };
}

/** The picker entry of Get Templates, for a resource's options. */
export const getTemplatesOption = (product: string) => ({
	name: 'Get Templates',
	value: 'getTemplates',
	description: `List the ${product} templates of the account with their review status`,
	action: `Get ${product} templates`,
});
