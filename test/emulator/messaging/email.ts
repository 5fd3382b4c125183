/**
 * EngageLab Email, per docs/messaging/email.md: POST /v1/mail/send, POST /v1/mail/sendtemplate,
 * GET /v1/templates. Documented codes: 30000 (auth, HTTP 401) and 30202 (HTTP 400, the only
 * parameter error the docs show; the emulator uses it for every invalid request — provisional).
 */
import {
	EMAIL,
	isInteger,
	isNonEmptyString,
	isObject,
	isString,
	isStringArray,
	makeIdFactory,
	MessagingEmulator,
	unknownFields,
	type JsonObject,
	type JsonValue,
	type MessagingEmulatorOptions,
	type Outcome,
	type ProductSpec,
} from './server';

export const EMAIL_API_USER = 'acme_trigger';
export const EMAIL_API_KEY = 'email-api-key-Hy2';

export const EMAIL_AUTH_FAILED = 30000;
export const EMAIL_INVALID = 30202;
/** Not documented: the emulator's own code for its internal-error fault (HTTP 500). */
export const EMAIL_INTERNAL = 50000;

export const EMAIL_MESSAGES: Readonly<Record<number, string>> = {
	[EMAIL_AUTH_FAILED]: 'Authentication failed',
	[EMAIL_INVALID]: 'invalid parameter',
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
	email_ids: string[];
	kind: 'send' | 'sendtemplate';
	from: string;
	to: string[];
	body: JsonObject;
	request_id?: string;
	custom_args?: JsonObject;
}

export interface EmailState {
	templates: EmailTemplate[];
	sent: SentEmail[];
	nextId: () => bigint;
}

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
	// Placement of send_mode is not readable in the docs (email.md, Gaps 2): both accepted.
	'settings',
	'send_mode',
] as const;
const SEND_BODY_FIELDS = [...COMMON_BODY_FIELDS, 'content'] as const;
const TEMPLATE_BODY_FIELDS = [...COMMON_BODY_FIELDS, 'template_invoke_name'] as const;
const FROM = /^(?:[^<>]*<([^<>\s]+)>|([^<>\s]+))$/;
const KB = 1024;

const invalid = (message: string): Outcome => ({ code: EMAIL_INVALID, message });

function addressList(v: JsonValue | undefined, name: string, max: number, required: boolean): Outcome | undefined {
	if (v === undefined && !required) return undefined;
	if (!isStringArray(v) || (required && v.length === 0)) return invalid(`${name} must be an array of addresses`);
	if (v.length > max) return invalid(`${name} supports at most ${max} addresses`);
	for (const a of v) if (!EMAIL.test(a)) return invalid(`invalid address in ${name}: ${a}`);
	return undefined;
}

function jsonSize(v: JsonValue): number {
	return Buffer.byteLength(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? String(x) : x)));
}

function checkVars(vars: JsonValue | undefined, recipients: number): Outcome | undefined {
	if (vars === undefined) return undefined;
	if (!isObject(vars)) return invalid('vars must be an object');
	if (jsonSize(vars) > KB * KB) return invalid('vars is larger than 1 MB');
	for (const v of Object.values(vars)) {
		const ok = isString(v) || (isStringArray(v) && v.length === recipients);
		if (!ok) return invalid('each vars value must be a string or one string per recipient');
	}
	return undefined;
}

function checkAttachments(v: JsonValue | undefined): Outcome | undefined {
	if (v === undefined) return undefined;
	if (!Array.isArray(v)) return invalid('attachments must be an array');
	let total = 0;
	for (const a of v) {
		if (!isObject(a) || unknownFields(a, ['content', 'filename']).length) return invalid('invalid attachment');
		if (!isNonEmptyString(a.content) || !/^[A-Za-z0-9+/]*={0,2}$/.test(a.content)) return invalid('attachment content must be base64');
		if (!isNonEmptyString(a.filename)) return invalid('attachment filename is required');
		total += Math.floor((a.content.length * 3) / 4);
	}
	return total > 10 * KB * KB ? invalid('attachments are larger than 10 MB in total') : undefined;
}

function send(state: EmailState, req: JsonObject, kind: SentEmail['kind']): Outcome {
	const extra = unknownFields(req, TOP_FIELDS);
	if (extra.length) return invalid(`unknown field: ${extra[0]}`);
	const { from, to, body, custom_args, request_id } = req;
	const m = isString(from) ? FROM.exec(from.trim()) : null;
	if (!m || !EMAIL.test(m[1] ?? m[2])) return invalid('from must be an address or Name<address>');
	const toProblem = addressList(to, 'to', 100, true);
	if (toProblem) return toProblem;
	const recipients = (to as string[]).length;
	if (custom_args !== undefined) {
		if (!isObject(custom_args)) return invalid('custom_args must be an object');
		if (jsonSize(custom_args) > KB) return invalid('custom_args is larger than 1 KB');
		if (Object.keys(custom_args).some((k) => k.includes('.'))) return invalid('custom_args keys may not contain "."');
	}
	if (request_id !== undefined && (!isString(request_id) || request_id.length > 128)) {
		return invalid('request_id must be a string of at most 128 characters');
	}
	if (!isObject(body)) return invalid('body is required');
	const bodyExtra = unknownFields(body, kind === 'send' ? SEND_BODY_FIELDS : TEMPLATE_BODY_FIELDS);
	if (bodyExtra.length) return invalid(`unknown field in body: ${bodyExtra[0]}`);
	const problem =
		addressList(body.cc, 'cc', 100, false) ??
		addressList(body.bcc, 'bcc', 100, false) ??
		addressList(body.reply_to, 'reply_to', 3, false) ??
		checkVars(body.vars, recipients) ??
		checkAttachments(body.attachments);
	if (problem) return problem;
	if (body.dynamic_vars !== undefined && !isObject(body.dynamic_vars)) return invalid('dynamic_vars must be an object');
	for (const name of ['label_id', 'label_name'] as const) {
		if (body[name] !== undefined && !isString(body[name])) return invalid(`${name} must be a string`);
	}
	if (body.headers !== undefined && (!isObject(body.headers) || jsonSize(body.headers) > KB)) {
		return invalid('headers must be an object of at most 1 KB');
	}
	const sendMode = isObject(body.settings) ? body.settings.send_mode : body.send_mode;
	if (body.settings !== undefined && (!isObject(body.settings) || unknownFields(body.settings, ['send_mode']).length)) {
		return invalid('invalid settings');
	}
	if (sendMode !== undefined && (!isInteger(sendMode) || sendMode < 0n || sendMode > 1n)) return invalid('send_mode must be 0 or 1');
	const subject = body.subject;
	if (kind === 'send') {
		if (!isNonEmptyString(subject)) return invalid('subject is required');
		const content = body.content;
		if (!isObject(content) || unknownFields(content, ['html', 'text', 'preview_text']).length) return invalid('invalid content');
		if (!isNonEmptyString(content.html) && !isNonEmptyString(content.text)) return invalid('content needs html or text');
		for (const v of Object.values(content)) if (!isString(v)) return invalid('content fields must be strings');
	} else {
		if (!isNonEmptyString(body.template_invoke_name)) return invalid('template_invoke_name is required');
		if (!state.templates.some((t) => t.template_invoke_name === body.template_invoke_name)) return invalid('template does not exist');
		if (subject !== undefined && !isString(subject)) return invalid('subject must be a string');
	}
	if (isString(subject) && [...subject].length > 256) return invalid('subject is longer than 256 characters');
	const email_ids = (to as string[]).map(() => `${state.nextId()}_${EMAIL_API_USER}`);
	state.sent.push({
		email_ids,
		kind,
		from: from as string,
		to: to as string[],
		body,
		...(isString(request_id) && { request_id }),
		...(isObject(custom_args) && { custom_args }),
	});
	return { ok: { email_ids, ...(isString(request_id) && { request_id }) } };
}

function listTemplates(state: EmailState, query: URLSearchParams): Outcome {
	const int = (name: string, def: number, max: number) => {
		const raw = query.get(name);
		if (raw === null) return def;
		return /^\d+$/.test(raw) && Number(raw) <= max ? Number(raw) : undefined;
	};
	const offset = int('offset', 0, Number.MAX_SAFE_INTEGER);
	const limit = int('limit', 100, 100);
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
		sent: [],
		nextId: makeIdFactory(1447054895514_000000n),
	}),
	requestKey: (body) => (isObject(body) && Array.isArray(body.to) && isString(body.to[0]) ? body.to[0] : undefined),
	routes: [
		{ method: 'POST', pattern: /^\/v1\/mail\/send$/, handle: (ctx) => send(ctx.state, ctx.body as JsonObject, 'send') },
		{ method: 'POST', pattern: /^\/v1\/mail\/sendtemplate$/, handle: (ctx) => send(ctx.state, ctx.body as JsonObject, 'sendtemplate') },
		{ method: 'GET', pattern: /^\/v1\/templates$/, handle: (ctx) => listTemplates(ctx.state, ctx.query) },
		{
			method: 'GET',
			pattern: /^\/v1\/templates\/([^/]+)$/,
			handle: (ctx) => {
				const tpl = ctx.state.templates.find((t) => t.template_invoke_name === ctx.params[0]);
				return tpl ? { ok: { result: tpl as unknown as JsonObject } } : invalid('template does not exist');
			},
		},
	],
};

export function emailEmulator(options?: MessagingEmulatorOptions): MessagingEmulator<EmailState> {
	return new MessagingEmulator(EMAIL_SPEC, { [EMAIL_API_USER]: { secret: EMAIL_API_KEY } }, options);
}
