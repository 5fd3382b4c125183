/**
 * Redis and Postgres for queue-mode tests, from Debian's packages: installed with apt-get when
 * missing (as root; otherwise a one-line error saying what to install), each started in a temp
 * folder on a free loopback port and stopped (and its folder removed) afterwards. Postgres runs
 * as the `postgres` system user the package creates (it refuses to run as root).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

import { freePort } from './n8n';

let aptUpdated = false;

/** Waits for dpkg's lock instead of failing: a fresh machine may be running its own apt at boot, or another test run. */
const APT_WAIT = ['-o', 'DPkg::Lock::Timeout=600'];

function onPath(binary: string): boolean {
	try {
		execFileSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' });
		return true;
	} catch {
		return false;
	}
}

/** Makes sure a Debian package is installed: `present()` says whether it is. */
function ensureDebianPackage(pkg: string, present: () => boolean): void {
	if (present()) return;
	if (process.getuid?.() !== 0) {
		throw new Error(`Debian's ${pkg} is not installed and this is not root: run \`sudo apt-get install -y ${pkg}\` first`);
	}
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	if (!aptUpdated) {
		execFileSync('apt-get', [...APT_WAIT, 'update', '-qq'], { stdio: 'inherit', env });
		aptUpdated = true;
	}
	execFileSync('apt-get', [...APT_WAIT, 'install', '-y', '-qq', '--no-install-recommends', pkg], { stdio: 'inherit', env });
	if (!present()) throw new Error(`apt-get installed ${pkg}, but it is still not usable`);
}

async function waitForPort(port: number, child: ChildProcess, what: string, timeoutMs = 30_000): Promise<void> {
	for (const until = Date.now() + timeoutMs; ; ) {
		if (child.exitCode !== null) throw new Error(`${what} exited (${child.exitCode}) before it listened on ${port}`);
		const open = await new Promise<boolean>((resolve) => {
			const socket = net.connect(port, '127.0.0.1');
			socket.once('connect', () => (socket.destroy(), resolve(true)));
			socket.once('error', () => resolve(false));
		});
		if (open) return;
		if (Date.now() > until) throw new Error(`${what} did not listen on ${port} within ${timeoutMs / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
	await exited;
	clearTimeout(timer);
}

export class RedisServer {
	private constructor(
		readonly port: number,
		private readonly dir: string,
		private readonly child: ChildProcess,
	) {}

	static async start(): Promise<RedisServer> {
		ensureDebianPackage('redis-server', () => onPath('redis-server') && onPath('redis-cli'));
		const dir = mkdtempSync(path.join(tmpdir(), 'engagelab-redis-'));
		const port = await freePort();
		const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no'], {
			stdio: 'ignore',
		});
		const redis = new RedisServer(port, dir, child);
		await waitForPort(port, child, 'redis-server');
		return redis;
	}

	cli(...args: string[]): string {
		return execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(this.port), '--no-raw', ...args], { encoding: 'utf8', maxBuffer: 256 * 2 ** 20 });
	}

	/** Every key and its whole value (whatever its type), as text: what a secret scan reads. */
	dump(): string {
		const keys = execFileSync('redis-cli', ['-h', '127.0.0.1', '-p', String(this.port), '--scan'], { encoding: 'utf8' }).split('\n').filter(Boolean);
		const read: Record<string, string[]> = {
			string: ['GET'],
			hash: ['HGETALL'],
			list: ['LRANGE', '0', '-1'],
			set: ['SMEMBERS'],
			zset: ['ZRANGE', '0', '-1', 'WITHSCORES'],
			stream: ['XRANGE', '-', '+'],
		};
		return keys
			.map((key) => {
				const type = this.cli('TYPE', key).trim();
				const command = read[type];
				return `${key} (${type}): ${command ? this.cli(command[0], key, ...command.slice(1)) : ''}`;
			})
			.join('\n');
	}

	async stop(): Promise<void> {
		await stopChild(this.child);
		rmSync(this.dir, { recursive: true, force: true });
	}
}

function postgresBin(): string | undefined {
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin/postgres'))).sort((a, b) => Number(b) - Number(a));
	return versions[0] === undefined ? undefined : path.join(root, versions[0], 'bin');
}

export class PostgresServer {
	private constructor(
		readonly port: number,
		private readonly dir: string,
		private readonly bin: string,
		private readonly child: ChildProcess,
	) {}

	/** A fresh cluster (trust auth, loopback only, user `postgres`) with one database. */
	static async start(database: string): Promise<PostgresServer> {
		ensureDebianPackage('postgresql', () => postgresBin() !== undefined && onPath('psql'));
		const bin = postgresBin()!;
		const asPostgres = userInfo().uid === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
		const dir = mkdtempSync(path.join(tmpdir(), 'engagelab-postgres-'));
		if (asPostgres.length) {
			const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
			const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
			chownSync(dir, uid, gid);
		}
		const run = (command: string, args: string[]) =>
			asPostgres.length ? execFileSync(asPostgres[0], [...asPostgres.slice(1), command, ...args], { stdio: 'pipe' }) : execFileSync(command, args, { stdio: 'pipe' });
		const data = path.join(dir, 'data');
		run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
		const port = await freePort();
		const args = ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'];
		const child = asPostgres.length
			? spawn(asPostgres[0], [...asPostgres.slice(1), path.join(bin, 'postgres'), ...args], { stdio: 'ignore' })
			: spawn(path.join(bin, 'postgres'), args, { stdio: 'ignore' });
		const server = new PostgresServer(port, dir, bin, child);
		await waitForPort(port, child, 'postgres');
		for (let attempt = 1; ; attempt++) {
			try {
				server.psql(`CREATE DATABASE ${database}`, 'postgres');
				break;
			} catch (error) {
				if (attempt >= 20) throw error;
				await new Promise((resolve) => setTimeout(resolve, 300)); // accepting connections, not yet queries
			}
		}
		return server;
	}

	psql(sql: string, database: string): string {
		return execFileSync('psql', ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', '-d', database, '-At', '-v', 'ON_ERROR_STOP=1', '-c', sql], {
			encoding: 'utf8',
			maxBuffer: 256 * 2 ** 20,
		});
	}

	/** The whole database as SQL text (pg_dump): what a secret scan reads. */
	dump(database: string): string {
		return execFileSync(path.join(this.bin, 'pg_dump'), ['-h', '127.0.0.1', '-p', String(this.port), '-U', 'postgres', database], {
			encoding: 'utf8',
			maxBuffer: 1024 * 2 ** 20,
		});
	}

	async stop(): Promise<void> {
		await stopChild(this.child);
		rmSync(this.dir, { recursive: true, force: true });
	}
}
