import { withoutUserinfo } from './outcome';

/** EngageLab MA data centers (engagelab-ma-api.md, "Hosts"). The credential's `dataCenter` option values. */
const DATA_CENTERS = {
	singapore: 'https://ma-api.engagelab.com',
	virginia: 'https://ma-api-usva.engagelab.com',
} as const;

type DataCenter = keyof typeof DATA_CENTERS | 'custom';

/** What a Custom Base URL must look like, in the words the credential field and every refusal use. */
export const BASE_URL_RULE =
	'The Base URL must be only http:// or https://, a host and an optional port (for example https://ma-api.engagelab.com or http://10.0.0.5:8080), with no /v1 or other path: the node adds /v1/… itself.';

export type BaseUrl = { ok: true; url: string } | { ok: false; problem: string };

/** The base URL a credential's data center stands for (no trailing slash), or why a custom one is unusable. */
export function baseUrlFor(credentials: { dataCenter?: unknown; baseUrl?: unknown }): BaseUrl {
	const dataCenter = (credentials.dataCenter ?? 'singapore') as DataCenter;
	if (dataCenter !== 'custom') return { ok: true, url: DATA_CENTERS[dataCenter] ?? DATA_CENTERS.singapore };
	return parseBaseUrl(typeof credentials.baseUrl === 'string' ? credentials.baseUrl : '');
}

/**
 * A Custom Base URL checked by hand, so that a bad one gets a sentence that says what to fix
 * instead of Node's bare "Invalid URL" (ERR_INVALID_URL). Trailing slashes are forgiven.
 */
export function parseBaseUrl(raw: string): BaseUrl {
	const text = raw.trim().replace(/\/+$/, '');
	const refuse = (what: string): BaseUrl => ({ ok: false, problem: `${what}. ${BASE_URL_RULE}` });
	if (!text) return refuse('The credential\'s data center is "Custom" but its Base URL is empty');
	const m = /^(https?):\/\/([^/?#\s]*)([/?#].*)?$/i.exec(text);
	if (!m) return refuse(`The Base URL "${withoutUserinfo(text)}" does not start with http:// or https://`);
	const [, scheme, authority, rest] = m;
	if (authority.includes('@')) return refuse('The Base URL holds a user name or password (user:password@host)');
	if (rest) return refuse(`The Base URL "${withoutUserinfo(text)}" has a path, query or fragment (${rest.slice(0, 40)})`);
	const host = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(authority);
	if (!host || (host[2] !== undefined && (Number(host[2]) < 1 || Number(host[2]) > 65535))) {
		return refuse(`The Base URL "${text}" does not have a valid host and port`);
	}
	return { ok: true, url: `${scheme.toLowerCase()}://${authority.toLowerCase()}` };
}
