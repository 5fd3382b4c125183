/**
 * EngageLab Email, per docs/email/api.md: POST /v1/mail/send, POST /v1/mail/sendtemplate,
 * GET /v1/templates; and the read (and small write) calls of docs/messaging/read-api.md, the
 * address lists among them (addressLists.ts). Documented codes: 30000 (auth, 401), 30801 (from
 * empty, 400), 30893 (custom_args not JSON, 400), 30202 (template list, 400); an unknown template
 * invoke name is a plain-text HTTP 404 "not found". Other invalid requests get 30202 here
 * (provisional: the docs show no general parameter code). A repeated request_id within an hour
 * returns the first result.
 */
import {
	EMAIL,
	firstRecipient,
	isInteger,
	isNonEmptyString,
	isObject,
	isString,
	isStringArray,
	makeIdFactory,
	MessagingEmulator,
	templateById,
	unknownFields,
	type JsonObject,
	type JsonValue,
	type MessagingEmulatorOptions,
	type Outcome,
	type ProductSpec,
} from '../productEmulator';
import { refuseTemplateQuery } from '../templateQuery';
import * as lists from './addressLists';
import { emailStatus, type DeliveryStatus } from './deliveryStatus';
import { statsDay } from './statistics';
import { offsetLimit, suppressionPage, type Complaint, type Unsubscribe } from './suppressionLists';
import { addUnsubscribes, removeUnsubscribes, type UnsubscribeWriteCall } from './unsubscribeWrites';

export const EMAIL_API_USER = 'acme_trigger';
export const EMAIL_API_KEY = 'email-api-key-Hy2';

export const EMAIL_AUTH_FAILED = 30000;
export const EMAIL_INVALID = 30202;
export const EMAIL_FROM_EMPTY = 30801;
export const EMAIL_CUSTOM_ARGS_NOT_JSON = 30893;
/** Not documented: the emulator's own code for its internal-error fault (HTTP 500). */
export const EMAIL_INTERNAL = 50000;

export const EMAIL_MESSAGES: Readonly<Record<number, string>> = {
	[EMAIL_AUTH_FAILED]: 'Authentication failed',
	[EMAIL_INVALID]: 'invalid parameter',
	[EMAIL_FROM_EMPTY]: 'From can not be empty',
	[EMAIL_CUSTOM_ARGS_NOT_JSON]: 'The custom_args must be json format',
	[EMAIL_INTERNAL]: 'internal error',
};

export function emailHttpStatus(code: number): number {
	if (code === EMAIL_AUTH_FAILED) return 401;
	if (code === EMAIL_INTERNAL) return 500;
	return 400;
}

export interface EmailTemplate {
	template_id: number;
	name: string;
	template_invoke_name: string;
	html: string | null;
	text: string | null;
	subject: string;
	preview_text: string;
	create_time: string;
	update_time: string;
}

export const EMAIL_TEMPLATES: readonly EmailTemplate[] = [
	{
		template_id: 82522,
		name: 'Welcome',
		template_invoke_name: 'welcome_mail',
		html: '<p>Hello %name%, welcome to %company%!</p>',
		text: null,
		subject: 'Welcome, %name%',
		preview_text: '',
		create_time: '2022-11-10 15:47:05',
		update_time: '2022-11-10 15:47:05',
	},
	{
		template_id: 82523,
		name: 'Receipt',
		template_invoke_name: 'receipt',
		html: '<p>Order %order_no%: %total%</p>',
		text: 'Order %order_no%: %total%',
		subject: 'Your receipt',
		preview_text: 'Thanks for your order',
		create_time: '2022-11-11 10:00:00',
		update_time: '2022-11-12 09:30:00',
	},
	{
		template_id: 82524,
		name: 'Plain notice',
		template_invoke_name: 'plain_notice',
		html: '<p>Our terms have changed.</p>',
		text: null,
		subject: 'Notice',
		preview_text: '',
		create_time: '2022-11-13 08:00:00',
		update_time: '2022-11-13 08:00:00',
	},
];

export interface SentEmail {
	/** Empty for an address-list send (send_mode 2), which answers task_id instead. */
	email_ids: string[];
	task_id?: bigint;
	kind: 'send' | 'sendtemplate';
	from: string;
	to: string[];
	body: JsonObject;
	request_id?: string;
	custom_args?: JsonObject;
}

export interface EmailState extends lists.AddressListState {
	templates: EmailTemplate[];
	/** GET /v1/unsubscribes and /v1/complaints, in creation order (suppressionLists.ts). */
	unsubscribes: Unsubscribe[];
	/** Every accepted add or remove, with the form its addresses came in (unsubscribeWrites.ts). */
	unsubscribeWrites: UnsubscribeWriteCall[];
	complaints: Complaint[];
	/** GET /v1/email_status records, and the times of its calls (60 a minute, deliveryStatus.ts). */
	statuses: DeliveryStatus[];
	statusCalls: number[];
	sent: SentEmail[];
	/** request_id → the first answer and when (ms): a repeat within an hour gets that answer again. */
	requestIds: Map<string, { at: number; answer: JsonObject }>;
	nextId: () => bigint;
}

const HOUR_MS = 3_600_000;

const TOP_FIELDS = ['from', 'to', 'body', 'custom_args', 'request_id'] as const;
const COMMON_BODY_FIELDS = [
	'cc',
	'bcc',
	'reply_to',
	'subject',
	'vars',
	'dynamic_vars',
	'label_id',
	'label_name',
	'headers',
	'attachments',
	'settings',
] as const;
const SETTINGS_FIELDS = [
	'send_mode',
	'return_email_id',
	'sandbox',
	'notification',
	'open_tracking',
	'click_tracking',
	'unsubscribe_tracking',
	'unsubscribe_page_id',
] as const;
/** Header names a caller may not set (case-insensitive), from the send page. */
const RESERVED_HEADERS = [
	'dkim-signature', 'received', 'sender', 'date', 'from', 'to', 'reply-to', 'cc', 'bcc', 'subject', 'content-type',
	'content-transfer-encoding', 'x-sendcloud-uuid', 'x-sendcloud-log', 'x-remote-web-ip', 'x-smtpapi', 'return-path',
	'x-sendcloud-log-new',
];
const SEND_BODY_FIELDS = [...COMMON_BODY_FIELDS, 'content'] as const;
const TEMPLATE_BODY_FIELDS = [...COMMON_BODY_FIELDS, 'template_invoke_name'] as const;
/** `addr` or `Name<addr>`: the docs' examples use both in from, to, cc and bcc. */
const ADDRESS = /^(?:[^<>]*<([^<>\s]+)>|([^<>\s]+))$/;
const MAIL_LIST = /@maillist\.email\.engagelab\.com$/;

function bareAddress(v: string): string | undefined {
	const m = ADDRESS.exec(v.trim());
	const address = m ? (m[1] ?? m[2]) : undefined;
	return address && EMAIL.test(address) ? address : undefined;
}
const KB = 1024;

const invalid = (message: string): Outcome => ({ code: EMAIL_INVALID, message });

function checkAddresses(v: JsonValue | undefined, name: string, max: number, required: boolean): Outcome | undefined {
	if (v === undefined && !required) return undefined;
	if (!isStringArray(v) || (required && v.length === 0)) return invalid(`${name} must be an array of addresses`);
	if (v.length > max) return invalid(`${name} supports at most ${max} addresses`);
	for (const a of v) if (!bareAddress(a)) return invalid(`invalid address in ${name}: ${a}`);
	return undefined;
}

function jsonSize(v: JsonValue): number {
	return Buffer.byteLength(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x)));
}

/** `{"name": ["v1", "v2"]}`: one value per recipient, for `%name%` in the content. */
function checkVars(vars: JsonValue | undefined, recipients: number): Outcome | undefined {
	if (vars === undefined) return undefined;
	if (!isObject(vars)) return invalid('vars must be an object');
	if (jsonSize(vars) > KB * KB) return invalid('vars is larger than 1 MB');
	for (const v of Object.values(vars)) {
		if (!isStringArray(v) || v.length !== recipients) return invalid('each vars value must be one string per recipient');
	}
	return undefined;
}

/** `[{"name": "jim"}]` for `{{name}}` (the detailed page); a single object on an older table. */
function checkDynamicVars(v: JsonValue | undefined): Outcome | undefined {
	if (v === undefined) return undefined;
	const list = Array.isArray(v) ? v : [v];
	if (!list.every((x) => isObject(x))) return invalid('dynamic_vars must be an array of objects');
	return jsonSize(v) > KB * KB ? invalid('dynamic_vars is larger than 1 MB') : undefined;
}

function checkSettings(v: JsonValue | undefined): Outcome | undefined {
	if (v === undefined) return undefined;
	if (!isObject(v) || unknownFields(v, SETTINGS_FIELDS).length) return invalid('invalid settings');
	const mode = v.send_mode;
	if (mode !== undefined && (!isInteger(mode) || mode < 0n || mode > 2n)) return invalid('send_mode must be 0, 1 or 2');
	for (const flag of SETTINGS_FIELDS.slice(1, 7)) {
		if (v[flag] !== undefined && typeof v[flag] !== 'boolean') return invalid(`settings.${flag} must be a boolean`);
	}
	const pages = v.unsubscribe_page_id;
	if (pages !== undefined && !(Array.isArray(pages) && pages.every((p) => isInteger(p)))) {
		return invalid('settings.unsubscribe_page_id must be an array of integers');
	}
	return undefined;
}

function checkHeaders(v: JsonValue | undefined): Outcome | undefined {
	if (v === undefined) return undefined;
	if (!isObject(v) || jsonSize(v) > KB) return invalid('headers must be an object of at most 1 KB');
	const reserved = Object.keys(v).find((k) => RESERVED_HEADERS.includes(k.toLowerCase()));
	if (reserved) return invalid(`header ${reserved} may not be set`);
	return Object.values(v).every((x) => isString(x)) ? undefined : invalid('header values must be strings');
}

function checkAttachments(v: JsonValue | undefined): Outcome | undefined {
	if (v === undefined) return undefined;
	if (!Array.isArray(v)) return invalid('attachments must be an array');
	let total = 0;
	for (const a of v) {
		if (!isObject(a) || unknownFields(a, ['content', 'filename', 'type', 'disposition', 'content_id']).length) {
			return invalid('invalid attachment');
		}
		if (!isNonEmptyString(a.content) || !/^[A-Za-z0-9+/]*={0,2}$/.test(a.content)) return invalid('attachment content must be base64');
		if (!isNonEmptyString(a.filename)) return invalid('attachment filename is required');
		if (a.type !== undefined && !isString(a.type)) return invalid('attachment type must be a string');
		if (a.disposition !== undefined && a.disposition !== 'inline' && a.disposition !== 'attachment') {
			return invalid('attachment disposition must be inline or attachment');
		}
		if (a.disposition === 'inline' && !isNonEmptyString(a.content_id)) return invalid('an inline attachment needs a content_id');
		total += Math.floor((a.content.length * 3) / 4);
	}
	return total > 10 * KB * KB ? invalid('attachments are larger than 10 MB in total') : undefined;
}

function send(state: EmailState, req: JsonObject, kind: SentEmail['kind'], now: number): Outcome {
	const extra = unknownFields(req, TOP_FIELDS);
	if (extra.length) return invalid(`unknown field: ${extra[0]}`);
	const { from, to, body, custom_args, request_id } = req;
	if (from === undefined || from === '') return { code: EMAIL_FROM_EMPTY };
	if (!isString(from) || !bareAddress(from)) return invalid('from must be an address or Name<address>');
	if (custom_args !== undefined) {
		if (!isObject(custom_args)) return { code: EMAIL_CUSTOM_ARGS_NOT_JSON };
		if (jsonSize(custom_args) > KB) return invalid('custom_args is larger than 1 KB');
		if (Object.keys(custom_args).some((k) => k.includes('.'))) return invalid('custom_args keys may not contain "."');
	}
	if (request_id !== undefined && (!isString(request_id) || request_id.length > 128)) {
		return invalid('request_id must be a string of at most 128 characters');
	}
	if (!isObject(body)) return invalid('body is required');
	const bodyExtra = unknownFields(body, kind === 'send' ? SEND_BODY_FIELDS : TEMPLATE_BODY_FIELDS);
	if (bodyExtra.length) return invalid(`unknown field in body: ${bodyExtra[0]}`);
	const settingsProblem = checkSettings(body.settings);
	if (settingsProblem) return settingsProblem;
	const toMailLists = isObject(body.settings) && body.settings.send_mode === 2n;
	const toProblem = toMailLists
		? isStringArray(to) && to.length > 0 && to.length <= 5 && to.every((a) => MAIL_LIST.test(a))
			? undefined
			: invalid('with send_mode 2, to holds 1 to 5 address-list addresses')
		: checkAddresses(to, 'to', 100, true);
	if (toProblem) return toProblem;
	const recipients = (to as string[]).length;
	const problem =
		checkAddresses(body.cc, 'cc', 100, false) ??
		checkAddresses(body.bcc, 'bcc', 100, false) ??
		checkAddresses(body.reply_to, 'reply_to', 3, false) ??
		(toMailLists ? undefined : checkVars(body.vars, recipients)) ??
		checkDynamicVars(body.dynamic_vars) ??
		checkAttachments(body.attachments) ??
		checkHeaders(body.headers);
	if (problem) return problem;
	if (body.label_id !== undefined && !isString(body.label_id) && !isInteger(body.label_id)) {
		return invalid('label_id must be a string or an integer');
	}
	if (body.label_name !== undefined && !isString(body.label_name)) return invalid('label_name must be a string');
	const subject = body.subject;
	if (kind === 'send') {
		if (!isNonEmptyString(subject)) return invalid('subject is required');
		const content = body.content;
		if (!isObject(content) || unknownFields(content, ['html', 'text', 'preview_text']).length) return invalid('invalid content');
		for (const v of Object.values(content)) if (!isString(v)) return invalid('content fields must be strings');
		if (!isNonEmptyString(content.html) && !isNonEmptyString(content.text)) return invalid('content needs html or text');
	} else {
		if (!isNonEmptyString(body.template_invoke_name)) return invalid('template_invoke_name is required');
		if (subject !== undefined && !isString(subject)) return invalid('subject must be a string');
		if (!state.templates.some((t) => t.template_invoke_name === body.template_invoke_name)) {
			return { raw: { status: 404, body: 'not found', contentType: 'text/plain' } };
		}
	}
	if (isString(subject) && [...subject].length > 256) return invalid('subject is longer than 256 characters');
	if (isString(request_id) && request_id !== '') {
		const earlier = state.requestIds.get(request_id);
		if (earlier && now - earlier.at < HOUR_MS) return { ok: earlier.answer };
	}
	const record: SentEmail = {
		email_ids: [],
		kind,
		from,
		to: to as string[],
		body,
		...(isString(request_id) && { request_id }),
		...(isObject(custom_args) && { custom_args }),
	};
	let answer: JsonObject;
	if (toMailLists) {
		record.task_id = state.nextId();
		answer = { task_id: [record.task_id], request_id: isString(request_id) ? request_id : '' };
	} else {
		record.email_ids = (to as string[]).map((a, i) => `${state.nextId()}_15555555_32350_1350.sc-emulator-inbound${i}$${bareAddress(a)}`);
		answer = { email_ids: record.email_ids, request_id: isString(request_id) ? request_id : '' };
	}
	state.sent.push(record);
	if (isString(request_id) && request_id !== '') state.requestIds.set(request_id, { at: now, answer });
	return { ok: answer };
}

function listTemplates(state: EmailState, query: URLSearchParams): Outcome {
	const refused = refuseTemplateQuery(query, ['offset', 'limit', 'name', 'template_invoke_name'], EMAIL_INVALID);
	if (refused) return refused;
	const { offset, limit } = offsetLimit(query);
	if (offset === undefined || limit === undefined) return invalid('offset/limit out of range');
	const name = query.get('name');
	const invoke = query.get('template_invoke_name');
	const matching = state.templates.filter(
		(t) => (name === null || t.name.includes(name)) && (invoke === null || t.template_invoke_name === invoke),
	);
	const page = matching.slice(offset, offset + limit);
	return { ok: { result: page as unknown as JsonObject[], count: page.length, total: matching.length } };
}

export const EMAIL_SPEC: ProductSpec<EmailState> = {
	name: 'email',
	defaultErrorStyle: 'httpStatus',
	authFailedCode: EMAIL_AUTH_FAILED,
	badJsonCode: EMAIL_INVALID,
	internalErrorCode: EMAIL_INTERNAL,
	messages: EMAIL_MESSAGES,
	httpStatusFor: emailHttpStatus,
	createState: () => ({
		templates: EMAIL_TEMPLATES.map((t) => ({ ...t })),
		unsubscribes: [],
		unsubscribeWrites: [],
		complaints: [],
		statuses: [],
		statusCalls: [],
		sent: [],
		requestIds: new Map(),
		nextId: makeIdFactory(1447054895514n),
		addressLists: [],
		addressListCalls: [],
		descriptionField: 'description',
		nextListId: makeIdFactory(2_112_423n),
	}),
	requestKey: firstRecipient,
	routes: [
		{ method: 'POST', pattern: /^\/v1\/mail\/send$/, handle: (ctx) => send(ctx.state, ctx.body as JsonObject, 'send', ctx.now) },
		{ method: 'POST', pattern: /^\/v1\/mail\/sendtemplate$/, handle: (ctx) => send(ctx.state, ctx.body as JsonObject, 'sendtemplate', ctx.now) },
		{ method: 'GET', pattern: /^\/v1\/templates$/, handle: (ctx) => listTemplates(ctx.state, ctx.query) },
		{
			method: 'GET',
			pattern: /^\/v1\/unsubscribes$/,
			handle: (ctx) => {
				const apiUser = ctx.query.get('api_user');
				return suppressionPage(ctx.state.unsubscribes, ctx.query, 'unsubscribe_time', ['api_user'], (r) => apiUser === null || r.api_user === apiUser);
			},
		},
		{ method: 'POST', pattern: /^\/v1\/unsubscribes$/, handle: (ctx) => addUnsubscribes(ctx.state.unsubscribes, ctx.state.unsubscribeWrites, ctx.body, EMAIL_API_USER, ctx.now) },
		{ method: 'DELETE', pattern: /^\/v1\/unsubscribes$/, handle: (ctx) => removeUnsubscribes(ctx.state, ctx.state.unsubscribeWrites, ctx.query, undefined, ctx.body) },
		{ method: 'DELETE', pattern: /^\/v1\/unsubscribes\/([^/]+)$/, handle: (ctx) => removeUnsubscribes(ctx.state, ctx.state.unsubscribeWrites, ctx.query, ctx.params[0], ctx.body) },
		{ method: 'GET', pattern: /^\/v1\/email_status$/, handle: (ctx) => emailStatus(ctx.state.statuses, ctx.state.statusCalls, ctx.query, ctx.now) },
		{ method: 'GET', pattern: /^\/v1\/(?:stats_day|day_stats)$/, handle: (ctx) => statsDay(ctx.query) },
		{ method: 'GET', pattern: /^\/v1\/complaints$/, handle: (ctx) => suppressionPage(ctx.state.complaints, ctx.query, 'complaint_time', []) },
		{ method: 'GET', pattern: /^\/v1\/address_lists$/, handle: (ctx) => lists.getAddressLists(ctx.state, ctx.query) },
		{ method: 'POST', pattern: /^\/v1\/address_lists$/, handle: (ctx) => lists.createAddressList(ctx.state, ctx.body, ctx.now) },
		{ method: 'DELETE', pattern: /^\/v1\/address_lists$/, handle: (ctx) => lists.deleteAddressList(ctx.state, undefined, ctx.query) },
		{ method: 'GET', pattern: /^\/v1\/address_lists\/([^/]+)$/, handle: (ctx) => lists.getAddressList(ctx.state, ctx.params[0]) },
		{ method: 'DELETE', pattern: /^\/v1\/address_lists\/([^/]+)$/, handle: (ctx) => lists.deleteAddressList(ctx.state, ctx.params[0], ctx.query) },
		{ method: 'GET', pattern: /^\/v1\/address_lists\/([^/]+)\/members$/, handle: (ctx) => lists.getMembers(ctx.state, ctx.params[0], ctx.query) },
		{ method: 'POST', pattern: /^\/v1\/address_lists\/([^/]+)\/members$/, handle: (ctx) => lists.addMembers(ctx.state, ctx.params[0], ctx.body, ctx.now) },
		{ method: 'DELETE', pattern: /^\/v1\/address_lists\/([^/]+)\/members$/, handle: (ctx) => lists.removeMembers(ctx.state, ctx.params[0], ctx.query, ctx.body, ctx.now) },
		templateById(
			/^\/v1\/templates\/([^/]+)$/,
			(state: EmailState, id) => state.templates.find((t) => t.template_invoke_name === id),
			(template) => ({ result: template as unknown as JsonObject }),
			invalid('template does not exist'),
		),
	],
};

export function emailEmulator(options?: MessagingEmulatorOptions): MessagingEmulator<EmailState> {
	return new MessagingEmulator(EMAIL_SPEC, { [EMAIL_API_USER]: { secret: EMAIL_API_KEY } }, options);
}
