/**
 * EngageLab App Push and Web Push hosts per data center (docs/push/decisions.md, D1). The current
 * `*.engagelab.com` hosts are EngageLab's since 2025-03-19 and every SDK's; the legacy `.cc` hosts
 * still answer and stay reachable through Custom. Paths are joined as `{base}/v4/...`.
 */
export const APP_PUSH_HOSTS = {
	singapore: 'https://pushapi-sgp.engagelab.com',
	virginia: 'https://pushapi-usva.engagelab.com',
	frankfurt: 'https://pushapi-defra.engagelab.com',
	hongKong: 'https://pushapi-hk.engagelab.com',
	japan: 'https://pushapi-jpn.engagelab.com',
	brazil: 'https://pushapi-bra.engagelab.com',
} as const;

/** Web Push exists in Singapore and Hong Kong only. */
export const WEB_PUSH_HOSTS = {
	singapore: 'https://webpushapi-sgp.engagelab.com',
	hongKong: 'https://webpushapi-hk.engagelab.com',
} as const;

/** Only EngageLab's SDKs list these two; no doc page does yet (D1, N9). */
const FROM_SDKS = ' (from EngageLab\'s SDKs; not yet on the doc pages)';

const CUSTOM = {
	name: 'Custom URL',
	value: 'custom',
	description: 'Another address, e.g. a legacy .cc host, a proxy or a test server',
} as const;

export const APP_PUSH_HOST_OPTIONS = [
	{ name: 'Singapore', value: 'singapore', description: APP_PUSH_HOSTS.singapore },
	{ name: 'Virginia, USA', value: 'virginia', description: APP_PUSH_HOSTS.virginia },
	{ name: 'Frankfurt', value: 'frankfurt', description: APP_PUSH_HOSTS.frankfurt },
	{ name: 'Hong Kong', value: 'hongKong', description: APP_PUSH_HOSTS.hongKong },
	{ name: 'Japan', value: 'japan', description: APP_PUSH_HOSTS.japan + FROM_SDKS },
	{ name: 'Brazil', value: 'brazil', description: APP_PUSH_HOSTS.brazil + FROM_SDKS },
	CUSTOM,
] as const;

export const WEB_PUSH_HOST_OPTIONS = [
	{ name: 'Singapore', value: 'singapore', description: WEB_PUSH_HOSTS.singapore },
	{ name: 'Hong Kong', value: 'hongKong', description: WEB_PUSH_HOSTS.hongKong },
	CUSTOM,
] as const;

export type PushProduct = 'appPush' | 'webPush';

/**
 * A Custom base URL without its trailing `/` and one trailing `/v4`: the legacy Web Push base is
 * documented as `https://webpush.api.engagelab.cc/v4`, and paths already start with `/v4` (N2).
 * The shared base-URL check still refuses any other path.
 */
export function stripPushBaseUrl(url: string): string {
	return url
		.trim()
		.replace(/\/+$/, '')
		.replace(/\/v4$/i, '')
		.replace(/\/+$/, '');
}

/** The base URL of a credential's choice, or undefined for Custom and unknown values. */
export function pushHost(product: PushProduct, choice: string): string | undefined {
	const hosts: Readonly<Record<string, string>> = product === 'appPush' ? APP_PUSH_HOSTS : WEB_PUSH_HOSTS;
	return Object.prototype.hasOwnProperty.call(hosts, choice) ? hosts[choice] : undefined;
}

/** The choice as an n8n expression, for the credential test request (n8n resolves it itself). */
export function pushBaseUrlExpression(product: PushProduct): string {
	const hosts = product === 'appPush' ? APP_PUSH_HOSTS : WEB_PUSH_HOSTS;
	return (
		'={{ $credentials.host === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "").replace(/\\/v4$/i, "") : ' +
		`(${JSON.stringify(hosts)})[$credentials.host] ?? "${hosts.singapore}" }}`
	);
}
