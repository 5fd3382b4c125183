/**
 * The parts of Node's crypto module the trigger uses, declared here because nodes/ compiles
 * without Node's types. Kept as wide as Node's own where tests (which have Node's types) call
 * the same functions: these declarations take their place there too.
 */
declare module 'node:crypto' {
	interface EngageLabDigest {
		update(data: string | Uint8Array): EngageLabDigest;
		digest(encoding: 'hex' | 'base64'): string;
	}
	export function createHmac(algorithm: string, key: string | Uint8Array): EngageLabDigest;
	export function createHash(algorithm: string): EngageLabDigest;
	export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean;
}
