/** The tag names of a `GET /v4/tags` answer (`{"tags": [...]}`, D22), or undefined when it holds no list. */
import type { IDataObject } from 'n8n-workflow';

export function tagNames(answer: unknown): string[] | undefined {
	const tags = typeof answer === 'object' && answer !== null ? (answer as IDataObject).tags : undefined;
	if (!Array.isArray(tags)) return undefined;
	// Strings in every source; an object form ({tag} or {name}) is read too, free to accept.
	const names = tags.map((t) => (typeof t === 'object' && t !== null ? String((t as IDataObject).tag ?? (t as IDataObject).name ?? '') : String(t)));
	return [...new Set(names.filter((n) => n !== ''))];
}
