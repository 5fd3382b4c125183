/**
 * JSON for the push emulator: integers are read as bigint (exactly, the way EngageLab's Java/Go
 * servers read int64) and bigint values are written as bare JSON numbers, so a message ID past
 * 2^53 goes out as the real API may send it. Independent of the node's own long handling.
 */
import { parseStrictJson, stringifyJson, type JsonValue } from '../strictJson';

export type Json = JsonValue;

/** Integers as bigint, exactly; a key given twice is refused. */
export const parseJson = (text: string): Json => parseStrictJson(text, { refuseDuplicateKeys: true });

/** JSON text in which bigint values are bare numbers. */
export const writeJson = stringifyJson;

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
