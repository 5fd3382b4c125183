/**
 * Message IDs (msg_id, override_msg_id, statistics IDs): 64-bit integers that pass 2^53, so they
 * stay strings of digits end to end (docs/push/decisions.md D5).
 */
import { PUSH_LIMITS } from '../../../products/push/limits';
import { type Built, problem } from './built';

/**
 * An ID from a parameter or an upstream item: a string of 1–20 digits (spaces around it dropped),
 * or a JavaScript number that is still exact. A larger number may already have been rounded, so
 * it is refused rather than guessed.
 */
export function messageId(value: unknown, field = 'Message ID'): Built<string> {
	if (typeof value === 'number') {
		if (!Number.isSafeInteger(value) || value < 0) {
			return problem(
				`${field} ${String(value)} is a number too large to be exact`,
				'This ID may already have been rounded upstream: pass it as a string (for example {{ String($json.msg_id) }} from a node that kept it as text).',
			);
		}
		return { ok: String(value) };
	}
	if (typeof value === 'bigint' && value >= BigInt(0)) return messageId(value.toString(), field);
	const digits = typeof value === 'string' ? value.trim() : '';
	if (!new RegExp(`^\\d{1,${PUSH_LIMITS.idDigits}}$`).test(digits)) {
		return problem(`${field} must be digits only`, `Got ${JSON.stringify(value) ?? String(value)}.`);
	}
	return { ok: digits.replace(/^0+(?=\d)/, '') };
}

/** An ID EngageLab answered with (a JSON string, a safe number, or digits parseWithLongs kept). */
export function answeredId(value: unknown): string | undefined {
	if (typeof value === 'string' && /^\d+$/.test(value)) return value;
	if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
	return undefined;
}
