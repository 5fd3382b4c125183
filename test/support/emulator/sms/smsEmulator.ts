/**
 * EngageLab SMS, per docs/sms/api.md: POST /v1/messages, GET /v1/template-configs[/:id].
 * Codes are the provisional platform family (sms.md, "Errors").
 */
import {
	firstRecipient,
	isInteger,
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
	type MessagingEmulatorOptions,
	type Outcome,
	type ProductSpec,
} from '../productEmulator';
import { refuseTemplateQuery } from '../templateQuery';

export const SMS_KEY = 'sms-dev-key';
export const SMS_SECRET = 'sms-dev-secret-Qx7';

export const SMS_MESSAGES: Readonly<Record<number, string>> = {
	...PLATFORM_MESSAGES,
	2002: 'dev_key expired or disabled',
	3003: 'business validation failed',
	4001: 'template not found or not approved',
};

export const smsHttpStatus = platformHttpStatus([2001, 2002]);

export interface SmsTemplate {
	template_id: string;
	template_name: string;
	template_type: 'utility' | 'marketing' | 'authentication';
	template_content: string;
	country_codes: string;
	status: 1 | 2 | 3;
	sign_id?: string;
	sign_name?: string;
	sign_position?: 0 | 1 | 2;
	sign_status?: number;
	audit_remark: string;
	created_time: number;
	updated_time: number;
}

/** Fixture templates: two approved (one with variables, one without), one pending review. */
export const SMS_TEMPLATES: readonly SmsTemplate[] = [
	{
		template_id: '123456789',
		template_name: 'Order Notification',
		template_type: 'utility',
		template_content: 'Your order {order_no} has shipped and arrives by {delivery_time}',
		country_codes: 'SG,US',
		status: 2,
		sign_id: '987654321',
		sign_name: 'Acme',
		sign_position: 2,
		sign_status: 2,
		audit_remark: '',
		created_time: 1700000000,
		updated_time: 1700000500,
	},
	{
		template_id: '123456790',
		template_name: 'Welcome',
		template_type: 'marketing',
		template_content: 'Welcome to Acme! Reply STOP to opt out.',
		country_codes: 'SG',
		status: 2,
		audit_remark: '',
		created_time: 1700001000,
		updated_time: 1700001000,
	},
	{
		template_id: '123456791',
		template_name: 'Pending Promo',
		template_type: 'marketing',
		template_content: 'Hi {{name}}, {{discount}} off today only',
		country_codes: 'SG',
		status: 1,
		audit_remark: '',
		created_time: 1700002000,
		updated_time: 1700002000,
	},
];

export interface SentSms {
	plan_id: string;
	message_id?: string;
	task_id?: bigint;
	to: string[];
	template_id: string;
	params: Record<string, string>;
	plan_name?: string;
	schedule_time?: bigint;
	custom_args?: JsonObject;
}

export interface SmsState {
	templates: SmsTemplate[];
	sent: SentSms[];
	/** Accept a digit-only JSON number as template.id (the older doc pages' examples). Off: strict. */
	acceptNumericTemplateId: boolean;
	/** Numbers EngageLab refuses (counted in total_count, not accepted_count). */
	refusedNumbers: Set<string>;
	nextId: () => bigint;
}

const SEND_FIELDS = ['to', 'template', 'plan_name', 'schedule_time', 'custom_args'] as const;
const TEMPLATE_FIELDS = ['id', 'params'] as const;
/** Bare digits or E.164: the docs show both (`923700056581`, `+8618701235678`). */
const PHONE = /^\+?[1-9]\d{6,14}$/;

function send(state: SmsState, body: JsonObject, nowMs: number): Outcome {
	if (unknownFields(body, SEND_FIELDS).length) return { code: 3002, message: `unknown field: ${unknownFields(body, SEND_FIELDS)[0]}` };
	const { to, template, plan_name, schedule_time, custom_args } = body;
	if (!Array.isArray(to) || to.length === 0) return { code: 3002, message: 'to must be a non-empty array' };
	for (const n of to) if (!isString(n) || !PHONE.test(n)) return { code: 3002, message: 'invalid phone number in to' };
	if (!isObject(template)) return { code: 3002, message: 'template is required' };
	if (unknownFields(template, TEMPLATE_FIELDS).length) return { code: 3002, message: 'unknown field in template' };
	let id = template.id;
	if (state.acceptNumericTemplateId && isInteger(id)) id = String(id);
	if (!isNonEmptyString(id)) return { code: 3002, message: 'template.id must be a string' };
	if (!isStringMap(template.params)) return { code: 3002, message: 'template.params must be an object of strings' };
	if (plan_name !== undefined && !isString(plan_name)) return { code: 3002, message: 'plan_name must be a string' };
	if (custom_args !== undefined && !isObject(custom_args)) return { code: 3002, message: 'custom_args must be an object' };
	if (schedule_time !== undefined) {
		if (!isInteger(schedule_time) || schedule_time <= 0n) return { code: 3002, message: 'schedule_time must be a positive integer' };
		const now = BigInt(Math.floor(nowMs / 1000));
		if (schedule_time < now + 180n || schedule_time > now + 30n * 86400n) {
			return { code: 3003, message: 'schedule_time must be 3 minutes to 30 days ahead' };
		}
	}
	const tpl = state.templates.find((t) => t.template_id === id);
	if (!tpl || tpl.status !== 2) return { code: 4001 };
	const numbers = to as string[];
	const accepted = numbers.filter((n) => !state.refusedNumbers.has(n)).length;
	const plan_id = String(state.nextId());
	const record: SentSms = { plan_id, to: numbers, template_id: id, params: template.params };
	if (plan_name !== undefined) record.plan_name = plan_name as string;
	if (custom_args !== undefined) record.custom_args = custom_args as JsonObject;
	const answer: JsonObject = { plan_id, total_count: BigInt(numbers.length), accepted_count: BigInt(accepted) };
	if (schedule_time !== undefined) {
		record.schedule_time = schedule_time as bigint;
		record.task_id = state.nextId();
		answer.schedule_info = { task_id: record.task_id };
	} else {
		record.message_id = String(state.nextId());
		answer.message_id = record.message_id;
	}
	state.sent.push(record);
	return { ok: answer };
}

export const SMS_SPEC: ProductSpec<SmsState> = {
	name: 'sms',
	defaultErrorStyle: 'http200',
	...PLATFORM_CODES,
	messages: SMS_MESSAGES,
	httpStatusFor: smsHttpStatus,
	createState: () => ({
		templates: SMS_TEMPLATES.map((t) => ({ ...t })),
		sent: [],
		acceptNumericTemplateId: false,
		refusedNumbers: new Set(),
		nextId: makeIdFactory(1972488990548348928n),
	}),
	requestKey: firstRecipient,
	routes: [
		{ method: 'POST', pattern: /^\/v1\/messages$/, handle: (ctx) => send(ctx.state, ctx.body as JsonObject, ctx.now) },
		{
			method: 'GET',
			pattern: /^\/v1\/template-configs$/,
			// The list takes no filter (docs/sms/api.md): any query parameter is refused.
			handle: (ctx) => refuseTemplateQuery(ctx.query, [], 3002) ?? { ok: ctx.state.templates as unknown as JsonObject[] },
		},
		templateById(/^\/v1\/template-configs\/([^/]+)$/, (state: SmsState, id) => state.templates.find((t) => t.template_id === id)),
	],
};

export function smsEmulator(options?: MessagingEmulatorOptions): MessagingEmulator<SmsState> {
	return new MessagingEmulator(SMS_SPEC, { [SMS_KEY]: { secret: SMS_SECRET } }, options);
}

