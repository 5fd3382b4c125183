/** EngageLab OTP (docs/otp/api.md): its credential, hosts, error table and credential test. */
import { messagingProduct } from '../messagingRules';
import { OTP_ERROR_CODES } from './errorTable';
import { OTP_DEFAULT_HOST, OTP_HOSTS } from './hosts';

export const OTP = messagingProduct({
	name: 'otp',
	title: 'EngageLab OTP',
	credentialType: 'engageLabOtpApi',
	testName: 'engageLabOtpApiTest',
	userField: 'devKey',
	passwordField: 'devSecret',
	hosts: { field: 'host', urls: OTP_HOSTS, default: OTP_DEFAULT_HOST, urlProblemPrefix: 'EngageLab OTP credential: ' },
	errorCodes: OTP_ERROR_CODES,
	probePath: '/v1/template-configs',
	isProbeAnswer: (body) => Array.isArray(body),
});
