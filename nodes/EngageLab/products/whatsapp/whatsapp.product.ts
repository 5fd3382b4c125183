/** EngageLab WhatsApp (docs/whatsapp/api.md): its credential, hosts, error table and credential test. */
import { messagingProduct } from '../messagingRules';
import { WHATSAPP_ERROR_CODES } from './errorTable';
import { WHATSAPP_DEFAULT_HOST, WHATSAPP_HOSTS } from './hosts';

export const WHATSAPP = messagingProduct({
	name: 'whatsapp',
	title: 'EngageLab WhatsApp',
	credentialType: 'engageLabWhatsAppApi',
	testName: 'engageLabWhatsAppApiTest',
	userField: 'devKey',
	passwordField: 'devSecret',
	hosts: { field: 'host', urls: WHATSAPP_HOSTS, default: WHATSAPP_DEFAULT_HOST, urlProblemPrefix: 'EngageLab WhatsApp credential: ' },
	errorCodes: WHATSAPP_ERROR_CODES,
	probePath: '/v1/templates?status=APPROVED',
	isProbeAnswer: (body) => Array.isArray(body),
});

/** What one send may carry (docs/whatsapp/api.md). */
export const WHATSAPP_LIMITS = {
	/** Recipients per request: not documented; kept small like a person-to-person channel. */
	recipients: 100,
	textCharacters: 4096,
} as const;
