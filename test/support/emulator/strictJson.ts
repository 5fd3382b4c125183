/**
 * A strict JSON parser for the emulator that keeps every integer exact as a bigint, the way a
 * Java server reads a Long. (Independent of the node's own Long handling, so it can catch it out.)
 */
export type JsonValue = null | boolean | number | bigint | string | JsonValue[] | { [key: string]: JsonValue };

/** `refuseDuplicateKeys`: a key given twice in one object is an error (as EngageLab's push servers answer it), not the last one winning. */
export function parseStrictJson(text: string, { refuseDuplicateKeys = false } = {}): JsonValue {
	let i = 0;
	const fail = (what: string): never => {
		throw new SyntaxError(`${what} at position ${i}`);
	};
	const ws = () => {
		while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
	};
	const value = (): JsonValue => {
		ws();
		const c = text[i];
		if (c === '{') {
			i++;
			const obj: { [key: string]: JsonValue } = {};
			ws();
			if (text[i] === '}') return i++, obj;
			for (;;) {
				ws();
				if (text[i] !== '"') fail('expected a key');
				const key = string();
				ws();
				if (text[i++] !== ':') fail('expected ":"');
				if (refuseDuplicateKeys && Object.prototype.hasOwnProperty.call(obj, key)) fail(`duplicate key "${key}"`);
				// An own key even for "__proto__", as a Java server's map would hold it.
				Object.defineProperty(obj, key, { value: value(), enumerable: true, writable: true, configurable: true });
				ws();
				if (text[i] === ',') i++;
				else if (text[i] === '}') return i++, obj;
				else fail('expected "," or "}"');
			}
		}
		if (c === '[') {
			i++;
			const arr: JsonValue[] = [];
			ws();
			if (text[i] === ']') return i++, arr;
			for (;;) {
				arr.push(value());
				ws();
				if (text[i] === ',') i++;
				else if (text[i] === ']') return i++, arr;
				else fail('expected "," or "]"');
			}
		}
		if (c === '"') return string();
		for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
			if (text.startsWith(word, i)) return (i += word.length), v;
		}
		const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
		if (!m) return fail('unexpected character');
		i += m[0].length;
		return m[1] || m[2] ? Number(m[0]) : BigInt(m[0]);
	};
	const string = (): string => {
		const start = i;
		i++;
		while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
		if (i >= text.length) fail('unterminated string');
		i++;
		return JSON.parse(text.slice(start, i)) as string;
	};
	const result = value();
	ws();
	if (i !== text.length) fail('trailing characters');
	return result;
}

/** JSON text for values that may hold bigints (written as bare integers). */
export function stringifyJson(value: unknown): string {
	// The holder's own value: a library may have given BigInt a toJSON (n8n's dependencies do), which
	// JSON.stringify calls before the replacer.
	return JSON.stringify(value, function (this: Record<string, unknown>, k: string, v: unknown) {
		const original = this[k];
		return typeof original === 'bigint' ? `\u0000${original}\u0000` : v;
	}).replace(
		/"\\u0000(-?\d+)\\u0000"/g,
		'$1',
	);
}
