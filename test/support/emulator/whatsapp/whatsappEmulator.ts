/**
 * EngageLab WhatsApp, per docs/whatsapp/api.md: POST /v1/messages (template, text and
 * media bodies), GET /v1/templates[/:id]. Non-template sub-objects follow Meta's Cloud API and
 * the codes are the provisional platform family: both are marked as assumptions in the doc.
 */
import {
	firstRecipient,
	isNonEmptyString,
	isObject,
	isString,
	makeIdFactory,
	MessagingEmulator,
	PLATFORM_CODES,
	PLATFORM_MESSAGES,
	platformHttpStatus,
	templateById,
	unknownFields,
	type JsonObject,
	type JsonValue,
	type MessagingEmulatorOptions,
	type Outcome,
	type ProductSpec,
} from '../productEmulator';
import { refuseTemplateQuery } from '../templateQuery';

export const WA_KEY = 'wa-dev-key';
export const WA_SECRET = 'wa-dev-secret-Pz8';

export const WA_MESSAGES: Readonly<Record<number, string>> = {
	...PLATFORM_MESSAGES,
	4001: 'template not found or not approved',
};

export const waHttpStatus = platformHttpStatus([2001]);

export interface WaComponent {
	type: 'HEADER' | 'BODY' | 'FOOTER' | 'BUTTONS';
	format?: 'TEXT' | 'IMAGE' | 'VIDEO' | 'DOCUMENT';
	text?: string;
	buttons?: JsonObject[];
}

export interface WaTemplate {
	id: string;
	name: string;
	language: string;
	category: string;
	components: WaComponent[];
	status: string;
}

export const WA_TEMPLATES: readonly WaTemplate[] = [
	{
		id: '406979728071589',
		name: 'code',
		language: 'zh_CN',
		category: 'AUTHENTICATION',
		components: [{ type: 'BODY', text: '您的验证码是 {{1}}' }],
		status: 'APPROVED',
	},
	{
		id: '406979728071590',
		name: 'order_update',
		language: 'en',
		category: 'UTILITY',
		components: [
			{ type: 'HEADER', format: 'TEXT', text: 'Order {{1}}' },
			{ type: 'BODY', text: 'Hi {{1}}, your order {{2}} ships on {{3}}.' },
			{ type: 'FOOTER', text: 'Acme' },
		],
		status: 'APPROVED',
	},
	{
		id: '406979728071591',
		name: 'spring_sale',
		language: 'en',
		category: 'MARKETING',
		components: [{ type: 'BODY', text: 'Spring sale: {{1}} off' }],
		status: 'PENDING',
	},
];

export const WA_TYPES = ['template', 'text', 'image', 'video', 'audio', 'document', 'sticker'] as const;
const MEDIA_FIELDS: Record<string, readonly string[]> = {
	image: ['link', 'id', 'caption'],
	video: ['link', 'id', 'caption'],
	audio: ['link', 'id'],
	document: ['link', 'id', 'caption', 'filename'],
	sticker: ['link', 'id'],
};
/** `+` or `00`, then 7–15 digits: the docs show both (`00447911123456`, `+8613800138000`). */
const WA_NUMBER = /^(?:\+|00)[1-9]\d{6,14}$/;

export interface SentWhatsApp {
	message_id: string;
	from?: string;
	to: string[];
	body: JsonObject;
	request_id?: string;
	custom_args?: JsonObject;
}

export interface WaState {
	templates: WaTemplate[];
	sent: SentWhatsApp[];
	nextId: () => bigint;
}

const invalid = (message: string): Outcome => ({ code: 3002, message });

function placeholders(text: string | undefined): number {
	const found = new Set(Array.from((text ?? '').matchAll(/\{\{(\d+)\}\}/g), (m) => m[1]));
	return found.size;
}

function checkTemplate(state: WaState, t: JsonValue | undefined): Outcome | undefined {
	if (!isObject(t) || unknownFields(t, ['name', 'language', 'components']).length) return invalid('invalid template object');
	if (!isNonEmptyString(t.name) || !isNonEmptyString(t.language)) return invalid('template.name and template.language are required');
	const tpl = state.templates.find((x) => x.name === t.name && x.language === t.language);
	if (!tpl || tpl.status !== 'APPROVED') return { code: 4001 };
	const given: Record<string, number> = {};
	if (t.components !== undefined) {
		if (!Array.isArray(t.components)) return invalid('template.components must be an array');
		for (const c of t.components) {
			if (!isObject(c) || unknownFields(c, ['type', 'sub_type', 'index', 'parameters']).length) return invalid('invalid component');
			if (!isString(c.type) || !['header', 'body', 'button'].includes(c.type)) return invalid('component type must be header, body or button');
			if (!Array.isArray(c.parameters)) return invalid('component parameters must be an array');
			for (const p of c.parameters) {
				if (!isObject(p) || !isString(p.type)) return invalid('invalid parameter');
				if (p.type === 'text' && (!isString(p.text) || unknownFields(p, ['type', 'text']).length)) return invalid('text parameter needs text');
			}
			if (c.type !== 'button') given[c.type] = c.parameters.length;
		}
	}
	for (const part of ['header', 'body'] as const) {
		const expected = placeholders(tpl.components.find((c) => c.type === part.toUpperCase())?.text);
		if ((given[part] ?? 0) !== expected) return invalid(`template ${part} expects ${expected} parameters`);
	}
	return undefined;
}

function checkBody(state: WaState, body: JsonValue | undefined): Outcome | undefined {
	if (!isObject(body)) return invalid('body is required');
	const type = body.type;
	if (!isString(type) || !(WA_TYPES as readonly string[]).includes(type)) return invalid('body.type is not supported');
	const extra = unknownFields(body, ['type', type]);
	if (extra.length) return invalid(`unknown field in body: ${extra[0]}`);
	const sub = body[type];
	if (type === 'template') return checkTemplate(state, sub);
	if (!isObject(sub)) return invalid(`body.${type} is required`);
	if (type === 'text') {
		if (unknownFields(sub, ['body', 'preview_url']).length) return invalid('unknown field in text');
		if (!isNonEmptyString(sub.body) || [...sub.body].length > 4096) return invalid('text.body must be 1-4096 characters');
		if (sub.preview_url !== undefined && typeof sub.preview_url !== 'boolean') return invalid('text.preview_url must be a boolean');
		return undefined;
	}
	if (unknownFields(sub, MEDIA_FIELDS[type]).length) return invalid(`unknown field in ${type}`);
	const hasLink = sub.link !== undefined;
	if (hasLink === (sub.id !== undefined)) return invalid(`${type} needs exactly one of link or id`);
	if (hasLink && (!isString(sub.link) || !/^https?:\/\/\S+$/.test(sub.link))) return invalid(`${type}.link must be an http(s) URL`);
	if (!hasLink && !isNonEmptyString(sub.id)) return invalid(`${type}.id must be a string`);
	for (const f of ['caption', 'filename']) if (sub[f] !== undefined && !isString(sub[f])) return invalid(`${type}.${f} must be a string`);
	return undefined;
}

function send(state: WaState, req: JsonObject): Outcome {
	const extra = unknownFields(req, ['from', 'to', 'body', 'request_id', 'custom_args']);
	if (extra.length) return invalid(`unknown field: ${extra[0]}`);
	const { from, to, body, request_id, custom_args } = req;
	if (from !== undefined && (!isString(from) || !WA_NUMBER.test(from))) return invalid('from must be a phone number');
	if (!Array.isArray(to) || to.length === 0) return invalid('to must be a non-empty array');
	for (const n of to) if (!isString(n) || !WA_NUMBER.test(n)) return invalid('invalid phone number in to');
	if (request_id !== undefined && !isString(request_id)) return invalid('request_id must be a string');
	if (custom_args !== undefined && !isObject(custom_args)) return invalid('custom_args must be an object');
	const problem = checkBody(state, body);
	if (problem) return problem;
	// EngageLab's example id is 20 lower-case letters and digits (`cbggf4if6o9ukqaalfug`), not a number.
	const message_id = state.nextId().toString(32).padStart(20, 'c');
	state.sent.push({
		message_id,
		to: to as string[],
		body: body as JsonObject,
		...(isString(from) && { from }),
		...(isString(request_id) && { request_id }),
		...(isObject(custom_args) && { custom_args }),
	});
	return { ok: { message_id, ...(isString(request_id) && { request_id }) } };
}

/** Meta's template statuses and categories (docs/whatsapp/api.md; the response side's OTP and TRANSACTIONAL too). */
const WA_TEMPLATE_STATUSES = ['APPROVED', 'PENDING', 'REJECTED', 'PENDING_DELETION', 'DELETED', 'DISABLED', 'IN_APPEAL', 'PAUSED'];
const WA_TEMPLATE_CATEGORIES = ['AUTHENTICATION', 'MARKETING', 'UTILITY', 'OTP', 'TRANSACTIONAL'];

function listTemplates(state: WaState, query: URLSearchParams): Outcome {
	const refused = refuseTemplateQuery(query, ['name', 'language_code', 'category', 'status'], 3002);
	if (refused) return refused;
	const name = query.get('name');
	const language = query.get('language_code');
	const category = query.get('category');
	const status = query.get('status');
	if (status !== null && !WA_TEMPLATE_STATUSES.includes(status)) return invalid(`unknown status: ${status}`);
	if (category !== null && !WA_TEMPLATE_CATEGORIES.includes(category)) return invalid(`unknown category: ${category}`);
	const list = state.templates.filter(
		(t) =>
			(name === null || t.name.includes(name)) &&
			(language === null || t.language === language) &&
			(category === null || t.category === category) &&
			(status === null || t.status === status),
	);
	return { ok: list as unknown as JsonObject[] };
}

export const WA_SPEC: ProductSpec<WaState> = {
	name: 'whatsapp',
	// EngageLab's own client treats only HTTP >= 400 as an error (whatsapp.md, "Errors").
	defaultErrorStyle: 'httpStatus',
	...PLATFORM_CODES,
	messages: WA_MESSAGES,
	httpStatusFor: waHttpStatus,
	createState: () => ({
		templates: WA_TEMPLATES.map((t) => ({ ...t })),
		sent: [],
		nextId: makeIdFactory(1857410204519030784n),
	}),
	requestKey: firstRecipient,
	routes: [
		{ method: 'POST', pattern: /^\/v1\/messages$/, handle: (ctx) => send(ctx.state, ctx.body as JsonObject) },
		{ method: 'GET', pattern: /^\/v1\/templates$/, handle: (ctx) => listTemplates(ctx.state, ctx.query) },
		templateById(/^\/v1\/templates\/([^/]+)$/, (state: WaState, id) => state.templates.find((t) => t.id === id)),
	],
};

export function whatsappEmulator(options?: MessagingEmulatorOptions): MessagingEmulator<WaState> {
	return new MessagingEmulator(WA_SPEC, { [WA_KEY]: { secret: WA_SECRET } }, options);
}
