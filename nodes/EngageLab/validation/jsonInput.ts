/**
 * The Properties (JSON) field read exactly: a strict JSON parser in which an integer too large for
 * a JavaScript number becomes a JsonLong (written back digit for digit) instead of a rounded number
 * or a string, so a number stays a number and text stays text. Every key is an own property, even
 * "__proto__", and nothing is ever looked up on Object.prototype.
 */
import { JsonLong } from '../transport/longJson';

export type JsonInput = null | boolean | number | string | JsonLong | JsonInput[] | { [key: string]: JsonInput };

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/** Throws SyntaxError (with the position) for anything that is not JSON. */
export function parseJsonInput(text: string): JsonInput {
	let i = 0;
	const fail = (what: string): never => {
		throw new SyntaxError(`${what} at position ${i}`);
	};
	const ws = () => {
		while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
	};
	const string = (): string => {
		const start = i++;
		while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
		if (i >= text.length) fail('Unterminated string');
		i++;
		return JSON.parse(text.slice(start, i)) as string; // escapes and control characters, as JSON.parse checks them
	};
	const value = (depth: number): JsonInput => {
		if (depth > 100) fail('Nested too deeply');
		ws();
		const c = text[i];
		if (c === '{') {
			i++;
			const obj: { [key: string]: JsonInput } = {};
			ws();
			if (text[i] === '}') return i++, obj;
			for (;;) {
				ws();
				if (text[i] !== '"') fail('Expected a property name in double quotes');
				const key = string();
				ws();
				if (text[i++] !== ':') fail('Expected ":"');
				// defineProperty: "__proto__" becomes an own key like any other, never the prototype.
				Object.defineProperty(obj, key, { value: value(depth + 1), enumerable: true, writable: true, configurable: true });
				ws();
				if (text[i] === ',') i++;
				else if (text[i] === '}') return i++, obj;
				else fail('Expected "," or "}"');
			}
		}
		if (c === '[') {
			i++;
			const list: JsonInput[] = [];
			ws();
			if (text[i] === ']') return i++, list;
			for (;;) {
				list.push(value(depth + 1));
				ws();
				if (text[i] === ',') i++;
				else if (text[i] === ']') return i++, list;
				else fail('Expected "," or "]"');
			}
		}
		if (c === '"') return string();
		for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
			if (text.startsWith(word, i)) return (i += word.length), v;
		}
		NUMBER.lastIndex = i;
		const token = NUMBER.exec(text)?.[0];
		if (!token) return fail('Unexpected character');
		i += token.length;
		const n = Number(token);
		if (/^-?\d+$/.test(token) && !Number.isSafeInteger(n)) return new JsonLong(token.replace(/^(-?)0+(?=\d)/, '$1'));
		return n;
	};
	const result = value(0);
	ws();
	if (i !== text.length) fail('Unexpected text after the JSON value');
	return result;
}
