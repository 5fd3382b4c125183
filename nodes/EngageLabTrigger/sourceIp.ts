/**
 * An optional allow-list of source addresses: exact IPv4/IPv6 addresses and IPv4 CIDR ranges,
 * separated by commas or spaces. EngageLab documents 119.8.170.74 and 114.119.180.30 as its
 * callback senders (SMS, OTP). Behind a reverse proxy, n8n sees the client address only when
 * N8N_PROXY_HOPS is set.
 */
export interface AllowList {
	exact: Set<string>;
	ranges: Array<{ base: number; mask: number }>;
}

export function parseAllowList(text: string): AllowList | { error: string } {
	const list: AllowList = { exact: new Set(), ranges: [] };
	for (const entry of text.split(/[\s,]+/).filter(Boolean)) {
		const slash = entry.indexOf('/');
		if (slash === -1) {
			list.exact.add(normalise(entry));
			continue;
		}
		const base = ipv4(entry.slice(0, slash));
		const bits = Number(entry.slice(slash + 1));
		if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return { error: `"${entry}" is not an IPv4 range such as 119.8.170.0/24` };
		const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
		list.ranges.push({ base: (base & mask) >>> 0, mask });
	}
	return list;
}

/** IPv4 addresses as n8n may report them on a dual-stack socket (::ffff:1.2.3.4) become plain. */
function normalise(address: string): string {
	const lower = address.trim().toLowerCase();
	return lower.startsWith('::ffff:') && ipv4(lower.slice(7)) !== undefined ? lower.slice(7) : lower;
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

export function allowed(list: AllowList, address: string | undefined): boolean {
	if (!address) return false;
	const ip = normalise(address);
	if (list.exact.has(ip)) return true;
	const n = ipv4(ip);
	return n !== undefined && list.ranges.some((r) => ((n & r.mask) >>> 0) === r.base);
}
