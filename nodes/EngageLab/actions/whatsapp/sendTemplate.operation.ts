/** WhatsApp → Send Template: an approved template (name + language) with its {{n}} variables. */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Work } from '../../execution/work';
import { mappedVariables, templateField, templateValue, variablesField } from '../shared/templateFields';
import { perItem } from '../shared/perItem';
import type { Operation, WorkContext } from '../types';
import { extraFields, toField, whatsappJob } from './envelope';

const show = { resource: ['whatsapp'], operation: ['sendTemplate'] };

const description: INodeProperties[] = [
	toField(show),
	templateField(
		show,
		'searchWhatsAppTemplates',
		{
			displayName: 'Name|Language',
			placeholder: 'order_update|en',
			regex: '^[^|\\s]+\\|[^|\\s]+$',
			errorMessage: 'Enter the template name and language code separated by |, e.g. order_update|en',
		},
		'An approved WhatsApp template; a send names it by name and language',
	),
	variablesField(show, 'getWhatsAppTemplateVariables'),
	extraFields(show),
];

/** header_1…, body_1… → Meta's components, parameters in placeholder order. */
function components(values: Record<string, string>): IDataObject[] {
	const out: IDataObject[] = [];
	for (const part of ['header', 'body']) {
		const numbered = Object.entries(values)
			.map(([key, value]) => [new RegExp(`^${part}_(\\d+)$`).exec(key)?.[1], value] as const)
			.filter((e): e is readonly [string, string] => e[0] !== undefined)
			.sort((a, b) => Number(a[0]) - Number(b[0]));
		if (numbered.length) out.push({ type: part, parameters: numbered.map(([, text]) => ({ type: 'text', text })) });
	}
	return out;
}

function work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Iterator<Work> {
	return perItem(itemCount, (itemIndex) => {
		const [name, language, ...rest] = templateValue(ctx, itemIndex).split('|').map((s) => s.trim());
		if (!name || !language || rest.length) {
			throw new NodeOperationError(ctx.getNode(), 'The template must be given as name|language', {
				itemIndex,
				description: 'Pick the template from the list, or enter its name and language code separated by | (e.g. order_update|en). Nothing was sent for this item.',
			});
		}
		const parts = components(mappedVariables(ctx, itemIndex));
		const template: IDataObject = { name, language, ...(parts.length && { components: parts }) };
		return whatsappJob(ctx, itemIndex, { type: 'template', template }, { template: name, language });
	});
}

/** whatsapp:sendTemplate as its resource lists it: the fields above and the work of a run. */
export const sendTemplate: Operation = { description, work, sends: true };
