/**
 * Recipients of a message, checked before sending: phone numbers in E.164 (SMS, OTP, WhatsApp)
 * and email addresses (Email, OTP). A list field takes one value, several separated by commas,
 * semicolons or line breaks, or an array from an expression. Text pasted from documents, chats
 * and spreadsheets is normalised first (see `plain`).
 */
import type { Checked } from './checked';

const E164 = /^\+[1-9]\d{6,14}$/;
/** Spaces, dashes, dots and brackets people write in numbers; dropped before the E.164 check. */
const PHONE_SEPARATORS = /[\s\-.()]/g;
const ADDRESS = /^[^\s@<>",;]+@[^\s@<>",;.]+(\.[^\s@<>",;.]+)+$/;
/** Control characters (C0 but tab, DEL, C1): a line break in a name or subject would start a new mail header. */
export const CONTROL = /(?!\t)\p{Cc}/u;
const FORMAT_CHARS = /\p{Cf}/gu;
const DECIMAL_DIGIT = /\p{Nd}/u;

/**
 * Text as a person meant it: invisible format characters (zero-width spaces, bidi marks, BOM)
 * removed, compatibility forms folded (NFKC: full-width ＋６５ → +65, no-break spaces → spaces)
 * and every Unicode decimal digit (Arabic-Indic ٦٥, Devanagari …) written as its ASCII digit.
 */
function plain(text: string): string {
	const folded = text.replace(FORMAT_CHARS, '').normalize('NFKC');
	let out = '';
	for (const c of folded) out += DECIMAL_DIGIT.test(c) ? String(digitValue(c)) : c;
	return out;
}

/** A decimal digit's value: Unicode writes each script's 0-9 as a run of code points from its zero. */
function digitValue(c: string): number {
	const code = c.codePointAt(0)!;
	let start = code;
	while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
	return (code - start) % 10;
}

/** A list parameter's entries: trimmed, empty ones dropped. */
function listOf(raw: unknown): string[] {
	const parts = Array.isArray(raw) ? raw.map((v) => (v === null || v === undefined ? '' : String(v))) : String(raw ?? '').split(/[,;\n]/);
	return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/**
 * An address list's entries: split at commas, semicolons and line breaks outside double quotes
 * and angle brackets, so `"Doe, John" <j@example.com>` stays one entry.
 */
function addressListOf(raw: unknown): string[] {
	if (Array.isArray(raw)) return listOf(raw);
	const parts: string[] = [];
	let current = '';
	let quoted = false;
	let angled = false;
	const text = String(raw ?? '');
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted && c === '\\' && i + 1 < text.length) {
			current += c + text[++i];
			continue;
		}
		if (c === '"' && !angled) quoted = !quoted;
		else if (c === '<' && !quoted) angled = true;
		else if (c === '>' && !quoted) angled = false;
		else if (!quoted && !angled && (c === ',' || c === ';' || c === '\n')) {
			parts.push(current);
			current = '';
			continue;
		}
		current += c;
	}
	parts.push(current);
	return parts.map((p) => p.trim()).filter((p) => p !== '');
}

/** One phone number in E.164 (+, country code, number: 7 to 15 digits), separators removed. */
export function checkPhone(raw: string): Checked<string> {
	const value = plain(raw).replace(PHONE_SEPARATORS, '');
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
	// Normalised before splitting: a full-width comma (，) separates too.
	const list = listOf(typeof raw === 'string' ? plain(raw) : raw);
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

/**
 * An address alone (a@b.co) or with a name (Ada <a@b.co>, "Doe, John" <j@b.co>), as EngageLab
 * Email takes them: `Name<addr>`, a quoted name kept in its quotes. The address is normalised
 * (`plain`); a name keeps its characters but no control character.
 */
export function checkEmail(raw: string, allowName = true): Checked<string> {
	const named = /^(.*?)\s*<\s*([^<>]+?)\s*>$/s.exec(raw);
	const address = plain(named ? named[2] : raw).trim();
	if (named && !allowName) return { ok: false, problem: `"${raw}" must be a bare email address (no name)` };
	const name = named ? named[1].trim() : '';
	if (CONTROL.test(name)) return { ok: false, problem: `"${raw}": the name holds a line break or another control character` };
	if (name.startsWith('"') && !/^"(?:[^"\\]|\\.)*"$/.test(name)) return { ok: false, problem: `"${raw}": the name's quotes are not closed` };
	if (!ADDRESS.test(address) || CONTROL.test(address)) return { ok: false, problem: `"${raw}" is not a valid email address` };
	// EngageLab's own examples write "Name<addr>" without a space.
	return { ok: true, value: named ? `${name}<${address}>` : address };
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
	const list = addressListOf(raw);
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
