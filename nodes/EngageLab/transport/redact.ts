/**
 * Keeps the credential (and an item's own secrets, such as an OTP code it sends) out of
 * everything the node prints. A server or proxy may echo the Authorization header, the key or
 * the secret back, in an error or in a success body; a Location may carry it. Every text that ends
 * up in an error message, description or output passes through a Redactor first, and a success
 * body's strings through `redactJson`.
 *
 * A secret is found however it is written: as is, JSON-escaped (once or twice, `\"`, `\\`,
 * `\u0022`), URL-encoded (`%22`, either case, `+` for a space), or base64 (standard or URL-safe,
 * with or without padding) of the key, of the secret and of the Basic auth pair `key:secret`.
 */
export type Redactor = (text: string) => string;

const REDACTED = '[redacted]';
/** Shorter credential values would blank out ordinary words; EngageLab keys and secrets are far longer. */
const MIN_SECRET_LENGTH = 4;
const BASIC_TOKEN = /\bBasic\s+[A-Za-z0-9+/=._~-]+/gi;

/** Hides the API key, the API secret, their base64 `key:secret` pair and any `Basic …` token. */
export function redactorFor(apiKey: unknown, apiSecret: unknown): Redactor {
	const key = typeof apiKey === 'string' ? apiKey : '';
	const secret = typeof apiSecret === 'string' ? apiSecret : '';
	const values = [key, secret].filter((v) => v.length >= MIN_SECRET_LENGTH);
	const base64 = [`${key}:${secret}`, ...values].flatMap(base64Forms).filter((v) => v.length >= MIN_SECRET_LENGTH);
	const pattern = patternOf([...values.map(anyEncoding), ...base64.map(escapeRegex)], false);
	return (text: string) => {
		const out = text.replace(BASIC_TOKEN, `Basic ${REDACTED}`);
		return pattern ? out.replace(pattern, REDACTED) : out;
	};
}

/**
 * `redact`, also hiding `secrets` of one request (an OTP code the item sends): any length, in
 * every encoding, but only as a whole token (not inside a longer run of letters or digits, so a
 * code 4001 does not blank an id 140012).
 */
export function alsoHiding(redact: Redactor, secrets: readonly string[]): Redactor {
	const pattern = patternOf(secrets.filter((s) => s !== '').map(anyEncoding), true);
	return pattern ? (text) => redact(text).replace(pattern, REDACTED) : redact;
}

/**
 * A parsed success body with every string passed through `redact` (keys too). A string of digits
 * (EngageLab's long ids) is left exactly as it is unless it is a secret as a whole, so an id that
 * merely contains a numeric key's digits is not broken.
 */
export function redactJson<T>(value: T, redact: Redactor): T {
	return walk(value, redact) as T;
}

function walk(value: unknown, redact: Redactor): unknown {
	if (typeof value === 'string') {
		if (!/^-?\d+$/.test(value)) return redact(value);
		return redact(value) === REDACTED ? REDACTED : value;
	}
	if (typeof value === 'number') return redact(String(value)) === REDACTED ? REDACTED : value;
	if (Array.isArray(value)) return value.map((v) => walk(v, redact));
	if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
		// fromEntries defines each key as data: a "__proto__" key stays a key.
		return Object.fromEntries(Object.entries(value).map(([k, v]) => [redact(k), walk(v, redact)]));
	}
	return value;
}

function base64Forms(text: string): string[] {
	const standard = Buffer.from(text).toString('base64');
	const urlSafe = standard.replace(/\+/g, '-').replace(/\//g, '_');
	return [standard, standard.replace(/=+$/, ''), urlSafe, urlSafe.replace(/=+$/, '')];
}

/** One regex for all alternatives, longest first so a value that contains another is hidden whole. */
function patternOf(alternatives: string[], wholeToken: boolean): RegExp | undefined {
	const unique = [...new Set(alternatives)].sort((a, b) => b.length - a.length);
	if (unique.length === 0) return undefined;
	const body = unique.join('|');
	return new RegExp(wholeToken ? `(?<![A-Za-z0-9])(?:${body})(?![A-Za-z0-9])` : body, 'g');
}

/** A regex source matching `value` with each character as is, JSON-escaped (once or twice) or URL-encoded. */
function anyEncoding(value: string): string {
	return [...value].map(charForms).join('');
}

function charForms(c: string): string {
	const forms = new Set<string>([escapeRegex(c)]);
	const json = JSON.stringify(c).slice(1, -1);
	if (json !== c) {
		forms.add(escapeRegex(json));
		forms.add(escapeRegex(JSON.stringify(json).slice(1, -1)));
	}
	const code = c.codePointAt(0)!;
	if (code <= 0xffff) {
		const hex = anyCaseHex(code.toString(16).padStart(4, '0'));
		forms.add(`\\\\u${hex}`);
		forms.add(`\\\\\\\\u${hex}`);
	}
	if (!/[A-Za-z0-9]/.test(c)) forms.add(anyCaseHex(percentEncoded(c)));
	if (c === ' ') forms.add('\\+');
	return forms.size === 1 ? escapeRegex(c) : `(?:${[...forms].join('|')})`;
}

/** Every UTF-8 byte as %XX (encoders differ in which characters they leave as they are). */
function percentEncoded(c: string): string {
	return [...Buffer.from(c)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');
}

/** Hex digits as classes of both cases (`%2F` and `%2f`); other characters escaped. */
function anyCaseHex(text: string): string {
	return [...text].map((c) => (/[a-fA-F]/.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : escapeRegex(c))).join('');
}

function escapeRegex(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
