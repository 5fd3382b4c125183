/** Media URLs WhatsApp is to download: public http(s) only (validation/publicUrl.ts). */
import { checkPublicUrl } from '../../nodes/EngageLab/validation/publicUrl';

describe('checkPublicUrl', () => {
	it.each([
		'https://cdn.example.com/r.png',
		'http://example.com:8080/a.pdf?x=1',
		'https://8.8.8.8/a.png',
		'https://172.32.0.1/a.png',
		'https://[2606:4700::1111]/a.png',
		'https://[::ffff:8.8.8.8]/a.png',
		'https://user:pw@files.example.org/x',
	])('accepts %s', (url) => {
		expect(checkPublicUrl(url)).toEqual({ ok: true, value: url });
	});

	it.each([
		['localhost', 'http://localhost/a.png', /this machine/],
		['a .localhost name', 'http://files.localhost/a.png', /this machine/],
		['a name without a dot', 'http://intranet/a.png', /not a public host name/],
		['loopback', 'http://127.0.0.1/a.png', /loopback/],
		['loopback, short form', 'http://127.1/a.png', /loopback/],
		['loopback, decimal', 'http://2130706433/a.png', /loopback/],
		['loopback, hex', 'http://0x7f.0.0.1/a.png', /loopback/],
		['loopback, octal', 'http://0177.0.0.01/a.png', /loopback/],
		['cloud metadata (link-local)', 'http://169.254.169.254/latest/meta-data', /link-local/],
		['private 10/8', 'http://10.1.2.3/a.png', /private/],
		['private 172.16/12', 'http://172.31.255.255/a.png', /private/],
		['private 192.168/16', 'https://192.168.1.10/a.png', /private/],
		['shared 100.64/10', 'https://100.64.0.1/a.png', /shared/],
		['unspecified', 'http://0.0.0.0/a.png', /unspecified/],
		['broadcast', 'http://255.255.255.255/a.png', /reserved/],
		['multicast', 'http://224.0.0.1/a.png', /multicast/],
		['IPv6 loopback', 'http://[::1]/a.png', /loopback/],
		['IPv6 unspecified', 'http://[::]/a.png', /unspecified/],
		['IPv6 unique local', 'http://[fd12:3456::1]/a.png', /unique local/],
		['IPv6 unique local fc00::/7', 'http://[fc00::1]/a.png', /unique local/],
		['IPv6 link-local', 'http://[fe80::1]/a.png', /link-local/],
		['IPv6 link-local, upper end', 'http://[febf::1]/a.png', /link-local/],
		['IPv4-mapped loopback', 'http://[::ffff:127.0.0.1]/a.png', /loopback/],
		['IPv4-mapped metadata, hex form', 'http://[::ffff:a9fe:a9fe]/a.png', /link-local/],
		['IPv4-compatible private', 'http://[::10.0.0.1]/a.png', /private/],
		['NAT64 loopback', 'http://[64:ff9b::7f00:1]/a.png', /loopback/],
		['6to4 private', 'http://[2002:c0a8:0101::1]/a.png', /private/],
		['not http', 'ftp://files.example.com/a.png', /ftp is not http or https/],
		['a space', 'https://cdn.example.com/a b.png', /space/],
		['not a URL', 'cdn.example.com/a.png', /not a URL/],
	])('refuses %s', (_what, url, why) => {
		const result = checkPublicUrl(url);
		expect(result.ok).toBe(false);
		if (!result.ok) expect(result.problem).toMatch(why);
	});
});
