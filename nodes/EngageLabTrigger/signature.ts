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

/**
 * The bytes of a header value as they came over the wire. Node hands header values over as
 * latin1 (one character per byte), so a UTF-8 username arrives as its bytes spelled in latin1;
 * text with wider characters (set by a test, or decoded by a proxy) is taken as UTF-8.
 */
export function headerBytes(value: string): Uint8Array {
	let wide = false;
	for (let i = 0; i < value.length && !wide; i++) wide = value.charCodeAt(i) > 0xff;
	if (wide) return utf8(value);
	const out = new Uint8Array(value.length);
	for (let i = 0; i < value.length; i++) out[i] = value.charCodeAt(i);
	return out;
}

/** UTF-8 bytes of a string (the node compiles without DOM or Node types, so no TextEncoder). */
export function utf8(value: string): Uint8Array {
	const out: number[] = [];
	for (const ch of value) {
		const c = ch.codePointAt(0) ?? 0;
		if (c < 0x80) out.push(c);
		else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
		else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
		else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
	}
	return Uint8Array.from(out);
}

function concat(...parts: Uint8Array[]): Uint8Array {
	const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
	let at = 0;
	for (const part of parts) {
		out.set(part, at);
		at += part.length;
	}
	return out;
}

/** Constant-time comparison of two byte strings; lengths are compared openly. */
function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
	if (left.length !== right.length) {
		timingSafeEqual(left, left);
		return false;
	}
	return timingSafeEqual(left, right);
}

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

/** What the replay memory stores for an accepted callback or a delivered row: 24 hex digits of a digest, so each entry stays small. */
export function replayKey(identity: string): string {
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

/** EngageLab signs the UTF-8 bytes of timestamp + nonce + username (Python's str.encode()). */
function callbackSignature(secret: string, timestamp: Uint8Array, nonce: Uint8Array, username: Uint8Array): string {
	return createHmac('sha256', utf8(secret)).update(concat(timestamp, nonce, username)).digest('hex');
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
	const sentUsernameBytes = headerBytes(sentUsername);
	const expected = callbackSignature(secret, headerBytes(timestamp), headerBytes(nonce), sentUsernameBytes);
	const signatureOk = sameText(signature.toLowerCase(), expected);
	const usernameOk = sameBytes(sentUsernameBytes, utf8(username));
	if (!signatureOk || !usernameOk) return { ok: false, reason: 'The X-CALLBACK-ID signature or username does not match' };
	if (!fresh(seconds, nowMs, maxAgeSeconds)) return { ok: false, reason: 'The X-CALLBACK-ID timestamp is outside the allowed window' };
	// Everything the signature covers, and the signature: the same header is the same callback, whatever body comes with it.
	const identity = JSON.stringify(['cb', timestamp, nonce, sentUsername, signature.toLowerCase()]);
	return { ok: true, replayKey: replayKey(identity), timestamp: seconds };
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
	/**
	 * What tells two callbacks apart besides the signed headers: the body in a canonical form
	 * (node versions 1 and 2, where two events of one second share a signature), or nothing
	 * (the signature's headers alone).
	 */
	bodyKey?: string;
}

export function verifyEmail({ timestamp, appKeyHeader, signature, appKey, scheme, nowMs, maxAgeSeconds, bodyKey }: EmailInput): Verdict {
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
	// The signature depends on the timestamp (and the app key header) alone.
	const identity = JSON.stringify(['em', timestamp, appKeyHeader ?? '', sent, ...(bodyKey === undefined ? [] : [bodyKey])]);
	return { ok: true, replayKey: replayKey(identity), timestamp: seconds };
}

export function verifyToken(sent: string | undefined, token: string): Verdict {
	if (!sent) return { ok: false, reason: 'The token query parameter is missing' };
	return sameText(sent, token) ? { ok: true } : { ok: false, reason: 'The token query parameter does not match' };
}

/**
 * The secret token from node version 3 on, wherever the console lets EngageLab put it: the URL's
 * `token` query parameter, or the Authorization header as `Bearer <token>`, `Basic
 * base64(<any user>:<token>)` or the bare token. Every candidate is compared, so the time taken
 * does not tell which one matched.
 */
export function verifyCallerToken(query: string | undefined, authorization: string | undefined, token: string): Verdict {
	const candidates: Uint8Array[] = [];
	if (query) candidates.push(headerBytes(query));
	const auth = authorization?.trim() ?? '';
	if (auth) {
		const space = auth.search(/\s/);
		const scheme = space === -1 ? '' : auth.slice(0, space).toLowerCase();
		const value = space === -1 ? '' : auth.slice(space).trim();
		if (scheme === 'bearer' && value) candidates.push(headerBytes(value));
		else if (scheme === 'basic' && value) {
			const decoded = decodeBase64(value);
			const colon = decoded?.indexOf(0x3a) ?? -1;
			if (decoded && colon >= 0) candidates.push(decoded.subarray(colon + 1));
		} else candidates.push(headerBytes(auth));
	}
	if (candidates.length === 0) return { ok: false, reason: 'The secret token is missing (the token query parameter or the Authorization header)' };
	const expected = utf8(token);
	let ok = false;
	for (const candidate of candidates) ok = sameBytes(candidate, expected) || ok;
	return ok ? { ok: true } : { ok: false, reason: 'The secret token does not match' };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Base64 to bytes (no Buffer or atob in a node's typings); undefined if it is not base64. */
function decodeBase64(text: string): Uint8Array | undefined {
	const clean = text.replace(/=+$/, '');
	if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) return undefined;
	const out: number[] = [];
	let bits = 0;
	let count = 0;
	for (const c of clean) {
		bits = ((bits << 6) | BASE64.indexOf(c)) & 0xffffff;
		count += 6;
		if (count >= 8) {
			count -= 8;
			out.push((bits >> count) & 0xff);
		}
	}
	return Uint8Array.from(out);
}
