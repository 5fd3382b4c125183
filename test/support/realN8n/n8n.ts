/**
 * One real n8n user folder with this package installed the way n8n installs a community package,
 * driven through n8n's CLI: import credentials and workflows, execute a workflow, read its run data.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
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

/** Ports freePort has handed out in this process: never twice. */
const handedOut = new Set<number>();

/**
 * A free loopback port for a process to listen on, below Linux's ephemeral range (32768-60999).
 * A port the kernel hands out for listening is in that range, where every outgoing connection
 * also takes its local port: on a busy machine one was taken between this check and n8n's bind
 * ("Task Broker's port … is already in use"). Below it, only listeners compete.
 */
export async function freePort(): Promise<number> {
	for (;;) {
		const port = 20_000 + Math.floor(Math.random() * 12_000);
		if (handedOut.has(port)) continue;
		const server = net.createServer();
		const free = await new Promise<boolean>((resolve) => {
			server.once('error', () => resolve(false));
			server.listen(port, '127.0.0.1', () => resolve(true));
		});
		if (!free) continue;
		await new Promise<void>((resolve) => server.close(() => resolve()));
		handedOut.add(port);
		return port;
	}
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
	/** Settings every n8n process of this folder gets (e.g. queue mode's database and Redis). */
	extraEnv: NodeJS.ProcessEnv = {};

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

	/** An existing (or new, empty) user folder, as it is. */
	static open(install: N8nInstall, root: string): N8nUserFolder {
		mkdirSync(root, { recursive: true });
		return new N8nUserFolder(install, root);
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
			...this.extraEnv,
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

	/**
	 * `n8n start` on a free port (or the one given), with an owner set up, ready for REST calls.
	 * The editor serves the package the same way as the CLI loads it.
	 */
	async startEditor(options: { port?: number; extraEnv?: NodeJS.ProcessEnv; stdio?: 'inherit' | 'ignore'; readyTimeoutMs?: number } = {}): Promise<N8nEditor> {
		const port = options.port ?? (await freePort());
		const child = spawn(this.install.node, [this.install.n8nBin, 'start'], {
			cwd: this.root,
			stdio: options.stdio ?? 'ignore',
			env: this.env({
				N8N_PORT: String(port),
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				N8N_HOST: 'localhost',
				N8N_SECURE_COOKIE: 'false',
				N8N_LOG_FORMAT: 'text',
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
				...options.extraEnv,
			}),
		});
		const editor = new N8nEditor(child, port);
		try {
			await editor.ready(options.readyTimeoutMs);
		} catch (error) {
			await editor.stop();
			throw error;
		}
		return editor;
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

export const OWNER = { email: 'dev@example.com', firstName: 'EngageLab', lastName: 'Developer', password: 'EngageLab-dev-1' };

/** A running `n8n start`, logged in as the owner. */
export class N8nEditor {
	private cookie = '';

	constructor(readonly process: ChildProcess, readonly port: number) {}

	get url(): string {
		return `http://127.0.0.1:${this.port}`;
	}

	/** Waits until the REST API answers (health alone comes earlier on 2.8), then sets up or logs in the owner. */
	async ready(timeoutMs = 120_000): Promise<void> {
		const until = Date.now() + timeoutMs;
		// While it starts, n8n may answer any route with a plain "n8n is starting up" text: wait for JSON.
		const answersJson = async () => {
			const response = await fetch(`${this.url}/rest/settings`);
			return response.ok && (await response.text()).startsWith('{');
		};
		while (!(await answersJson().catch(() => false))) {
			if (Date.now() > until || this.process.exitCode !== null) throw new Error(`n8n did not come up on port ${this.port}`);
			await new Promise((resolve) => setTimeout(resolve, 300));
		}
		await this.rest('POST', '/rest/owner/setup', OWNER).catch(() => undefined);
		// Right after start-up a login can still be refused; a few tries.
		for (let attempt = 1; ; attempt++) {
			try {
				await this.rest('POST', '/rest/login', { emailOrLdapLoginId: OWNER.email, password: OWNER.password });
				return;
			} catch (error) {
				if (attempt >= 5) throw error;
				await new Promise((resolve) => setTimeout(resolve, 1000));
			}
		}
	}

	async rest<T = unknown>(method: string, route: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}${route}`, {
			method,
			headers: { 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie } : {}) },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const setCookie = response.headers.get('set-cookie');
		if (setCookie) this.cookie = setCookie.split(';')[0];
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} ${route}: HTTP ${response.status} ${text.slice(0, 300)}`);
		try {
			return (JSON.parse(text) as { data: T }).data;
		} catch {
			throw new Error(`${method} ${route}: HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 300)}`);
		}
	}

	/** A GET as the logged-in owner, the answer as it is (static editor files such as /types/nodes.json). */
	async get(route: string): Promise<Response> {
		return await fetch(`${this.url}${route}`, { headers: this.cookie ? { cookie: this.cookie } : {} });
	}

	/**
	 * n8n's own credential test (the editor's "Test" button) on the given data, as the editor sends
	 * it for a saved credential (newer n8n requires the id of one; the data sent is what is tested).
	 */
	async testCredential(id: string, type: string, data: object): Promise<{ status: string; message: string }> {
		return await this.rest('POST', '/rest/credentials/test', { credentials: { id, name: 'test', type, data } });
	}

	async stop(): Promise<void> {
		if (this.process.exitCode !== null || this.process.signalCode !== null) return;
		const exited = new Promise((resolve) => this.process.once('exit', resolve));
		this.process.kill('SIGTERM');
		await exited;
	}
}
