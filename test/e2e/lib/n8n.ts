/**
 * One real n8n user folder with this package installed the way n8n installs a community package,
 * driven through n8n's CLI: import credentials and workflows, execute a workflow, read its run data.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { IRun } from 'n8n-workflow';

import type { N8nInstall } from './install';
import { REPO_ROOT } from './paths';

export const PACKAGE_NAME = 'n8n-nodes-engagelab';

/** `npm pack` of the built package into a temp folder; returns the tarball path. */
export function packPackage(): string {
	const out = mkdtempSync(path.join(tmpdir(), 'engagelab-pack-'));
	const name = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', out], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'ignore'],
	}).trim().split('\n').pop()!;
	return path.join(out, name);
}

function packageVersion(dir: string): string {
	return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as net.AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

export interface ExecuteResult extends CliResult {
	/** The run data n8n printed, when it printed any. */
	run?: IRun;
}

export class N8nUserFolder {
	readonly root: string;

	private constructor(readonly install: N8nInstall, root: string) {
		this.root = root;
	}

	/** A fresh user folder with the packed tarball extracted into .n8n/nodes/node_modules. */
	static create(install: N8nInstall, tarball: string, root?: string): N8nUserFolder {
		const folder = root ?? mkdtempSync(path.join(tmpdir(), `engagelab-n8n-${install.version}-`));
		const target = path.join(folder, '.n8n/nodes/node_modules', PACKAGE_NAME);
		mkdirSync(target, { recursive: true });
		// As n8n's own community-package install: the tarball's contents, and no devDependencies.
		execFileSync('tar', ['-xzf', tarball, '--strip-components=1', '-C', target]);
		writeFileSync(
			path.join(folder, '.n8n/nodes/package.json'),
			JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: packageVersion(target) } }, null, 2),
		);
		return new N8nUserFolder(install, folder);
	}

	env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
		return {
			PATH: process.env.PATH,
			HOME: process.env.HOME,
			N8N_USER_FOLDER: this.root,
			N8N_LOG_FORMAT: 'json',
			N8N_LOG_LEVEL: 'info',
			N8N_ENCRYPTION_KEY: 'engagelab-e2e-encryption-key',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_TEMPLATES_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_VERIFIED_PACKAGES_ENABLED: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			NO_PROXY: '127.0.0.1,localhost',
			...this.install.env,
			...extra,
		};
	}

	/** Runs `n8n <args>` on its own task-broker port. */
	async cli(args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<CliResult> {
		const env = this.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...extraEnv });
		const child = spawn(this.install.node, [this.install.n8nBin, ...args], { env, cwd: this.root });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
		child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
		const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
		return { code, stdout, stderr };
	}

	private async must(args: string[]): Promise<CliResult> {
		const result = await this.cli(args);
		if (result.code !== 0) {
			throw new Error(`n8n ${args.join(' ')} exited ${result.code}:\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
		}
		return result;
	}

	async importCredentials(credentials: object[]): Promise<void> {
		const file = path.join(this.root, 'credentials.json');
		writeFileSync(file, JSON.stringify(credentials));
		await this.must(['import:credentials', `--input=${file}`]);
		rmSync(file);
	}

	async importWorkflows(files: string[]): Promise<void> {
		const dir = path.join(this.root, 'workflows-to-import');
		mkdirSync(dir, { recursive: true });
		for (const file of files) writeFileSync(path.join(dir, path.basename(file)), readFileSync(file));
		await this.must(['import:workflow', '--separate', `--input=${dir}`]);
		rmSync(dir, { recursive: true });
	}

	async execute(workflowId: string): Promise<ExecuteResult> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		return { ...result, run: parseRunData(result.stdout) };
	}

	/** Every file n8n wrote under the user folder (database, WAL, logs, config), as text. */
	storedText(): string {
		const parts: string[] = [];
		const walk = (dir: string) => {
			for (const entry of readdirSync(dir, { withFileTypes: true })) {
				const full = path.join(dir, entry.name);
				if (entry.isDirectory()) {
					if (entry.name !== 'node_modules') walk(full);
				} else if (entry.isFile()) {
					parts.push(readFileSync(full).toString('latin1'));
				}
			}
		};
		walk(path.join(this.root, '.n8n'));
		return parts.join('\n');
	}

	remove(): void {
		rmSync(this.root, { recursive: true, force: true });
	}
}

/** `n8n execute --rawOutput` with JSON logs: the run data is the log record whose message is itself JSON. */
export function parseRunData(stdout: string): IRun | undefined {
	let run: IRun | undefined;
	for (const line of stdout.split('\n')) {
		if (!line.startsWith('{')) continue;
		try {
			const record = JSON.parse(line) as { message?: unknown };
			if (typeof record.message !== 'string' || !record.message.startsWith('{')) continue;
			const parsed = JSON.parse(record.message) as IRun;
			if (parsed?.data?.resultData) run = parsed;
		} catch {
			// not a run-data record
		}
	}
	return run;
}
