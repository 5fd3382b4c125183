/** EngageLab Email (docs/email/api.md): its credential, hosts, error table and credential test. */
import { messagingProduct } from '../messagingRules';
import { EMAIL_ERROR_CODES, EMAIL_HTTP_STATUS_OVERRIDES } from './errorTable';
import { EMAIL_DEFAULT_HOST, EMAIL_HOSTS } from './hosts';

export const EMAIL = messagingProduct({
	name: 'email',
	title: 'EngageLab Email',
	credentialType: 'engageLabEmailApi',
	testName: 'engageLabEmailApiTest',
	userField: 'apiUser',
	passwordField: 'apiKey',
	hosts: { field: 'host', urls: EMAIL_HOSTS, default: EMAIL_DEFAULT_HOST, urlProblemPrefix: 'EngageLab Email credential: ' },
	errorCodes: EMAIL_ERROR_CODES,
	statusOverrides: EMAIL_HTTP_STATUS_OVERRIDES,
	// One template is enough to see the list's shape ({result, count, total}).
	probePath: '/v1/templates?offset=0&limit=1',
	isProbeAnswer: (body) =>
		typeof body === 'object' && body !== null && Array.isArray((body as { result?: unknown }).result) && 'total' in body,
});

/** What one send may carry (docs/email/api.md). */
export const EMAIL_LIMITS = {
	/** Addresses in To, and in CC and BCC each. */
	recipients: 100,
	replyTo: 3,
	subjectCharacters: 256,
	requestIdCharacters: 128,
} as const;
