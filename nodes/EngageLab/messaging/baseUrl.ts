import { parseBaseUrl, type BaseUrl } from '../transport/dataCenters';
import type { MessagingProduct } from './products';

/** The base URL a messaging credential's host stands for, or why its Custom URL is unusable. */
export function messagingBaseUrl(product: MessagingProduct, credentials: { host?: unknown; baseUrl?: unknown }): BaseUrl {
	const host = typeof credentials.host === 'string' ? credentials.host : product.defaultHost;
	if (host !== 'custom') return { ok: true, url: product.hosts[host] ?? product.hosts[product.defaultHost] };
	const parsed = parseBaseUrl(typeof credentials.baseUrl === 'string' ? credentials.baseUrl : '');
	// The shared rule's example names the MA host: say which product's credential it is.
	return parsed.ok ? parsed : { ok: false, problem: `${product.title} credential: ${parsed.problem}` };
}
