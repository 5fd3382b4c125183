/**
 * EngageLab OTP, per docs/otp/api.md: POST /v1/messages (generated code), /v1/codes
 * (your code), /v1/verifications, /v1/custom-messages; GET /v1/template-configs[/:id].
 * Codes from EngageLab's OTP error table (otp.md, "Errors").
 */
import {
	E164,
	EMAIL,
	isNonEmptyString,
	isObject,
	isString,
	isStringMap,
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

export const OTP_KEY = 'otp-dev-key';
export const OTP_SECRET = 'otp-dev-secret-Lm3';

export const OTP_MESSAGES: Readonly<Record<number, string>> = {
	...PLATFORM_MESSAGES,
	2002: 'dev_key expired or disabled',
	3003: 'verification code expired or already verified',
	3004: 'too frequent: a code for this recipient and template is still valid',
	4001: 'template not found',
	5011: 'invalid phone number format',
	5012: 'recipient unreachable',
	5013: 'number blacklisted',
	5014: 'content violates policy',
	5015: 'message intercepted',
	5016: 'internal send error',
	5017: 'no permission for mainland China',
	5018: 'handset off or suspended',
	5019: 'user unsubscribed',
	5020: 'number unregistered or empty',
};

export const otpHttpStatus = platformHttpStatus([2001, 2002]);

export const OTP_LANGUAGES = ['default', 'zh_CN', 'zh_HK', 'en', 'ja', 'th', 'es'] as const;

export interface OtpTemplate {
	template_id: string;
	description: string;
	send_channel_strategy: string;
	brand_name?: string;
	/** Present for verification-code templates. */
	verify_code_config?: { verify_code_type: number; verify_code_len: number; verify_code_ttl: number };
	sms_config?: JsonObject;
	email_config?: JsonObject;
	whatsapp_config?: JsonObject;
	created_time: number;
	status: number;
	audit_remark: string;
}

/** Fixtures: a code template (whatsapp → sms), an email code template, a notification template. */
export const OTP_TEMPLATES: readonly OtpTemplate[] = [
	{
		template_id: 'login-code',
		description: 'Login code',
		send_channel_strategy: 'whatsapp|sms',
		brand_name: 'Acme',
		verify_code_config: { verify_code_type: 1, verify_code_len: 6, verify_code_ttl: 5 },
		whatsapp_config: { template_type: 1 },
		sms_config: {
			template_type: 2,
			template_custom_config: {
				custom_sub_type: 'authentication',
				custom_content: 'Hi {{name}}, your Acme code is {{code}}, valid {{ttl}} minutes',
			},
		},
		created_time: 1700000000,
		status: 2,
		audit_remark: '',
	},
	{
		template_id: 'email-code',
		description: 'Email code',
		send_channel_strategy: 'email',
		verify_code_config: { verify_code_type: 1, verify_code_len: 6, verify_code_ttl: 10 },
		email_config: {
			template_name: 'email-code',
			template_custom_configs: [
				{ language: 'default', pre_from_mail: 'no-reply@acme.test', pre_subject: 'Your code', template_content: '<p>{{code}}</p>' },
			],
		},
		created_time: 1700001000,
		status: 2,
		audit_remark: '',
	},
	{
		template_id: 'order-notice',
		description: 'Order notice (custom message)',
		send_channel_strategy: 'sms',
		sms_config: {
			template_type: 2,
			template_custom_config: { custom_sub_type: 'utility', custom_content: 'Order {{order_no}} shipped' },
		},
		created_time: 1700002000,
		status: 2,
		audit_remark: '',
	},
];

export interface OtpMessage {
	message_id: string;
	to: string;
	template_id: string;
	language: string;
	params: Record<string, string>;
	send_channel: string;
	kind: 'generated' | 'custom-code' | 'custom-message';
	/** The code EngageLab generated (generated) or was given (custom-code). */
	code?: string;
	expiresAt: number;
	verified: boolean;
}

export interface OtpState {
	templates: OtpTemplate[];
	messages: OtpMessage[];
	/** Recipients that fail with a delivery code (5011…5020), e.g. `+10000000002` → 5012. */
	failingRecipients: Map<string, number>;
	nextId: () => bigint;
	/** Makes the generated codes: deterministic so tests can read them back. */
	nextCode: () => string;
}

const SEND_FIELDS = ['to', 'template'] as const;
const CODES_FIELDS = ['to', 'code', 'template'] as const;
const TEMPLATE_FIELDS = ['id', 'language', 'params'] as const;
const CUSTOM_TEMPLATE_FIELDS = ['id', 'params'] as const;

function checkRecipient(state: OtpState, to: JsonValue | undefined): Outcome | undefined {
	if (!isNonEmptyString(to)) return { code: 3002, message: 'to must be a phone number or email string' };
	const recipient = to;
	if (recipient.includes('@')) return EMAIL.test(recipient) ? undefined : { code: 3002, message: 'invalid email address' };
	if (!E164.test(recipient)) return { code: 5011 };
	const failure = state.failingRecipients.get(recipient);
	return failure === undefined ? undefined : { code: failure };
}

function sendMessage(
	state: OtpState,
	body: JsonObject,
	now: number,
	kind: OtpMessage['kind'],
): Outcome {
	const fields = kind === 'custom-code' ? CODES_FIELDS : SEND_FIELDS;
	const extra = unknownFields(body, fields);
	if (extra.length) return { code: 3002, message: `unknown field: ${extra[0]}` };
	const recipientProblem = checkRecipient(state, body.to);
	if (recipientProblem) return recipientProblem;
	const template = body.template;
	if (!isObject(template)) return { code: 3002, message: 'template is required' };
	const templateFields = kind === 'custom-message' ? CUSTOM_TEMPLATE_FIELDS : TEMPLATE_FIELDS;
	if (unknownFields(template, templateFields).length) return { code: 3002, message: 'unknown field in template' };
	if (!isNonEmptyString(template.id)) return { code: 3002, message: 'template.id must be a string' };
	const language = template.language ?? 'default';
	if (!isString(language) || !(OTP_LANGUAGES as readonly string[]).includes(language)) {
		return { code: 3002, message: 'unsupported template.language' };
	}
	const params = template.params ?? {};
	if (!isStringMap(params)) return { code: 3002, message: 'template.params values must be strings' };
	let code: string | undefined;
	if (kind === 'custom-code') {
		if (!isNonEmptyString(body.code)) return { code: 3002, message: 'code must be a non-empty string' };
		code = body.code;
	}
	const tpl = state.templates.find((t) => t.template_id === template.id);
	if (!tpl || tpl.status !== 2) return { code: 4001 };
	const to = body.to as string;
	if (kind === 'custom-message' && tpl.verify_code_config && !isNonEmptyString(params.code)) {
		return { code: 3002, message: 'params.code is required for a verification-code template' };
	}
	if (kind !== 'custom-message') {
		if (!tpl.verify_code_config) return { code: 3002, message: 'template is not a verification-code template' };
		const live = state.messages.find(
			(m) => m.to === to && m.template_id === tpl.template_id && m.kind !== 'custom-message' && !m.verified && m.expiresAt > now,
		);
		if (live) return { code: 3004 };
	}
	const ttlMinutes = tpl.verify_code_config?.verify_code_ttl ?? 0;
	const channel = to.includes('@') ? 'email' : tpl.send_channel_strategy.split('|')[0];
	const message: OtpMessage = {
		message_id: String(state.nextId()),
		to,
		template_id: tpl.template_id,
		language,
		params,
		send_channel: channel,
		kind,
		code: kind === 'generated' ? state.nextCode() : code,
		expiresAt: now + ttlMinutes * 60_000,
		verified: false,
	};
	state.messages.push(message);
	return { ok: { message_id: message.message_id, send_channel: message.send_channel } };
}

function verify(state: OtpState, body: JsonObject, now: number): Outcome {
	const extra = unknownFields(body, ['message_id', 'verify_code']);
	if (extra.length) return { code: 3002, message: `unknown field: ${extra[0]}` };
	if (!isNonEmptyString(body.message_id)) return { code: 3002, message: 'message_id must be a string' };
	if (!isNonEmptyString(body.verify_code)) return { code: 3002, message: 'verify_code must be a string' };
	const message = state.messages.find((m) => m.message_id === body.message_id && m.kind === 'generated');
	// Unknown id, already verified or expired: the docs give one code (3003) for "cannot verify".
	if (!message || message.verified || message.expiresAt <= now) return { code: 3003 };
	const verified = message.code === body.verify_code;
	if (verified) message.verified = true;
	return { ok: { message_id: message.message_id, verify_code: body.verify_code, verified } };
}

/** The list omits content (docs: "mainly removes the specific content"). */
function summary(t: OtpTemplate): JsonObject {
	const { sms_config, email_config, ...rest } = t;
	const strip = (c: JsonObject | undefined) => (c ? { template_type: c.template_type ?? null } : undefined);
	return {
		...(rest as unknown as JsonObject),
		...(sms_config && { sms_config: strip(sms_config) }),
		...(email_config && { email_config: { template_name: email_config.template_name } }),
	} as JsonObject;
}

export const OTP_SPEC: ProductSpec<OtpState> = {
	name: 'otp',
	defaultErrorStyle: 'httpStatus',
	...PLATFORM_CODES,
	messages: OTP_MESSAGES,
	httpStatusFor: otpHttpStatus,
	createState: () => {
		let code = 123456;
		return {
			templates: OTP_TEMPLATES.map((t) => ({ ...t })),
			messages: [],
			failingRecipients: new Map(),
			nextId: makeIdFactory(1725407449772531712n),
			nextCode: () => String(code++),
		};
	},
	requestKey: (body) => {
		if (!isObject(body)) return undefined;
		if (isString(body.to)) return body.to;
		return isString(body.message_id) ? body.message_id : undefined;
	},
	routes: [
		{ method: 'POST', pattern: /^\/v1\/messages$/, handle: (ctx) => sendMessage(ctx.state, ctx.body as JsonObject, ctx.now, 'generated') },
		{ method: 'POST', pattern: /^\/v1\/codes$/, handle: (ctx) => sendMessage(ctx.state, ctx.body as JsonObject, ctx.now, 'custom-code') },
		{
			method: 'POST',
			pattern: /^\/v1\/custom-messages$/,
			handle: (ctx) => sendMessage(ctx.state, ctx.body as JsonObject, ctx.now, 'custom-message'),
		},
		{ method: 'POST', pattern: /^\/v1\/verifications$/, handle: (ctx) => verify(ctx.state, ctx.body as JsonObject, ctx.now) },
		// The list takes no filter (docs/otp/api.md): any query parameter is refused.
		{ method: 'GET', pattern: /^\/v1\/template-configs$/, handle: (ctx) => refuseTemplateQuery(ctx.query, [], 3002) ?? { ok: ctx.state.templates.map(summary) } },
		templateById(/^\/v1\/template-configs\/([^/]+)$/, (state: OtpState, id) => state.templates.find((t) => t.template_id === id)),
	],
};

export function otpEmulator(options?: MessagingEmulatorOptions): MessagingEmulator<OtpState> {
	return new MessagingEmulator(OTP_SPEC, { [OTP_KEY]: { secret: OTP_SECRET } }, options);
}

/** The code EngageLab generated for a message (what the user would have received). */
export function generatedCode(emulator: MessagingEmulator<OtpState>, messageId: string): string | undefined {
	return emulator.state.messages.find((m) => m.message_id === messageId)?.code;
}
