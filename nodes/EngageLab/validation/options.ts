/**
 * The node's numeric options, checked before anything is sent. A value the editor's bounds would
 * not allow (typed through an expression, or set by the API) is refused with the option's name,
 * the value and the range, never clamped or rounded in silence: a Timeout of 0 or a Retry Delay
 * above Node's timer limit would otherwise become a 1 ms wait.
 */
import type { Checked } from './checked';

/** Node's timers fire after 1 ms for any delay above this (about 24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;
/** Below this rate one request waits more than 100 s for the next; the editor shows two decimals. */
const MIN_REQUESTS_PER_SECOND = 0.01;

export interface NumberRule {
	/** The option's name as the editor shows it. */
	label: string;
	min: number;
	max: number;
	/** Whole numbers only. */
	whole?: boolean;
	/** Also allowed, below `min` (e.g. 0 = no limit). */
	alsoAllowed?: number;
	/** What the option means, for the message. */
	unit?: string;
}

export const OPTION_RULES = {
	concurrency: { label: 'Concurrency', min: 1, max: 100, whole: true },
	maxAttempts: { label: 'Max Attempts', min: 1, max: 10, whole: true },
	maxRequestsPerSecond: { label: 'Max Requests Per Second', min: MIN_REQUESTS_PER_SECOND, max: 1_000_000, alsoAllowed: 0 },
	retryDelay: { label: 'Retry Delay (Milliseconds)', min: 0, max: MAX_TIMER_MS, unit: 'ms' },
	timeout: { label: 'Timeout (Milliseconds)', min: 1, max: MAX_TIMER_MS, unit: 'ms' },
} satisfies Record<string, NumberRule>;

export type OptionName = keyof typeof OPTION_RULES;

/**
 * An option's value: its default when unset (undefined, null or ''), else a number (or text of a
 * number) within the rule. Anything else gets a problem that names the option and shows the value.
 */
export function checkNumberOption(raw: unknown, rule: NumberRule, fallback: number): Checked<number> {
	if (raw === undefined || raw === null || raw === '') return { ok: true, value: fallback };
	const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : NaN;
	const range =
		`${rule.alsoAllowed !== undefined ? `${rule.alsoAllowed} or ` : ''}${rule.whole ? 'a whole number ' : ''}` +
		`from ${rule.min} to ${rule.max}${rule.unit ? ` ${rule.unit}` : ''}`;
	const shown = typeof raw === 'string' ? `"${raw.slice(0, 40)}"` : typeof raw === 'number' ? String(raw) : Array.isArray(raw) ? 'a list' : `a ${typeof raw}`;
	if (!Number.isFinite(n)) return { ok: false, problem: `The option ${rule.label} is ${shown}, not a number: it takes ${range}` };
	if (n === rule.alsoAllowed) return { ok: true, value: n };
	if ((rule.whole && !Number.isInteger(n)) || n < rule.min || n > rule.max) {
		return { ok: false, problem: `The option ${rule.label} is ${shown}: it takes ${range}` };
	}
	return { ok: true, value: n };
}
