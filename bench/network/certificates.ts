/**
 * A certificate authority made for one benchmark run (Debian's openssl), and a server
 * certificate it signs for 127.0.0.1. n8n trusts the CA through NODE_EXTRA_CA_CERTS: no
 * certificate check is turned off anywhere. ECDSA P-256, as most public APIs serve today.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface BenchCertificates {
	/** The CA certificate (PEM file), for NODE_EXTRA_CA_CERTS. */
	caFile: string;
	keyFile: string;
	certFile: string;
	remove(): void;
}

export function makeCertificates(): BenchCertificates {
	const dir = mkdtempSync(path.join(tmpdir(), 'engagelab-bench-tls-'));
	const at = (name: string) => path.join(dir, name);
	const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
	const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
	openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=EngageLab bench CA (this run only)',
		'-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
	openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', '/CN=127.0.0.1');
	writeFileSync(at('ext.cnf'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
	openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-out', 'server.pem', '-days', '2', '-extfile', 'ext.cnf');
	rmSync(at('ca.key')); // nothing else gets signed by it
	return {
		caFile: at('ca.pem'),
		keyFile: at('server.key'),
		certFile: at('server.pem'),
		remove: () => rmSync(dir, { recursive: true, force: true }),
	};
}
