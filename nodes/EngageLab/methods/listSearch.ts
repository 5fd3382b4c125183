/**
 * The form's template pickers (n8n `methods.listSearch`): templates picked from the account,
 * each product's list through its own credential (methods/lookup.ts).
 */
import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { EMAIL } from '../products/email/email.product';
import { OTP } from '../products/otp/otp.product';
import { APP_PUSH } from '../products/push/appPush.product';
import { WEB_PUSH } from '../products/push/webPush.product';
import { SMS } from '../products/sms/sms.product';
import { WHATSAPP } from '../products/whatsapp/whatsapp.product';
import { emailAddressLists } from './emailAddressLists';
import { asList, getJson } from './lookup';
import { pushTags } from './pushTags';

function matching(items: INodeListSearchItems[], filter?: string): INodeListSearchResult {
	const needle = (filter ?? '').trim().toLowerCase();
	const results = needle ? items.filter((i) => `${i.name} ${String(i.value)}`.toLowerCase().includes(needle)) : items;
	return { results: results.sort((a, b) => a.name.localeCompare(b.name)) };
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
	/** App Push / Web Push tag pickers (D22): the one `GET /v4/tags` answer, filtered here. */
	async searchAppPushTags(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return matching(await pushTags(this, APP_PUSH), filter);
	},
	async searchWebPushTags(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return matching(await pushTags(this, WEB_PUSH), filter);
	},
	/** Email address lists (Delete Address List, the member operations): every page, filtered here by name, address or ID. */
	async searchEmailAddressLists(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
		return matching(await emailAddressLists(this), filter);
	},
};
