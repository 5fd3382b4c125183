/** EngageLab user identifiers (docs/ma/api.md, "Get EUID"). */
import type { Checked } from './checked';

export const IDENTITY_TYPES = ['user_id', 'anonymous_id', 'registration_id'] as const;
export type IdentityType = (typeof IDENTITY_TYPES)[number];

const MAX_IDENTIFIER_LENGTH = 256;

/** An identifier value as EngageLab takes it: text, 1 to 256 characters, trimmed. */
export function checkIdentifier(raw: unknown, type: IdentityType): Checked<string> {
	let value: string;
	if (typeof raw === 'string') value = raw.trim();
	else if ((typeof raw === 'number' && Number.isSafeInteger(raw)) || typeof raw === 'bigint') value = String(raw);
	else if (raw === undefined || raw === null) value = '';
	else return { ok: false, problem: `The ${type} must be text, but got ${typeof raw === 'number' ? `the number ${raw}, which is not exact` : `a ${Array.isArray(raw) ? 'list' : typeof raw}`}` };
	if (value === '') return { ok: false, problem: `The ${type} is empty` };
	if ([...value].length > MAX_IDENTIFIER_LENGTH) {
		return { ok: false, problem: `The ${type} is ${[...value].length} characters long: EngageLab takes at most ${MAX_IDENTIFIER_LENGTH}` };
	}
	return { ok: true, value };
}
