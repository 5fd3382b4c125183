/** EngageLab WhatsApp hosts (docs/whatsapp/api.md, "Hosts"): one documented, plus a Custom URL. */
export const WHATSAPP_HOSTS = {
	global: 'https://wa.api.engagelab.cc',
} as const;

/** The choice a new credential starts with. */
export const WHATSAPP_DEFAULT_HOST = 'global';

export const WHATSAPP_HOST_OPTIONS = [
	{ name: 'Global', value: 'global', description: WHATSAPP_HOSTS.global },
	{ name: 'Custom URL', value: 'custom', description: 'Another address, e.g. a proxy or a test server' },
] as const;

/** The choice as an n8n expression, for the credential test request (n8n resolves it itself). */
export const WHATSAPP_BASE_URL_EXPRESSION =
	'={{ $credentials.host === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : ' +
	`(${JSON.stringify(WHATSAPP_HOSTS)})[$credentials.host] ?? "${WHATSAPP_HOSTS.global}" }}`;
