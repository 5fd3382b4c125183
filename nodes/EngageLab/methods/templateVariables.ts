/**
 * Template variables as the API describes them (docs/sms/api.md "Templates",
 * whatsapp.md "Templates"): SMS writes `{name}` (template pages) or `{{name}}` (EngageLab's
 * skill), so both are read; WhatsApp numbers them `{{1}}`, `{{2}}`… per component.
 */
import type { IDataObject } from 'n8n-workflow';

export interface TemplateVariable {
	/** The resource mapper's field id: the SMS variable name, or `header_1` / `body_2` for WhatsApp. */
	id: string;
	label: string;
}

export function smsVariables(content: string): TemplateVariable[] {
	const names = new Set<string>();
	for (const m of content.matchAll(/\{\{\s*([^{}\s]+)\s*\}\}|\{\s*([^{}\s]+)\s*\}/g)) names.add(m[1] ?? m[2]);
	return [...names].map((name) => ({ id: name, label: name }));
}

/** The `{{n}}` placeholders of a WhatsApp template's header and body, in order. */
export function whatsappVariables(components: IDataObject[]): TemplateVariable[] {
	const out: TemplateVariable[] = [];
	for (const part of ['HEADER', 'BODY']) {
		const component = components.find((c) => String(c.type).toUpperCase() === part);
		const numbers = new Set<number>();
		for (const m of String(component?.text ?? '').matchAll(/\{\{\s*(\d+)\s*\}\}/g)) numbers.add(Number(m[1]));
		const kind = part.toLowerCase();
		for (const n of [...numbers].sort((a, b) => a - b)) out.push({ id: `${kind}_${n}`, label: `${part === 'HEADER' ? 'Header' : 'Body'} {{${n}}}` });
	}
	return out;
}
