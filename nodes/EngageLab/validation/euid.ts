/** EUID: EngageLab's 64-bit user ID. Kept as a string of digits so it is never rounded. */
import type { Checked } from './checked';

const MAX_EUID = '9223372036854775807';

/**
 * Accepts what a user or an expression can put in the EUID field: a string of digits (spaces
 * around are trimmed), a safe integer number or a bigint. Returns the canonical digits.
 */
export function checkEuid(raw: unknown): Checked<string> {
	let digits: string;
	if (typeof raw === 'number') {
		if (!Number.isInteger(raw)) {
			return { ok: false, problem: `EUID ${raw} is not a whole number` };
		}
		if (!Number.isSafeInteger(raw)) {
			return {
				ok: false,
				problem:
					`EUID ${raw} arrived as a JavaScript number above 2^53 - 1 (9007199254740991), so its last digits may already have been rounded. ` +
					'Keep the EUID as text all the way from its source (for example, a string field in the incoming JSON) and map that into the EUID field',
			};
		}
		digits = String(raw);
	} else if (typeof raw === 'bigint') {
		digits = raw.toString();
	} else if (typeof raw === 'string') {
		digits = raw.trim();
	} else if (raw === undefined || raw === null) {
		digits = '';
	} else {
		return { ok: false, problem: `EUID must be a number written as digits, but got ${describe(raw)}` };
	}
	if (digits === '') {
		return { ok: false, problem: 'EUID is empty' };
	}
	if (!/^\d+$/.test(digits)) {
		return {
			ok: false,
			problem: `EUID "${digits.slice(0, 40)}" is not valid: an EUID contains digits only (for example 10362473)`,
		};
	}
	digits = digits.replace(/^0+(?=\d)/, '');
	if (digits === '0' || (digits.length === MAX_EUID.length && digits > MAX_EUID) || digits.length > MAX_EUID.length) {
		return {
			ok: false,
			problem: `EUID ${digits.length > 40 ? digits.slice(0, 40) + '…' : digits} is out of range: an EUID is between 1 and ${MAX_EUID}`,
		};
	}
	return { ok: true, value: digits };
}

function describe(value: unknown): string {
	if (Array.isArray(value)) return 'a list';
	return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}
