/**
 * The real-n8n installer's proof of an install, on small fake install folders (no n8n installed):
 * a cache whose sqlite3 binding is missing, or whose n8n is another version, is never used.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { cachedInstall, checkInstall, installFor, N8N_VERSIONS, type N8nInstall } from '../support/realN8n/install';

/** A fake sqlite3 module that works like the real one for the probe. */
const WORKING_SQLITE = `
class Database {
	get(sql, done) { setImmediate(() => done(null, { answer: 42 })); }
	close(done) { setImmediate(done); }
}
module.exports = { Database };
`;
/** What sqlite3 does when its native binding was never built. */
const UNBUILT_SQLITE = `module.exports = require('./build/Release/node_sqlite3.node');`;

const roots: string[] = [];
afterAll(() => roots.forEach((r) => rmSync(r, { recursive: true, force: true })));

function fakeInstall(options: { sqlite: string; version: string; versionAnswer?: string }, dir?: string): N8nInstall {
	const root = dir ?? mkdtempSync(path.join(tmpdir(), 'fake-n8n-install-'));
	if (!dir) roots.push(root);
	const write = (file: string, text: string) => {
		mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
		writeFileSync(path.join(root, file), text);
	};
	write('node_modules/sqlite3/package.json', JSON.stringify({ name: 'sqlite3', main: 'index.js' }));
	write('node_modules/sqlite3/index.js', options.sqlite);
	write('node_modules/n8n/package.json', JSON.stringify({ name: 'n8n', version: options.version }));
	write('node_modules/n8n/bin/n8n', `console.log(${JSON.stringify(options.versionAnswer ?? options.version)});`);
	return { folder: 'n8n-fake', version: '2.8.4', dir: root, node: process.execPath, n8nBin: path.join(root, 'node_modules/n8n/bin/n8n') };
}

describe('checkInstall', () => {
	it('passes an install whose sqlite3 opens a database and whose n8n is the pinned version', async () => {
		const install = fakeInstall({ sqlite: WORKING_SQLITE, version: '2.8.4' });
		expect(await checkInstall(install, { full: false })).toBeUndefined();
		expect(await checkInstall(install, { full: true })).toBeUndefined();
	});

	it('finds a missing sqlite3 binding, and says so', async () => {
		const install = fakeInstall({ sqlite: UNBUILT_SQLITE, version: '2.8.4' });
		const problem = await checkInstall(install, { full: false });
		expect(problem).toMatch(/^sqlite3 does not load with n8n's Node: .*node_sqlite3\.node/);
	});

	it('finds another n8n version, from its package.json or from n8n --version', async () => {
		expect(await checkInstall(fakeInstall({ sqlite: WORKING_SQLITE, version: '2.8.3' }), { full: false })).toBe(
			'n8n 2.8.3 is installed, not 2.8.4',
		);
		const answersWrong = fakeInstall({ sqlite: WORKING_SQLITE, version: '2.8.4', versionAnswer: 'Error: cannot start' });
		expect(await checkInstall(answersWrong, { full: true })).toMatch(/^n8n --version answered "Error: cannot start" \(exit 0\), not 2\.8\.4/);
	});

	it('finds a missing n8n', async () => {
		const install = fakeInstall({ sqlite: WORKING_SQLITE, version: '2.8.4' });
		rmSync(install.n8nBin);
		expect(await checkInstall(install, { full: false })).toBe(`n8n is missing at ${install.n8nBin}`);
	});
});

describe('cachedInstall', () => {
	const target = N8N_VERSIONS[0];

	function cacheWith(sqlite: string): { root: string; dir: string } {
		const root = mkdtempSync(path.join(tmpdir(), 'fake-n8n-cache-'));
		roots.push(root);
		const { dir } = installFor(target, root);
		fakeInstall({ sqlite, version: target.version }, dir);
		writeFileSync(path.join(dir, '.complete'), 'marker');
		return { root, dir };
	}

	it('reuses a complete install that still works', async () => {
		const { root, dir } = cacheWith(WORKING_SQLITE);
		expect((await cachedInstall(target, root))?.dir).toBe(dir);
	});

	it('never uses a cache whose marker is written but whose sqlite3 binding is missing: it is removed', async () => {
		const { root, dir } = cacheWith(UNBUILT_SQLITE);
		expect(await cachedInstall(target, root)).toBeUndefined();
		expect(existsSync(dir)).toBe(false);
	});

	it('does not take an install without its marker', async () => {
		const { root, dir } = cacheWith(WORKING_SQLITE);
		rmSync(path.join(dir, '.complete'));
		expect(await cachedInstall(target, root)).toBeUndefined();
	});
});
