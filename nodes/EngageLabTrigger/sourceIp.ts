/**
 * An optional allow-list of source addresses: IPv4 and IPv6 addresses and IPv4 CIDR ranges,
 * separated by commas, semicolons or spaces. EngageLab documents 119.8.170.74 and 114.119.180.30
 * as its callback senders (SMS, OTP). Behind a reverse proxy, n8n sees the client address only
 * when N8N_PROXY_HOPS is set.
 *
 * Entries are compared in one canonical form, so an expanded IPv6 address (0:0:…:1), a
 * zero-padded IPv4 one (119.008.170.074, read as decimal) or an IPv4-mapped one (::ffff:1.2.3.4)
 * matches the address n8n reports. From node version 3 an entry that is not an address is
 * refused (activation fails); versions 1 and 2 skip it, as it never matched there either.
 */
export interface AllowList {
	exact: Set<string>;
	ranges: Array<{ base: number; mask: number }>;
}

export function parseAllowList(text: string, strict = true): AllowList | { error: string } {
	const list: AllowList = { exact: new Set(), ranges: [] };
	for (const entry of text.split(/[\s,;]+/).filter(Boolean)) {
		const slash = entry.indexOf('/');
		if (slash === -1) {
			const canonical = canonicalAddress(entry);
			if (canonical !== undefined) list.exact.add(canonical);
			else if (strict) return { error: `"${entry}" is not an IPv4 or IPv6 address` };
			continue;
		}
		const base = ipv4(entry.slice(0, slash));
		const bits = /^\d{1,2}$/.test(entry.slice(slash + 1)) ? Number(entry.slice(slash + 1)) : NaN;
		if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return { error: `"${entry}" is not an IPv4 range such as 119.8.170.0/24` };
		const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
		list.ranges.push({ base: (base & mask) >>> 0, mask });
	}
	return list;
}

/** One spelling per address: dotted decimal for IPv4 (also when IPv4-mapped), compressed lower-case IPv6. */
export function canonicalAddress(text: string): string | undefined {
	const address = text.trim();
	const v4 = ipv4(address);
	if (v4 !== undefined) return dotted(v4);
	const groups = ipv6(address);
	if (!groups) return undefined;
	// ::ffff:a.b.c.d, as n8n reports IPv4 callers on a dual-stack socket.
	if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) return dotted(groups[6] * 65536 + groups[7]);
	return compress(groups);
}

function dotted(value: number): string {
	return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

function ipv4(text: string): number | undefined {
	const parts = text.split('.');
	if (parts.length !== 4) return undefined;
	let value = 0;
	for (const part of parts) {
		if (!/^\d{1,3}$/.test(part) || Number(part) > 255) return undefined;
		value = value * 256 + Number(part);
	}
	return value;
}

/** The eight 16-bit groups of an IPv6 address (a zone such as %eth0 is dropped), or undefined. */
function ipv6(text: string): number[] | undefined {
	let address = text.toLowerCase();
	if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
	const zone = address.indexOf('%');
	if (zone !== -1) address = address.slice(0, zone);
	const halves = address.split('::');
	if (halves.length > 2) return undefined;
	const parse = (part: string): number[] | undefined => {
		if (part === '') return [];
		const out: number[] = [];
		const pieces = part.split(':');
		for (let i = 0; i < pieces.length; i++) {
			const piece = pieces[i];
			if (i === pieces.length - 1 && piece.includes('.')) {
				const v4 = ipv4(piece);
				if (v4 === undefined) return undefined;
				out.push(v4 >>> 16, v4 & 0xffff);
			} else if (/^[0-9a-f]{1,4}$/.test(piece)) out.push(parseInt(piece, 16));
			else return undefined;
		}
		return out;
	};
	const head = parse(halves[0]);
	const tail = halves.length === 2 ? parse(halves[1]) : [];
	if (!head || !tail) return undefined;
	if (halves.length === 1) return head.length === 8 ? head : undefined;
	const missing = 8 - head.length - tail.length;
	if (missing < 1) return undefined;
	return [...head, ...new Array<number>(missing).fill(0), ...tail];
}

/** RFC 5952: the longest run of two or more zero groups becomes "::". */
function compress(groups: number[]): string {
	let bestStart = -1;
	let bestLength = 1;
	for (let i = 0; i < 8; ) {
		if (groups[i] !== 0) {
			i++;
			continue;
		}
		let j = i;
		while (j < 8 && groups[j] === 0) j++;
		if (j - i > bestLength) {
			bestStart = i;
			bestLength = j - i;
		}
		i = j;
	}
	const hex = groups.map((g) => g.toString(16));
	if (bestStart === -1) return hex.join(':');
	return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

export function allowed(list: AllowList, address: string | undefined): boolean {
	if (!address) return false;
	const ip = canonicalAddress(address);
	if (ip === undefined) return false;
	if (list.exact.has(ip)) return true;
	const n = ipv4(ip);
	return n !== undefined && list.ranges.some((r) => ((n & r.mask) >>> 0) === r.base);
}
