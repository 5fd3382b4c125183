/**
 * EngageLab SMS hosts (docs/sms/api.md, "Hosts"): the credential's `host` option values.
 * `.com` is on the current pages; `.cc` on the "NewSMS" page. No other data center is documented.
 */
export const SMS_HOSTS = {
	global: 'https://smsapi.engagelab.com',
	globalCc: 'https://smsapi.engagelab.cc',
} as const;

/** The choice a new credential starts with. */
export const SMS_DEFAULT_HOST = 'global';

export const SMS_HOST_OPTIONS = [
	{ name: 'Global', value: 'global', description: SMS_HOSTS.global },
	{ name: 'Global (Alternative Domain)', value: 'globalCc', description: SMS_HOSTS.globalCc },
	{ name: 'Custom URL', value: 'custom', description: 'Another address, e.g. a proxy or a test server' },
] as const;

/** The choice as an n8n expression, for the credential test request (n8n resolves it itself). */
export const SMS_BASE_URL_EXPRESSION =
	'={{ $credentials.host === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : ' +
	`(${JSON.stringify(SMS_HOSTS)})[$credentials.host] ?? "${SMS_HOSTS.global}" }}`;
