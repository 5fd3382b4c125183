/**
 * What EngageLab checks, per the docs (docs/ma/api.md). Each check returns
 * the documented error code, or undefined when the request passes.
 */
import type { JsonValue } from '../strictJson';

const LONG_MAX = 9223372036854775807n;
const CONTACT_NAMES = ['email', 'mobile_phone', 'landline_phone', 'whatsapp_phone'];

export type JsonObject = { [key: string]: JsonValue };

export function isObject(v: JsonValue | undefined): v is JsonObject {
	return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** 40007 when missing, 55108 when not a positive 64-bit integer (strings are not Longs). */
export function checkEuid(euid: JsonValue | undefined): number | undefined {
	if (euid === undefined || euid === null || euid === '') return 40007;
	if (typeof euid !== 'bigint' || euid < 1n || euid > LONG_MAX) return 55108;
	return undefined;
}

export function checkContacts(contacts: JsonValue | undefined): number | undefined {
	if (!isObject(contacts) || Object.keys(contacts).length === 0) return 55004;
	for (const [name, value] of Object.entries(contacts)) {
		if (!CONTACT_NAMES.includes(name) || typeof value !== 'string') return 55004;
		if (value.trim() === '') return 55103;
	}
	return undefined;
}

/**
 * Test hook: a string anywhere in the body that starts with `emulator-force-<code>` makes the
 * emulator answer that code, so a workflow can draw any documented error on purpose.
 */
export function forcedCode(body: JsonValue): number | undefined {
	if (typeof body === 'string') {
		const m = /^emulator-force-(-?\d+)/.exec(body);
		return m ? Number(m[1]) : undefined;
	}
	if (Array.isArray(body)) {
		for (const v of body) {
			const code = forcedCode(v);
			if (code !== undefined) return code;
		}
	} else if (isObject(body)) {
		for (const v of Object.values(body)) {
			const code = forcedCode(v);
			if (code !== undefined) return code;
		}
	}
	return undefined;
}
