/**
 * JSON for the push emulator: integers are read as bigint (exactly, the way EngageLab's Java/Go
 * servers read int64) and bigint values are written as bare JSON numbers, so a message ID past
 * 2^53 goes out as the real API may send it. Independent of the node's own long handling.
 */
export type Json = null | boolean | number | bigint | string | Json[] | { [key: string]: Json };

export function parseJson(text: string): Json {
	let i = 0;
	const fail = (what: string): never => {
		throw new SyntaxError(`${what} at position ${i}`);
	};
	const ws = () => {
		while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
	};
	const str = (): string => {
		const start = i;
		i++;
		while (i < text.length && text[i] !== '"') {
			if (text[i] === '\\') i++;
			else if (text.charCodeAt(i) < 0x20) fail('control character in string');
			i++;
		}
		if (text[i] !== '"') fail('unterminated string');
		i++;
		return JSON.parse(text.slice(start, i)) as string;
	};
	const value = (): Json => {
		ws();
		const c = text[i];
		if (c === '{') {
			i++;
			const obj: { [key: string]: Json } = {};
			ws();
			if (text[i] === '}') return i++, obj;
			for (;;) {
				ws();
				if (text[i] !== '"') fail('expected a key');
				const key = str();
				ws();
				if (text[i++] !== ':') fail('expected ":"');
				if (Object.prototype.hasOwnProperty.call(obj, key)) fail(`duplicate key "${key}"`);
				Object.defineProperty(obj, key, { value: value(), enumerable: true, writable: true, configurable: true });
				ws();
				if (text[i] === ',') i++;
				else if (text[i] === '}') return i++, obj;
				else fail('expected "," or "}"');
			}
		}
		if (c === '[') {
			i++;
			const arr: Json[] = [];
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
		if (c === '"') return str();
		for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
			if (text.startsWith(word, i)) return (i += word.length), v;
		}
		const m = /^-?(?:0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
		if (!m) return fail('unexpected character');
		i += m[0].length;
		return m[1] || m[2] ? Number(m[0]) : BigInt(m[0]);
	};
	const out = value();
	ws();
	if (i !== text.length) fail('trailing characters');
	return out;
}

/** JSON text in which bigint values are bare numbers. */
export function writeJson(value: unknown): string {
	if (typeof value === 'bigint') return value.toString();
	if (Array.isArray(value)) return `[${value.map((v) => writeJson(v ?? null)).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		return `{${Object.entries(value)
			.filter(([, v]) => v !== undefined)
			.map(([k, v]) => `${JSON.stringify(k)}:${writeJson(v)}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** An integer value: a small number or a bigint (as read), else undefined. */
export function integer(value: unknown): bigint | undefined {
	if (typeof value === 'bigint') return value;
	if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
	return undefined;
}
