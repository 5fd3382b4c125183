/**
 * A URL that a service on the internet (WhatsApp fetching a media file) is to download from: http
 * or https, a host name with a dot or a public IP address. Names are not resolved (the node never
 * fetches the URL); what is refused is what can only mean this machine or its network: `localhost`,
 * and private, loopback, link-local, unspecified, multicast and reserved address literals, in any
 * form the URL parser reads (127.1, 0x7f.0.0.1, 2130706433, [::1], [::ffff:127.0.0.1] …).
 */
import type { Checked } from './checked';

/** IPv4 ranges no public file lives at: [first address, prefix length, what it is]. */
const IPV4_BLOCKED: Array<[string, number, string]> = [
	['0.0.0.0', 8, 'an unspecified ("this network") address'],
	['10.0.0.0', 8, 'a private address'],
	['100.64.0.0', 10, 'a shared (carrier-grade NAT) address'],
	['127.0.0.0', 8, 'a loopback address'],
	['169.254.0.0', 16, 'a link-local address (cloud metadata services live here)'],
	['172.16.0.0', 12, 'a private address'],
	['192.0.0.0', 24, 'a reserved address'],
	['192.168.0.0', 16, 'a private address'],
	['198.18.0.0', 15, 'a reserved (benchmarking) address'],
	['224.0.0.0', 4, 'a multicast address'],
	['240.0.0.0', 4, 'a reserved address'],
];

export function checkPublicUrl(raw: string): Checked<string> {
	const notPublic = (why: string): Checked<string> => ({ ok: false, problem: `"${raw}" is not a public http(s) URL: ${why}` });
	if (/\s/.test(raw)) return notPublic('it holds a space or line break');
	let url: URL;
	try {
		url = new URL(raw);
	} catch {
		return notPublic('not a URL');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') return notPublic(`${url.protocol.replace(/:$/, '')} is not http or https`);
	const host = url.hostname.toLowerCase();
	if (host.startsWith('[')) {
		const why = ipv6Problem(host.slice(1, -1));
		return why ? notPublic(`${host} is ${why}`) : { ok: true, value: raw };
	}
	if (/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
		const why = ipv4Problem(host);
		return why ? notPublic(`${host} is ${why}`) : { ok: true, value: raw };
	}
	if (host === 'localhost' || host.endsWith('.localhost')) return notPublic(`${host} is this machine`);
	if (!host.includes('.')) return notPublic(`${host} is not a public host name`);
	return { ok: true, value: raw };
}

function ipv4Problem(dotted: string): string | undefined {
	const value = ipv4Value(dotted);
	for (const [first, prefix, what] of IPV4_BLOCKED) {
		const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
		if (((value & mask) >>> 0) === ipv4Value(first)) return what;
	}
	return undefined;
}

function ipv4Value(dotted: string): number {
	return dotted.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** Why an IPv6 literal (as the URL parser writes it: lower-case hex, `::` compressed) is refused. */
function ipv6Problem(literal: string): string | undefined {
	const groups = ipv6Groups(literal);
	if (!groups) return 'not an IPv6 address';
	const [g0, g1, g2, g3, g4, g5, g6, g7] = groups;
	const embedded = (hi: number, lo: number) => ipv4Problem(`${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`);
	const zeros = (list: number[]) => list.every((g) => g === 0);
	if (zeros(groups)) return 'the unspecified address';
	if (zeros(groups.slice(0, 7)) && g7 === 1) return 'the loopback address';
	// IPv4-compatible (::a.b.c.d), IPv4-mapped (::ffff:a.b.c.d) and NAT64 (64:ff9b::a.b.c.d) carry an IPv4 address.
	if (zeros([g0, g1, g2, g3, g4]) && (g5 === 0 || g5 === 0xffff)) return embedded(g6, g7);
	if (g0 === 0x64 && g1 === 0xff9b && zeros([g2, g3, g4, g5])) return embedded(g6, g7);
	// 6to4 (2002:aabb:ccdd::) carries one in its second and third groups.
	if (g0 === 0x2002) return embedded(g1, g2);
	if ((g0 & 0xfe00) === 0xfc00) return 'a unique local (private) address';
	if ((g0 & 0xffc0) === 0xfe80) return 'a link-local address';
	if ((g0 & 0xffc0) === 0xfec0) return 'a site-local (private) address';
	if ((g0 & 0xff00) === 0xff00) return 'a multicast address';
	return undefined;
}

/** The eight 16-bit groups of an IPv6 address in hex notation, or undefined. */
function ipv6Groups(literal: string): number[] | undefined {
	const halves = literal.split('::');
	if (halves.length > 2) return undefined;
	const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN)));
	const head = parse(halves[0]);
	const tail = halves.length === 2 ? parse(halves[1]) : [];
	const fill = 8 - head.length - tail.length;
	if (halves.length === 1 ? head.length !== 8 : fill < 1) return undefined;
	const groups = [...head, ...Array<number>(Math.max(fill, 0)).fill(0), ...tail];
	return groups.some(Number.isNaN) ? undefined : groups;
}
