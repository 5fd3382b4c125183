/**
 * JSON with 64-bit integers (EngageLab "Long" values such as EUIDs). A JavaScript number is exact
 * only up to 2^53 - 1, so Longs travel as strings of digits inside the node and are written to
 * and read from the wire without ever becoming a number.
 */

/** A Long to be written as a bare JSON number with exactly these digits. */
export class JsonLong {
	constructor(readonly digits: string) {}
}

/** JSON.stringify for plain data in which JsonLong values are written as bare numbers. */
export function stringifyWithLongs(value: unknown): string {
	if (value instanceof JsonLong) return value.digits;
	if (Array.isArray(value)) return `[${value.map((v) => stringifyWithLongs(v ?? null)).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const members = Object.entries(value)
			.filter(([, v]) => v !== undefined)
			.map(([k, v]) => `${JSON.stringify(k)}:${stringifyWithLongs(v)}`);
		return `{${members.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

const NUMBER_TOKEN = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * JSON.parse, except that integers too large for a JavaScript number come back as strings of
 * digits instead of rounded numbers. Throws SyntaxError like JSON.parse.
 */
export function parseWithLongs(text: string): unknown {
	let out = '';
	let copiedUpTo = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
			continue;
		}
		if (c === '"') {
			inString = true;
			continue;
		}
		if (c !== '-' && (c < '0' || c > '9')) continue;
		NUMBER_TOKEN.lastIndex = i;
		const token = NUMBER_TOKEN.exec(text)?.[0];
		if (!token) continue;
		if (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
			out += `${text.slice(copiedUpTo, i)}"${token}"`;
			copiedUpTo = i + token.length;
		}
		i += token.length - 1;
	}
	return JSON.parse(out + text.slice(copiedUpTo));
}
