/**
 * Keeps the credential out of everything the node prints. A server or proxy may echo the
 * Authorization header or the key back; a Location may carry it. Every text that ends up in an
 * error message, description or output passes through a Redactor first.
 */
export type Redactor = (text: string) => string;

const REDACTED = '[redacted]';
/** Shorter values would blank out ordinary words; EngageLab keys and secrets are far longer. */
const MIN_SECRET_LENGTH = 4;

/** Hides the API key, the API secret, their base64 `key:secret` pair and any `Basic …` token. */
export function redactorFor(apiKey: unknown, apiSecret: unknown): Redactor {
	const key = typeof apiKey === 'string' ? apiKey : '';
	const secret = typeof apiSecret === 'string' ? apiSecret : '';
	const pair = Buffer.from(`${key}:${secret}`).toString('base64');
	const values = [pair, pair.replace(/=+$/, ''), key, secret, encodeURIComponent(key), encodeURIComponent(secret)]
		.filter((v) => v.length >= MIN_SECRET_LENGTH)
		// Longest first, so a value that contains another is hidden whole.
		.sort((a, b) => b.length - a.length);
	const unique = [...new Set(values)];
	return (text: string) => {
		let out = text.replace(/\bBasic\s+[A-Za-z0-9+/=._~-]+/gi, `Basic ${REDACTED}`);
		for (const value of unique) out = out.split(value).join(REDACTED);
		return out;
	};
}

