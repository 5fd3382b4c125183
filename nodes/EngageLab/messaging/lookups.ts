/**
 * The form's lookups (n8n `methods.listSearch` and `methods.resourceMapping`): templates picked
 * from the account and the chosen template's variables shown as fields. Every call goes through
 * engageLabRequest with the product's own credential (GET, idempotent, read-only).
 */
import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
	ResourceMapperField,
	ResourceMapperFields,
} from 'n8n-workflow';

import { engageLabRequest } from '../transport/request';
import { lookupSettings } from '../methods/lookup';
import { EMAIL } from '../products/email/email.product';
import { OTP } from '../products/otp/otp.product';
import type { Product } from '../products/product';
import { SMS } from '../products/sms/sms.product';
import { WHATSAPP } from '../products/whatsapp/whatsapp.product';
import { smsVariables, whatsappVariables, type TemplateVariable } from './variables';

async function getJson(ctx: ILoadOptionsFunctions, product: Product, path: string): Promise<unknown> {
	const settings = await lookupSettings(ctx, product);
	const response = await engageLabRequest(ctx, settings, { method: 'GET', path, body: undefined, itemIndex: 0, idempotent: true });
	return response.result;
}

const asList = (value: unknown): IDataObject[] => (Array.isArray(value) ? (value as IDataObject[]) : []);

function matching(items: INodeListSearchItems[], filter?: string): INodeListSearchResult {
	const needle = (filter ?? '').trim().toLowerCase();
	const results = needle ? items.filter((i) => `${i.name} ${String(i.value)}`.toLowerCase().includes(needle)) : items;
	return { results: results.sort((a, b) => a.name.localeCompare(b.name)) };
}

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

export const listSearch = {
	/** SMS: approved templates only (status 2: only those can send). */
	async searchSmsTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		const list = asList(await getJson(this, SMS, '/v1/template-configs'));
		return matching(
			list
				.filter((t) => t.status === 2)
				.map((t) => ({ name: `${String(t.template_name)} (${String(t.template_id)})`, value: String(t.template_id) })),
			filter,
		);
	},
	async searchOtpTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		const list = asList(await getJson(this, OTP, '/v1/template-configs'));
		return matching(
			list.map((t) => ({
				name: t.description ? `${String(t.description)} (${String(t.template_id)})` : String(t.template_id),
				value: String(t.template_id),
			})),
			filter,
		);
	},
	/** Email: up to 100 per page (the API's limit), every page. */
	async searchEmailTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		const items: INodeListSearchItems[] = [];
		for (let offset = 0; offset < 10_000; offset += 100) {
			const page = (await getJson(this, EMAIL, `/v1/templates?offset=${offset}&limit=100`)) as IDataObject | undefined;
			const result = asList(page?.result);
			for (const t of result) items.push({ name: `${String(t.name)} (${String(t.template_invoke_name)})`, value: String(t.template_invoke_name) });
			if (result.length < 100 || offset + result.length >= Number(page?.total ?? 0)) break;
		}
		return matching(items, filter);
	},
	/** WhatsApp: approved templates; the value is "name|language", what a send names. */
	async searchWhatsAppTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		const list = asList(await getJson(this, WHATSAPP, '/v1/templates?status=APPROVED'));
		return matching(
			list
				.filter((t) => t.status === 'APPROVED')
				.map((t) => ({ name: `${String(t.name)} (${String(t.language)})`, value: `${String(t.name)}|${String(t.language)}` })),
			filter,
		);
	},
};

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
