/**
 * Recipients of a message, checked before sending: phone numbers in E.164 (SMS, OTP, WhatsApp)
 * and email addresses (Email, OTP). A list field takes one value, several separated by commas,
 * semicolons or line breaks, or an array from an expression.
 */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

const E164 = /^\+[1-9]\d{6,14}$/;
/** Spaces, dashes, dots and brackets people write in numbers; dropped before the E.164 check. */
const PHONE_SEPARATORS = /[\s\-.()]/g;
const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;.]+(\.[^\s@<>",;.]+)+$/;

/** A list parameter's entries: trimmed, empty ones dropped. */
function listOf(raw: unknown): string[] {
	const parts = Array.isArray(raw) ? raw.map((v) => (v === null || v === undefined ? '' : String(v))) : String(raw ?? '').split(/[,;\n]/);
	return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** One phone number in E.164 (+, country code, number: 7 to 15 digits), separators removed. */
export function checkPhone(raw: string): Checked<string> {
	const value = raw.replace(PHONE_SEPARATORS, '');
	if (E164.test(value)) return { ok: true, value };
	const hint = /^00\d+$/.test(value)
		? ' Write the leading 00 as + (e.g. +447911123456).'
		: /^\d{7,15}$/.test(value)
			? ' It has no leading +: add + and the country code (e.g. +6591234567).'
			: '';
	return { ok: false, problem: `"${raw}" is not a phone number in E.164 format (+, country code and number, 7 to 15 digits).${hint}` };
}

/** Every phone number of a list field, each once (a number given twice is sent once); at least one, at most `max`. */
export function checkPhones(raw: unknown, max: number): Checked<string[]> {
	const list = listOf(raw);
	if (list.length === 0) return { ok: false, problem: 'No phone number given' };
	const value: string[] = [];
	for (const entry of list) {
		const phone = checkPhone(entry);
		if (!phone.ok) return phone;
		if (!value.includes(phone.value)) value.push(phone.value);
	}
	if (value.length > max) return { ok: false, problem: `${value.length} phone numbers given; at most ${max} per message` };
	return { ok: true, value };
}

/** An address alone (a@b.co) or with a name (Ada <a@b.co>), as EngageLab Email takes them. */
export function checkEmail(raw: string, allowName = true): Checked<string> {
	const named = /^(.*?)\s*<\s*([^<>]+?)\s*>$/.exec(raw);
	const address = named ? named[2] : raw;
	if (named && !allowName) return { ok: false, problem: `"${raw}" must be a bare email address (no name)` };
	if (!ADDRESS.test(address)) return { ok: false, problem: `"${raw}" is not a valid email address` };
	// EngageLab's own examples write "Name<addr>" without a space.
	return { ok: true, value: named ? `${named[1].trim()}<${address}>` : address };
}

/** The address of a checked entry (`a@b.co` or `Name<a@b.co>`), lower-cased: how duplicates are found. */
export function addressKey(entry: string): string {
	return (/<([^<>]+)>$/.exec(entry)?.[1] ?? entry).toLowerCase();
}

/**
 * Every address of a list field, each once: an address given twice (in any case, with or without
 * a name) is kept at its first place, and one in `taken` (e.g. To's, for CC) is left out.
 */
export function checkEmails(raw: unknown, max: number, what: string, required = true, taken: ReadonlySet<string> = new Set()): Checked<string[]> {
	const list = listOf(raw);
	if (list.length === 0 && required) return { ok: false, problem: `No ${what} address given` };
	const value: string[] = [];
	const seen = new Set(taken);
	for (const entry of list) {
		const email = checkEmail(entry);
		if (!email.ok) return { ok: false, problem: `${what}: ${email.problem}` };
		const key = addressKey(email.value);
		if (seen.has(key)) continue;
		seen.add(key);
		value.push(email.value);
	}
	if (value.length > max) return { ok: false, problem: `${value.length} ${what} addresses given; at most ${max}` };
	return { ok: true, value };
}
