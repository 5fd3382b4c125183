/**
 * Checks that a callback comes from EngageLab. Pure functions: the caller passes the headers,
 * the secrets and the clock, and gets a verdict (never the expected signature).
 *
 * - SMS, OTP, App Push: `X-CALLBACK-ID: timestamp=…;nonce=…;username=…;signature=…` with
 *   signature = hex(HMAC-SHA256(key = callback secret, timestamp + nonce + username)).
 * - Email: `X-WebHook-Timestamp`, `X-WebHook-AppKey`, `X-WebHook-Signature`. One doc page says
 *   hex(HMAC-SHA256(key = app key, timestamp)), another hex(md5(timestamp + X-WebHook-AppKey +
 *   app key)); either is accepted unless the node is told which one.
 * - WhatsApp: the docs say its callbacks carry no signature; a token in the URL query is the
 *   weaker check offered instead.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export type Verdict = { ok: true; replayKey?: string; timestamp?: number } | { ok: false; reason: string };

/** Constant-time comparison of two ASCII strings (hex digests, tokens). */
export function sameText(a: string, b: string): boolean {
	const left = bytes(a);
	const right = bytes(b);
	// Lengths are compared openly: a digest's length is public; for tokens it leaks only the length.
	if (left.length !== right.length) {
		timingSafeEqual(left, left);
		return false;
	}
	return timingSafeEqual(left, right);
}

function bytes(value: string): Uint8Array {
	const out = new Uint8Array(value.length * 2);
	for (let i = 0; i < value.length; i++) {
		const code = value.charCodeAt(i);
		out[i * 2] = code >> 8;
		out[i * 2 + 1] = code & 0xff;
	}
	return out;
}

/**
 * A Unix timestamp in seconds from the text EngageLab sends. The docs show seconds for the
 * callback headers and milliseconds for Email's `itime`: values above 10^11 are read as
 * milliseconds.
 */
export function toSeconds(value: string): number | undefined {
	if (!/^\d{1,16}$/.test(value)) return undefined;
	const n = Number(value);
	return n > 1e11 ? Math.floor(n / 1000) : n;
}

/** Whether `timestamp` lies within `maxAgeSeconds` of `nowMs` (either side: clocks drift). 0 turns the check off. */
function fresh(timestamp: number, nowMs: number, maxAgeSeconds: number): boolean {
	if (maxAgeSeconds <= 0) return true;
	return Math.abs(nowMs / 1000 - timestamp) <= maxAgeSeconds;
}

/**
 * What the replay memory stores for an accepted callback: 24 hex digits of a digest, so each
 * entry stays small in the workflow's static data (rewritten on every accepted callback).
 */
function replayKey(identity: string): string {
	return createHmac('sha256', 'engagelab-replay').update(identity).digest('hex').slice(0, 24);
}

function parseCallbackId(header: string): Record<string, string> | undefined {
	const fields: Record<string, string> = {};
	for (const part of header.split(';')) {
		const trimmed = part.trim();
		if (trimmed === '') continue;
		const eq = trimmed.indexOf('=');
		if (eq <= 0) return undefined;
		const key = trimmed.slice(0, eq).trim().toLowerCase();
		if (key in fields) return undefined;
		fields[key] = trimmed.slice(eq + 1).trim();
	}
	return fields;
}

function callbackSignature(secret: string, timestamp: string, nonce: string, username: string): string {
	return createHmac('sha256', secret).update(`${timestamp}${nonce}${username}`).digest('hex');
}

export interface CallbackIdInput {
	header: string | undefined;
	username: string;
	secret: string;
	nowMs: number;
	maxAgeSeconds: number;
}

export function verifyCallbackId({ header, username, secret, nowMs, maxAgeSeconds }: CallbackIdInput): Verdict {
	if (!header) return { ok: false, reason: 'The X-CALLBACK-ID header is missing' };
	const fields = parseCallbackId(header);
	if (!fields) return { ok: false, reason: 'The X-CALLBACK-ID header is not in the form key=value;…' };
	const { timestamp, nonce, signature } = fields;
	const sentUsername = fields.username;
	if (timestamp === undefined || nonce === undefined || sentUsername === undefined || signature === undefined) {
		return { ok: false, reason: 'The X-CALLBACK-ID header lacks timestamp, nonce, username or signature' };
	}
	const seconds = toSeconds(timestamp);
	if (seconds === undefined) return { ok: false, reason: 'The X-CALLBACK-ID timestamp is not a number' };
	// Checked before the clock, so a stale but genuine callback and a forged one answer alike.
	const expected = callbackSignature(secret, timestamp, nonce, sentUsername);
	const signatureOk = sameText(signature.toLowerCase(), expected);
	const usernameOk = sameText(sentUsername, username);
	if (!signatureOk || !usernameOk) return { ok: false, reason: 'The X-CALLBACK-ID signature or username does not match' };
	if (!fresh(seconds, nowMs, maxAgeSeconds)) return { ok: false, reason: 'The X-CALLBACK-ID timestamp is outside the allowed window' };
	return { ok: true, replayKey: replayKey(`cb:${timestamp}:${nonce}:${signature.toLowerCase()}`), timestamp: seconds };
}

export type EmailScheme = 'either' | 'hmac' | 'md5';

function emailSignatures(appKey: string, timestamp: string, appKeyHeader: string): { hmac: string; md5: string } {
	return {
		hmac: createHmac('sha256', appKey).update(timestamp).digest('hex'),
		md5: createHash('md5').update(`${timestamp}${appKeyHeader}${appKey}`).digest('hex'),
	};
}

export interface EmailInput {
	timestamp: string | undefined;
	appKeyHeader: string | undefined;
	signature: string | undefined;
	appKey: string;
	scheme: EmailScheme;
	nowMs: number;
	maxAgeSeconds: number;
	/** The body as received: Email sends no nonce, so a replay is recognised by timestamp and body. */
	bodyText: string;
}

export function verifyEmail({ timestamp, appKeyHeader, signature, appKey, scheme, nowMs, maxAgeSeconds, bodyText }: EmailInput): Verdict {
	if (!timestamp || !signature) return { ok: false, reason: 'The X-WebHook-Timestamp or X-WebHook-Signature header is missing' };
	const seconds = toSeconds(timestamp);
	if (seconds === undefined) return { ok: false, reason: 'The X-WebHook-Timestamp header is not a number' };
	const expected = emailSignatures(appKey, timestamp, appKeyHeader ?? '');
	const sent = signature.toLowerCase();
	// Both computed and compared every time, so the time taken does not tell which scheme is in use.
	const hmacOk = sameText(sent, expected.hmac);
	const md5Ok = sameText(sent, expected.md5);
	const ok = scheme === 'hmac' ? hmacOk : scheme === 'md5' ? md5Ok : hmacOk || md5Ok;
	if (!ok) return { ok: false, reason: 'The X-WebHook-Signature does not match' };
	if (!fresh(seconds, nowMs, maxAgeSeconds)) return { ok: false, reason: 'The X-WebHook-Timestamp is outside the allowed window' };
	// The signature depends on the timestamp alone, so two genuine events of one second share it:
	// the body tells them apart.
	return { ok: true, replayKey: replayKey(`em:${timestamp}:${bodyText}`), timestamp: seconds };
}

export function verifyToken(sent: string | undefined, token: string): Verdict {
	if (!sent) return { ok: false, reason: 'The token query parameter is missing' };
	return sameText(sent, token) ? { ok: true } : { ok: false, reason: 'The token query parameter does not match' };
}
