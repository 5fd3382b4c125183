/**
 * One way to a product's API for a run or a lookup: its credential read once, the base URL its
 * host choice stands for (or a Custom Base URL, checked), the redactor for its key pair and how
 * its answers read. Only that product's credential is read, so a user with only an SMS key never
 * needs the MA credential (and vice versa).
 */
import type { ICredentialDataDecryptedObject, IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { withoutUserinfo } from '../transport/outcome';
import { redactorFor } from '../transport/redact';
import { readCredential, type Connection } from '../transport/request';
import type { Product } from './product';

/** What a Custom Base URL must look like, in the words the credential field and every refusal use. */
export const BASE_URL_RULE =
	'The Base URL must be only http:// or https://, a host and an optional port (for example https://ma-api.engagelab.com or http://10.0.0.5:8080), with no /v1 or other path: the node adds /v1/… itself.';

export type BaseUrl = { ok: true; url: string } | { ok: false; problem: string };

/**
 * The base URL a credential's host (MA: data center) stands for, no trailing slash; the product's
 * default when the field holds no choice; or why a Custom Base URL is unusable, in words that say
 * which product's credential it is (MA's, the first, needs no prefix).
 */
export function baseUrlOf(product: Product, credentials: ICredentialDataDecryptedObject): BaseUrl {
	const { field, urls, default: fallback, urlProblemPrefix } = product.hosts;
	const choice = typeof credentials[field] === 'string' ? (credentials[field] as string) : fallback;
	if (choice !== 'custom') return { ok: true, url: urls[choice] ?? urls[fallback] };
	const raw = typeof credentials.baseUrl === 'string' ? credentials.baseUrl : '';
	const parsed = parseBaseUrl(product.hosts.customUrl ? product.hosts.customUrl(raw) : raw);
	return parsed.ok ? parsed : { ok: false, problem: `${urlProblemPrefix}${parsed.problem}` };
}

/** The connection to `product` for this run: its credential read once; a bad Custom Base URL is refused with what to fix. */
export async function connect(ctx: IExecuteFunctions | ILoadOptionsFunctions, product: Product): Promise<Connection> {
	const { data: credentials, credential } = await readCredential(ctx, product.credentialType);
	const baseUrl = baseUrlOf(product, credentials);
	if (!baseUrl.ok) {
		throw new NodeOperationError(ctx.getNode(), `The ${product.title} credential has no valid Base URL`, { description: baseUrl.problem });
	}
	return {
		baseUrl: baseUrl.url,
		redact: redactorFor(credentials[product.userField], credentials[product.passwordField]),
		credentialType: product.credentialType,
		readAnswer: product.readAnswer,
		credential,
	};
}

/**
 * A Custom Base URL checked by hand, so that a bad one gets a sentence that says what to fix
 * instead of Node's bare "Invalid URL" (ERR_INVALID_URL). Trailing slashes are forgiven.
 */
function parseBaseUrl(raw: string): BaseUrl {
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
