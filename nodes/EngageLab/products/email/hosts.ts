/**
 * EngageLab Email data centers (docs/email/api.md, "Hosts"). An account lives in one;
 * the key pair (api_user:api_key) only works on its own data center's host.
 */
export const EMAIL_HOSTS = {
	singapore: 'https://email.api.engagelab.cc',
	turkey: 'https://emailapi-tr.engagelab.com',
} as const;

/** The choice a new credential starts with. */
export const EMAIL_DEFAULT_HOST = 'singapore';

export const EMAIL_HOST_OPTIONS = [
	{ name: 'Singapore', value: 'singapore', description: EMAIL_HOSTS.singapore },
	{ name: 'Turkey', value: 'turkey', description: EMAIL_HOSTS.turkey },
	{ name: 'Custom URL', value: 'custom', description: 'Another address, e.g. a proxy or a test server' },
] as const;

/** The choice as an n8n expression, for the credential test request (n8n resolves it itself). */
export const EMAIL_BASE_URL_EXPRESSION =
	'={{ $credentials.host === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : ' +
	`(${JSON.stringify(EMAIL_HOSTS)})[$credentials.host] ?? "${EMAIL_HOSTS.singapore}" }}`;
