/** The one Node.js API the node uses, declared here because nodes/ compiles without Node's types. */
declare module 'node:crypto' {
	export function randomUUID(): string;
}
