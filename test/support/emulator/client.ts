/**
 * A bare HTTP client for the messaging emulators' own tests (the node's tests go through n8n's
 * request helpers instead). Answers are parsed with the strict parser, so 19-digit ids stay exact.
 */
import { parseStrictJson, type JsonValue } from './strictJson';

export interface CallOptions {
	/** `key:secret`; omit for no Authorization header. */
	auth?: string;
	contentType?: string;
	/** Sent as is instead of JSON.stringify(body). */
	raw?: string;
}

export interface CallResult {
	status: number;
	text: string;
	json: JsonValue | undefined;
	headers: Headers;
}

export function basic(pair: string): string {
	return `Basic ${Buffer.from(pair, 'utf8').toString('base64')}`;
}

export async function call(
	baseUrl: string,
	method: 'GET' | 'POST' | 'PUT' | 'DELETE',
	path: string,
	body?: unknown,
	options: CallOptions = {},
): Promise<CallResult> {
	const headers: Record<string, string> = {};
	if (options.auth !== undefined) headers.Authorization = basic(options.auth);
	const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
	if (payload !== undefined) headers['Content-Type'] = options.contentType ?? 'application/json';
	const res = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
	const text = await res.text();
	let json: JsonValue | undefined;
	try {
		json = parseStrictJson(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, text, json, headers: res.headers };
}
