/**
 * Sends EngageLab callbacks to a URL the way EngageLab does: signed (X-CALLBACK-ID for SMS,
 * OTP and App Push; X-WebHook-* for Email; a URL token for WhatsApp), and every way they can go
 * wrong: wrong or missing signature, expired, replayed, malformed, batched.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';

export interface CallbackSecrets {
	username: string;
	secret: string;
	emailSecret: string;
	urlToken: string;
}

export const TEST_CALLBACK_SECRETS: CallbackSecrets = {
	username: 'n8n-callbacks',
	secret: 'callback-secret-0123456789',
	emailSecret: 'email-app-key-0123456789',
	urlToken: 'url-token-0123456789abcdef',
};

export interface CallbackRequest {
	url: string;
	headers: Record<string, string>;
	body: string;
}

export interface SignOptions {
	/** Seconds; now by default. */
	timestamp?: number;
	nonce?: string;
	/** Sign with this secret instead of the right one. */
	secret?: string;
	username?: string;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const json = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body));

export function callbackIdHeader(secrets: CallbackSecrets, options: SignOptions = {}): string {
	const timestamp = String(options.timestamp ?? nowSeconds());
	const nonce = options.nonce ?? String(BigInt(`0x${randomBytes(8).toString('hex')}`));
	const username = options.username ?? secrets.username;
	const signature = createHmac('sha256', options.secret ?? secrets.secret).update(`${timestamp}${nonce}${username}`).digest('hex');
	return `timestamp=${timestamp};nonce=${nonce};username=${username};signature=${signature}`;
}

export type EmailScheme = 'hmac' | 'md5';

export function emailHeaders(secrets: CallbackSecrets, scheme: EmailScheme, options: SignOptions = {}): Record<string, string> {
	const timestamp = String(options.timestamp ?? nowSeconds());
	const appKeyHeader = 'email';
	const key = options.secret ?? secrets.emailSecret;
	const signature =
		scheme === 'hmac'
			? createHmac('sha256', key).update(timestamp).digest('hex')
			: createHash('md5').update(`${timestamp}${appKeyHeader}${key}`).digest('hex');
	return { 'X-WebHook-Timestamp': timestamp, 'X-WebHook-AppKey': appKeyHeader, 'X-WebHook-Signature': signature };
}

const JSON_TYPE = { 'content-type': 'application/json' };

/** SMS, OTP, App Push. */
export function signed(url: string, secrets: CallbackSecrets, body: unknown, options: SignOptions = {}): CallbackRequest {
	return { url, headers: { ...JSON_TYPE, 'X-CALLBACK-ID': callbackIdHeader(secrets, options) }, body: json(body) };
}

export function signedEmail(url: string, secrets: CallbackSecrets, body: unknown, scheme: EmailScheme = 'hmac', options: SignOptions = {}): CallbackRequest {
	return { url, headers: { ...JSON_TYPE, ...emailHeaders(secrets, scheme, options) }, body: json(body) };
}

export function withToken(url: string, token: string, body: unknown): CallbackRequest {
	const u = new URL(url);
	u.searchParams.set('token', token);
	return { url: u.toString(), headers: { ...JSON_TYPE }, body: json(body) };
}

export function unsigned(url: string, body: unknown): CallbackRequest {
	return { url, headers: { ...JSON_TYPE }, body: json(body) };
}

/** The same request with its signature's last hex digit changed. */
export function tampered(request: CallbackRequest): CallbackRequest {
	const flip = (s: string) => s.slice(0, -1) + (s.endsWith('0') ? '1' : '0');
	const headers = { ...request.headers };
	if (headers['X-CALLBACK-ID']) headers['X-CALLBACK-ID'] = flip(headers['X-CALLBACK-ID']);
	if (headers['X-WebHook-Signature']) headers['X-WebHook-Signature'] = flip(headers['X-WebHook-Signature']);
	return { ...request, headers };
}

/** The same request with the secret token in its URL (`?token=`), as appended in the console. */
export function withQueryToken(request: CallbackRequest, token: string): CallbackRequest {
	const u = new URL(request.url);
	u.searchParams.set('token', token);
	return { ...request, url: u.toString() };
}

/** The same request with the Authorization header the SMS/OTP console adds (e.g. `Bearer <token>`). */
export function withAuthorization(request: CallbackRequest, value: string): CallbackRequest {
	return { ...request, headers: { ...request.headers, Authorization: value } };
}

/** The same request with another body, and every header as it was: a forgery from one captured request. */
export function withBody(request: CallbackRequest, body: unknown): CallbackRequest {
	return { ...request, body: json(body) };
}

/** The same request with no Content-Type header at all (some gateways and proxies drop it). */
export function withoutContentType(request: CallbackRequest): CallbackRequest {
	const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'content-type'));
	return { ...request, headers };
}

export interface CallbackAnswer {
	status: number;
	body: string;
	ms: number;
}

export async function post(request: CallbackRequest): Promise<CallbackAnswer> {
	const started = performance.now();
	// A string body would make fetch add "text/plain": bytes go out with exactly the headers given.
	// Header values go out as their UTF-8 bytes (EngageLab's usernames may be any text), which
	// fetch takes one byte per character.
	const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, Buffer.from(value, 'utf8').toString('latin1')]));
	const response = await fetch(request.url, { method: 'POST', headers, body: Buffer.from(request.body) });
	const body = await response.text();
	return { status: response.status, body, ms: performance.now() - started };
}
