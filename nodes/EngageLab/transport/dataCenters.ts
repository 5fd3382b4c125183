/** EngageLab MA data centers (engagelab-ma-api.md, "Hosts"). The credential's `dataCenter` option values. */
export const DATA_CENTERS = {
	singapore: 'https://ma-api.engagelab.com',
	virginia: 'https://ma-api-usva.engagelab.com',
} as const;

export type DataCenter = keyof typeof DATA_CENTERS | 'custom';

/** Strips trailing slashes so `${base}/v1/...` never has `//`. */
export function trimBaseUrl(url: string): string {
	return url.trim().replace(/\/+$/, '');
}

/**
 * The same choice as an n8n expression, for the credential test request, which n8n resolves
 * itself. Built from DATA_CENTERS so the hosts are written once.
 */
export const BASE_URL_EXPRESSION =
	'={{ $credentials.dataCenter === "custom" ? String($credentials.baseUrl).trim().replace(/\\/+$/, "") : ' +
	`(${JSON.stringify(DATA_CENTERS)})[$credentials.dataCenter] ?? "${DATA_CENTERS.singapore}" }}`;
