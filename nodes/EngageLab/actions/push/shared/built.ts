/**
 * What the push builders return: the value, or a problem worded for a NodeOperationError on the
 * item (nothing is sent). No n8n context is needed to build or to test them.
 */
export type Built<T> = { ok: T } | { problem: string; description?: string };

export function problem(message: string, description?: string): { problem: string; description?: string } {
	return description === undefined ? { problem: message } : { problem: message, description };
}

export type JsonObject = Record<string, unknown>;

/** Text from a parameter: strings trimmed, numbers written out, anything else empty. */
export function text(value: unknown): string {
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	return '';
}

/**
 * A list parameter as n8n gives it (an array from a multi-option or list-search field, or text
 * separated by commas or new lines from a string field): trimmed, empty entries dropped,
 * repeats removed keeping the first (D10).
 */
export function listOf(value: unknown): string[] {
	// A tag picker (resourceLocator) inside a collection arrives as {__rl, mode, value}.
	if (typeof value === 'object' && value !== null && !Array.isArray(value) && (value as { __rl?: unknown }).__rl === true) {
		value = (value as { value?: unknown }).value;
	}
	const raw: unknown[] = Array.isArray(value)
		? value.flatMap((v) => (typeof v === 'string' ? v.split(/[,\n]/) : [v]))
		: typeof value === 'string'
			? value.split(/[,\n]/)
			: value === undefined || value === null
				? []
				: [value];
	const seen = new Set<string>();
	for (const entry of raw) {
		const t = text(entry);
		if (t !== '') seen.add(t);
	}
	return [...seen];
}

/**
 * An optional integer parameter: undefined when empty, the number when it is a whole number in
 * [min, max], else a problem naming the field.
 */
export function optionalInteger(
	value: unknown,
	field: string,
	min: number,
	max = Number.MAX_SAFE_INTEGER,
): Built<number | undefined> {
	if (value === undefined || value === null || value === '') return { ok: undefined };
	const n = typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value.trim()) : value;
	if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < min || n > max) {
		return problem(`${field} must be a whole number from ${min} to ${max}`, `Got ${JSON.stringify(value)}.`);
	}
	return { ok: n };
}
