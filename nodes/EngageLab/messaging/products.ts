/**
 * The four messaging products as data: each one's n8n credential type, hosts, key-pair field
 * names, error tables and the read-only call its credential test makes. The transport, the
 * credential tests and the credential types read these; nothing else names a product's host.
 * Facts: docs/messaging/<product>.md.
 */
import { EMAIL_ERROR_CODES, EMAIL_HTTP_STATUS_OVERRIDES } from '../products/email/errorTable';
import { EMAIL_HOSTS } from '../products/email/hosts';
import type { MessagingErrorInfo } from '../products/errorInfo';
import { OTP_ERROR_CODES } from '../products/otp/errorTable';
import { OTP_HOSTS } from '../products/otp/hosts';
import { SMS_ERROR_CODES } from '../products/sms/errorTable';
import { SMS_HOSTS } from '../products/sms/hosts';
import { WHATSAPP_ERROR_CODES } from '../products/whatsapp/errorTable';
import { WHATSAPP_HOSTS } from '../products/whatsapp/hosts';

type ProductName = 'sms' | 'otp' | 'email' | 'whatsapp';

export interface MessagingProduct {
	name: ProductName;
	/** As users see it in messages: "EngageLab SMS". */
	title: string;
	/** The n8n credential type (credentials/EngageLab<Product>Api.credentials.ts). */
	credentialType: string;
	/** The credential test's name (the node's methods.credentialTest and the credential's testedBy). */
	testName: string;
	hosts: Readonly<Record<string, string>>;
	defaultHost: string;
	/** The credential's fields holding the Basic user and password. */
	userField: string;
	passwordField: string;
	errorCodes: Readonly<Record<number, MessagingErrorInfo>>;
	/** What a bare HTTP status means for this product before the generic fallback (Email's 404). */
	statusOverrides?: Readonly<Record<number, Omit<MessagingErrorInfo, 'httpStatus'>>>;
	/** The cheap read-only call of the credential test, and what its real answer looks like. */
	probePath: string;
	isProbeAnswer(body: unknown): boolean;
}

const isArray = (body: unknown) => Array.isArray(body);

export const SMS: MessagingProduct = {
	name: 'sms',
	title: 'EngageLab SMS',
	credentialType: 'engageLabSmsApi',
	testName: 'engageLabSmsApiTest',
	hosts: SMS_HOSTS,
	defaultHost: 'global',
	userField: 'devKey',
	passwordField: 'devSecret',
	errorCodes: SMS_ERROR_CODES,
	probePath: '/v1/template-configs',
	isProbeAnswer: isArray,
};

export const OTP: MessagingProduct = {
	name: 'otp',
	title: 'EngageLab OTP',
	credentialType: 'engageLabOtpApi',
	testName: 'engageLabOtpApiTest',
	hosts: OTP_HOSTS,
	defaultHost: 'global',
	userField: 'devKey',
	passwordField: 'devSecret',
	errorCodes: OTP_ERROR_CODES,
	probePath: '/v1/template-configs',
	isProbeAnswer: isArray,
};

export const EMAIL: MessagingProduct = {
	name: 'email',
	title: 'EngageLab Email',
	credentialType: 'engageLabEmailApi',
	testName: 'engageLabEmailApiTest',
	hosts: EMAIL_HOSTS,
	defaultHost: 'singapore',
	userField: 'apiUser',
	passwordField: 'apiKey',
	errorCodes: EMAIL_ERROR_CODES,
	statusOverrides: EMAIL_HTTP_STATUS_OVERRIDES,
	// One template is enough to see the list's shape ({result, count, total}).
	probePath: '/v1/templates?offset=0&limit=1',
	isProbeAnswer: (body) =>
		typeof body === 'object' && body !== null && Array.isArray((body as { result?: unknown }).result) && 'total' in body,
};

export const WHATSAPP: MessagingProduct = {
	name: 'whatsapp',
	title: 'EngageLab WhatsApp',
	credentialType: 'engageLabWhatsAppApi',
	testName: 'engageLabWhatsAppApiTest',
	hosts: WHATSAPP_HOSTS,
	defaultHost: 'global',
	userField: 'devKey',
	passwordField: 'devSecret',
	errorCodes: WHATSAPP_ERROR_CODES,
	probePath: '/v1/templates?status=APPROVED',
	isProbeAnswer: isArray,
};

export const PRODUCTS: readonly MessagingProduct[] = [SMS, OTP, EMAIL, WHATSAPP];
