#!/usr/bin/env node
/**
 * `npm run scan`: the checks of n8n's community-package scanner (`@n8n/scan-community-package`,
 * the gate n8n runs before it verifies a package), offline, on this repository and on the tarball
 * `npm pack` makes of it.
 *
 * The scanner's CLI only takes a package name: it downloads the published tarball, checks its npm
 * provenance and downloads the attested source from GitHub. None of that can run before a
 * release, nor without a network, so this script calls the scanner's own `analyzePackage()` with
 * its own ESLint config (`buildScanConfig()`), the same two ways the CLI does:
 *   - source:  SOURCE_FILE_PATTERNS (package.json, {nodes,credentials}/**) of the repository;
 *   - tarball: every .js file and the package.json inside the packed tarball, i.e. exactly what
 *              users install (no runtime dependencies, no restricted globals or imports, no
 *              console, no dangerous functions, ...).
 * Inline `eslint-disable` comments are ignored, as in the scanner. Any finding exits 1.
 *
 * Usage: node tools/scan/scanPackage.mjs               (needs `npm run build` first; npm run scan does it)
 *        node tools/scan/scanPackage.mjs --tarball <file.tgz | dir> [--source <dir>]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(repo, 'package.json'));
const scanner = await import(require.resolve('@n8n/scan-community-package/scanner/scanner.mjs'));
const { version: scannerVersion } = require('@n8n/scan-community-package/package.json');

/** The patterns the scanner's CLI uses for the published tarball (scanner.mjs, analyzePackageByName). */
const TARBALL_FILE_PATTERNS = ['**/*.js', 'package.json'];

const args = process.argv.slice(2);
const option = (name) => {
	const i = args.indexOf(name);
	return i === -1 ? undefined : args[i + 1];
};
const temp = mkdtempSync(path.join(tmpdir(), 'engagelab-scan-'));

try {
	const sourceDir = option('--source') ?? (option('--tarball') ? undefined : repo);
	const tarball = option('--tarball') ?? pack();
	const legs = [];
	if (sourceDir) legs.push(['source', path.resolve(sourceDir), scanner.SOURCE_FILE_PATTERNS]);
	legs.push(['tarball', unpacked(path.resolve(tarball)), TARBALL_FILE_PATTERNS]);

	console.log(`n8n community-package scan (@n8n/scan-community-package ${scannerVersion} rules, offline)`);
	let passed = true;
	for (const [leg, dir, patterns] of legs) {
		const result = await scanner.analyzePackage(dir, patterns);
		// The scanner counts "no files" as a pass; here it means the scan looked in the wrong place.
		const ok = result.passed && !result.message;
		passed &&= ok;
		console.log(`  ${leg} (${patterns.join(', ')}): ${ok ? 'clean' : `FAILED: ${result.message ?? ''}`}`);
		if (result.details) console.log(result.details);
	}
	process.exitCode = passed ? 0 : 1;
} finally {
	rmSync(temp, { recursive: true, force: true });
}

/** `npm pack` of the built repository (what `npm publish` uploads). */
function pack() {
	if (!existsSync(path.join(repo, 'dist'))) throw new Error('dist/ is missing: run `npm run build` first (npm run scan does)');
	const out = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', temp], { cwd: repo, encoding: 'utf8' });
	return path.join(temp, out.trim().split('\n').pop());
}

/** A tarball's contents extracted as npm installs them (package/ stripped); a directory as it is. */
function unpacked(tarball) {
	if (statSync(tarball).isDirectory()) return tarball;
	const dir = path.join(temp, 'package');
	mkdirSync(dir, { recursive: true });
	execFileSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
	const files = readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.js'));
	console.log(`  tarball ${path.basename(tarball)}: ${files.length} .js files`);
	return dir;
}
