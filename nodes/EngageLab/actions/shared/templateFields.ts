/** Form fields the messaging operations share: template pickers, variable mappers, key/value lists. */
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** A template picker: from the account's list, or typed in. */
export function templateField(
	show: IDisplayOptions['show'],
	searchListMethod: string,
	id: { displayName: string; placeholder: string; regex?: string; errorMessage?: string },
	description: string,
): INodeProperties {
	return {
		displayName: 'Template',
		name: 'template',
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
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: id.displayName,
				name: 'id',
				type: 'string',
				placeholder: id.placeholder,
				...(id.regex && {
					validation: [{ type: 'regex', properties: { regex: id.regex, errorMessage: id.errorMessage ?? 'Not a valid template' } }],
				}),
			},
		],
	};
}

/** The chosen template's variables as fields (n8n's resource mapper), loaded when a template is picked. */
export function variablesField(show: IDisplayOptions['show'], resourceMapperMethod: string): INodeProperties {
	return {
		displayName: 'Template Variables',
		name: 'templateVariables',
		type: 'resourceMapper',
		noDataExpression: true,
		default: { mappingMode: 'defineBelow', value: null },
		// Not `required`: a template without variables leaves it empty; mappedVariables() checks
		// each variable the template has.
		description: "A value for each of the chosen template's variables, loaded from the template",
		typeOptions: {
			loadOptionsDependsOn: ['template.value'],
			resourceMapper: {
				resourceMapperMethod,
				mode: 'add',
				valuesLabel: 'Template Variables',
				fieldWords: { singular: 'variable', plural: 'variables' },
				addAllFields: true,
				multiKeyMatch: false,
				supportAutoMap: true,
				noFieldsError: 'This template has no variables.',
			},
		},
		displayOptions: { show },
	};
}

/** A free list of name/value pairs (variables a template's list does not describe). */
export function pairsField(
	show: IDisplayOptions['show'],
	name: string,
	displayName: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Variable',
		default: {},
		description,
		displayOptions: { show },
		options: [
			{
				name: 'pairs',
				displayName: 'Variable',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'name',
						description: 'The variable as the template writes it, without the {{ }} or % % around it',
					},
					{
						displayName: 'Value',
						name: 'value',
						type: 'string',
						default: '',
						placeholder: 'Ada',
						description: "The text that replaces the variable in this item's message",
					},
				],
			},
		],
	};
}

/**
 * Variables by name, with no prototype: a variable may be called `__proto__`, `constructor` or
 * `valueOf` (a plain object would drop the first and see the others as already given).
 */
function variableMap(): Record<string, string> {
	return Object.create(null) as Record<string, string>;
}

function hasOwn(object: object, key: string): boolean {
	return Object.prototype.hasOwnProperty.call(object, key);
}

/** The template picker's value (the id, invoke name, or WhatsApp's name|language), trimmed. */
export function templateValue(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = ctx.getNodeParameter('template', itemIndex, '', { extractValue: true }) as unknown;
	const text = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!text) {
		throw new NodeOperationError(ctx.getNode(), 'No template chosen', {
			itemIndex,
			description: 'Pick a template from the list or enter its ID. Nothing was sent for this item.',
		});
	}
	return text;
}

/**
 * The resource mapper's values as text, each variable the template has (its schema) required:
 * an empty one is refused before sending rather than delivered as a literal `{{name}}`.
 */
export function mappedVariables(ctx: IExecuteFunctions, itemIndex: number): Record<string, string> {
	const raw = ctx.getNodeParameter('templateVariables', itemIndex, {}) as {
		value?: IDataObject | null;
		schema?: Array<{ id: string; displayName?: string; required?: boolean; removed?: boolean }>;
	};
	const values = variableMap();
	for (const [key, value] of Object.entries(raw?.value ?? {})) {
		if (value !== null && value !== undefined && String(value).trim() !== '') values[key] = typeof value === 'object' ? JSON.stringify(value) : String(value);
	}
	const missing = (raw?.schema ?? []).filter((f) => f.required !== false && !f.removed && !hasOwn(values, f.id));
	if (missing.length > 0) {
		const names = missing.map((f) => f.displayName ?? f.id).join(', ');
		throw new NodeOperationError(ctx.getNode(), `Template variable${missing.length > 1 ? 's' : ''} ${names} ${missing.length > 1 ? 'have' : 'has'} no value`, {
			itemIndex,
			description: 'Give every variable of the template a value (Template Variables), or the message would go out with the placeholder in it. Nothing was sent for this item.',
		});
	}
	return values;
}

/** The name/value pairs of a pairsField; empty names are skipped, duplicate names refused. */
export function nameValuePairs(ctx: IExecuteFunctions, name: string, itemIndex: number): Record<string, string> {
	const raw = ctx.getNodeParameter(name, itemIndex, {}) as { pairs?: Array<{ name?: unknown; value?: unknown }> };
	const out = variableMap();
	for (const pair of raw.pairs ?? []) {
		const key = String(pair.name ?? '').trim();
		if (!key) continue;
		if (hasOwn(out, key)) {
			throw new NodeOperationError(ctx.getNode(), `The variable "${key}" is given twice`, { itemIndex, description: 'Give each variable once. Nothing was sent for this item.' });
		}
		out[key] = pair.value === null || pair.value === undefined ? '' : String(pair.value);
	}
	return out;
}
