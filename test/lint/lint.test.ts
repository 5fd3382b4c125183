/**
 * `npm run lint` and `npm run scan` (both in .ci/run) are only worth something if they fail on the
 * code n8n forbids. Each is run here on a throw-away copy of the package with a violation planted
 * in shipped code, and must fail naming the rule; and on the clean package, where it must pass.
 * Needs `npm run build` first (npm test does it).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { packPackage } from '../support/realN8n/n8n';

const root = path.resolve(__dirname, '../..');
const SCAN = path.join(root, 'tools/scan/scanPackage.mjs');
const temps: string[] = [];

function temp(): string {
	const dir = mkdtempSync(path.join(tmpdir(), 'engagelab-lint-test-'));
	temps.push(dir);
	return dir;
}

afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function run(command: string, args: string[], cwd: string) {
	// Not jest's NODE_ENV=test: eslint-plugin-n8n-nodes-base switches to its own test fixtures' rules then.
	const { NODE_ENV: _jest, ...env } = process.env;
	const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...env, FORCE_COLOR: '0' } });
	return { code: result.status, output: `${result.stdout}${result.stderr}`.replace(/\x1b\[[0-9;]*m/g, '') };
}

/** The repository's lint-relevant files (what CI's clean clone has), with node_modules linked. */
function repoCopy(): string {
	const dir = temp();
	for (const entry of ['package.json', 'eslint.config.mjs', 'tsconfig.json', 'nodes', 'credentials', 'test/eslint.config.mjs']) {
		cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true });
	}
	symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'));
	return dir;
}

describe('npm run lint (n8n-node lint, strict)', () => {
	it('passes on the repository as it is', () => {
		const result = run('npm', ['run', 'lint'], root);
		expect({ code: result.code, output: result.output }).toMatchObject({ code: 0 });
		expect(result.output).not.toMatch(/\d+ problems?/);
	}, 120_000);

	it('fails on restricted globals and console in shipped code, but leaves test/ to its own config', () => {
		const dir = repoCopy();
		const bad = 'export const leak = (): string => { console.log("x"); return process.env.HOME ?? ""; };\n';
		writeFileSync(path.join(dir, 'nodes/EngageLab/validation/bad.ts'), bad);
		mkdirSync(path.join(dir, 'test/unit'), { recursive: true });
		writeFileSync(path.join(dir, 'test/unit/fine.ts'), bad);

		const result = run('npm', ['run', 'lint'], dir);

		expect(result.code).not.toBe(0);
		expect(result.output).toMatch(/nodes\/EngageLab\/validation\/bad\.ts[\s\S]*no-restricted-globals/);
		expect(result.output).toMatch(/Unexpected console statement\s+no-console/);
		expect(result.output).not.toContain('test/unit/fine.ts');
	}, 120_000);

	it('refuses an eslint.config.mjs that differs from n8n\'s template (strict mode)', () => {
		const dir = repoCopy();
		const config = readFileSync(path.join(root, 'eslint.config.mjs'), 'utf8');
		writeFileSync(path.join(dir, 'eslint.config.mjs'), config.replace('export default config;', 'export default [...config, { ignores: ["nodes"] }];'));

		const result = run('npm', ['run', 'lint'], dir);

		expect(result.code).not.toBe(0);
		expect(result.output).toContain('Strict mode violation');
	}, 120_000);
});

describe('npm run scan (the community-package scanner\'s rules on the packed tarball)', () => {
	it('passes on the packed package', () => {
		const result = run('node', [SCAN, '--tarball', packPackage(), '--source', root], root);

		expect(result.code).toBe(0);
		expect(result.output).toMatch(/source \(package\.json, \{nodes,credentials\}.*\): clean/);
		expect(result.output).toMatch(/tarball \(\*\*\/\*\.js, package\.json\): clean/);
	}, 120_000);

	it('fails on a tarball with a runtime dependency, restricted globals, console and child_process', () => {
		const pkg = temp();
		cpSync(path.join(root, 'dist'), path.join(pkg, 'dist'), { recursive: true });
		const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
		writeFileSync(path.join(pkg, 'package.json'), JSON.stringify({ ...manifest, dependencies: { axios: '1.12.0' } }, null, 2));
		writeFileSync(
			path.join(pkg, 'dist/nodes/EngageLab/helper.js'),
			'"use strict";\n// eslint-disable-next-line\nconst cp = require("child_process");\nexports.run = () => { console.log(process.env.HOME); setTimeout(() => cp.execSync("ls"), 1); };\n',
		);

		const result = run('node', [SCAN, '--tarball', pkg], root);

		expect(result.code).toBe(1);
		expect(result.output).toContain('tarball (**/*.js, package.json): FAILED');
		for (const rule of ['no-runtime-dependencies', 'no-restricted-globals', 'no-restricted-imports', 'no-console']) {
			expect(result.output).toContain(rule);
		}
	}, 120_000);
});
