/** EngageLab OTP hosts (docs/otp/api.md, "Hosts"): one documented, plus a Custom URL. */
export const OTP_HOSTS = {
	global: 'https://otp.api.engagelab.cc',
} as const;

/** The choice a new credential starts with. */
export const OTP_DEFAULT_HOST = 'global';

export const OTP_HOST_OPTIONS = [
	{ name: 'Global', value: 'global', description: OTP_HOSTS.global },
	{ name: 'Custom URL', value: 'custom', description: 'Another address, e.g. a proxy or a test server' },
] as const;

/** The choice as an n8n expression, for the credential test request (n8n resolves it itself). */
export const OTP_BASE_URL_EXPRESSION =
	'={{ $credentials.host === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : ' +
	`(${JSON.stringify(OTP_HOSTS)})[$credentials.host] ?? "${OTP_HOSTS.global}" }}`;
