/** The Node.js APIs the node uses, declared here because nodes/ compiles without Node's types. */
declare module 'node:crypto' {
	export function randomUUID(): string;
	interface Hash {
		update(data: string | Uint8Array): Hash;
		digest(encoding: 'base64' | 'hex'): string;
	}
	export function createHash(algorithm: 'sha256'): Hash;
}
