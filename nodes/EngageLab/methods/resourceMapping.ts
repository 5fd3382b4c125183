/**
 * The chosen template's variables as fields (n8n `methods.resourceMapping`), read from the
 * template itself through the product's credential (methods/lookup.ts).
 */
import type { IDataObject, ILoadOptionsFunctions, ResourceMapperField, ResourceMapperFields } from 'n8n-workflow';

import { SMS } from '../products/sms/sms.product';
import { WHATSAPP } from '../products/whatsapp/whatsapp.product';
import { asList, getJson } from './lookup';
import { smsVariables, whatsappVariables, type TemplateVariable } from './templateVariables';

/** The placeholder fields of a template's variables (resource mapper), all required. */
function asFields(variables: TemplateVariable[]): ResourceMapperFields {
	const fields: ResourceMapperField[] = variables.map((v) => ({
		id: v.id,
		displayName: v.label,
		required: true,
		defaultMatch: false,
		display: true,
		type: 'string',
		canBeUsedToMatch: false,
	}));
	return { fields, emptyFieldsNotice: 'This template has no variables.' };
}

function chosenTemplate(ctx: ILoadOptionsFunctions): string {
	const value = ctx.getNodeParameter('template', undefined, { extractValue: true }) as unknown;
	return typeof value === 'string' ? value.trim() : '';
}

export const resourceMapping = {
	async getSmsTemplateVariables(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
		const id = chosenTemplate(this);
		if (!id) return { fields: [], emptyFieldsNotice: 'Choose a template first.' };
		const template = (await getJson(this, SMS, `/v1/template-configs/${encodeURIComponent(id)}`)) as IDataObject | undefined;
		return asFields(smsVariables(String(template?.template_content ?? '')));
	},
	async getWhatsAppTemplateVariables(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
		const [name, language] = chosenTemplate(this).split('|');
		if (!name || !language) return { fields: [], emptyFieldsNotice: 'Choose a template first.' };
		const list = asList(await getJson(this, WHATSAPP, `/v1/templates?name=${encodeURIComponent(name)}&language_code=${encodeURIComponent(language)}`));
		const template = list.find((t) => t.name === name && t.language === language);
		return asFields(whatsappVariables(asList(template?.components)));
	},
};
