/**
 * The template lists' query, as strict as the emulators are with bodies: a parameter the product
 * does not document, or a documented filter left empty, is refused, so a node that sends a
 * filter the API would ignore (and answer the whole list) fails in the tests instead.
 */
import type { Outcome } from './productEmulator';

/** The refusal for the first unknown or empty parameter, or undefined when the query is clean. */
export function refuseTemplateQuery(query: URLSearchParams, known: readonly string[], code: number): Outcome | undefined {
	for (const [name, value] of query) {
		if (!known.includes(name)) return { code, message: `unknown parameter: ${name}` };
		if (value.trim() === '') return { code, message: `empty parameter: ${name}` };
	}
	return undefined;
}
