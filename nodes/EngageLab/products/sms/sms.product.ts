/** EngageLab SMS (docs/sms/api.md): its credential, hosts, error table and credential test. */
import { messagingProduct } from '../messagingRules';
import { SMS_ERROR_CODES } from './errorTable';
import { SMS_DEFAULT_HOST, SMS_HOSTS } from './hosts';

export const SMS = messagingProduct({
	name: 'sms',
	title: 'EngageLab SMS',
	credentialType: 'engageLabSmsApi',
	testName: 'engageLabSmsApiTest',
	userField: 'devKey',
	passwordField: 'devSecret',
	hosts: { field: 'host', urls: SMS_HOSTS, default: SMS_DEFAULT_HOST, urlProblemPrefix: 'EngageLab SMS credential: ' },
	errorCodes: SMS_ERROR_CODES,
	probePath: '/v1/template-configs',
	isProbeAnswer: (body) => Array.isArray(body),
});

/** What one send may carry, and how far ahead it may be scheduled (docs/sms/api.md). */
export const SMS_LIMITS = {
	/** Numbers per request: not documented; the node keeps one message's recipients small. */
	recipients: 1000,
	scheduleMinSeconds: 3 * 60,
	scheduleMaxSeconds: 30 * 24 * 3600,
} as const;
