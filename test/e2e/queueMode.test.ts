/**
 * The packed package in real n8n in queue mode, as users scale it: Redis and Postgres (Debian's,
 * installed when missing, started here on free loopback ports), one main process that receives
 * webhooks and two workers that run the executions, for the newest pinned n8n. SKIP_E2E=1 skips it.
 *
 * - 20 webhook-started executions of Set Contact (500 items each, node version 2: Concurrency Mode
 *   Auto, each execution its own controller) run on both workers; EngageLab
 *   gets every contact exactly once (the emulator authenticates every request, so the workers
 *   decrypted the credential), and neither Redis nor the database holds the secret in clear.
 * - The same 20 executions at once against an account limit (the emulator answers 429 past 200
 *   requests/s) whose first second another sender has already used up, so 429s come however
 *   slowly a busy machine sends: each execution's Auto backs off on its own; none fails, every
 *   contact once.
 * - A worker killed in the middle of an execution (node version 1, Fixed 5, so it is still running): n8n does not hand the execution to the other
 *   worker (its Bull queue runs with maxStalledCount 0): once the job's lock expires, Bull fails
 *   the job ("job stalled more than maxStalledCount") and the main marks the execution as error;
 *   no contact is sent twice, and nothing saved says an item was delivered that the emulator did not get.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { IRunExecutionData } from 'n8n-workflow';

import { EngageLabEmulator, TEST_KEY, TEST_SECRET } from '../support/emulator/ma/maEmulator';
import { ensureN8n, N8N_VERSIONS, type N8nInstall } from '../support/realN8n/install';
import { freePort, N8nUserFolder, packPackage, type N8nEditor } from '../support/realN8n/n8n';
import { PostgresServer, RedisServer } from '../support/realN8n/services';

const target = N8N_VERSIONS[N8N_VERSIONS.length - 1];
const suite = process.env.SKIP_E2E === '1' ? describe.skip : describe;
/** Version 2 at its defaults (Concurrency Mode Auto): the 20 executions. */
const WORKFLOW_ID = 'elabQueueMode001';
/** Version 1 (Fixed, 5 in flight): the execution whose worker is killed, still running when it dies. */
const WORKFLOW_V1_ID = 'elabQueueModeV01';
const EXECUTIONS = 20;
/** Contacts per execution, the issue's figure (E2E_QUEUE_ITEMS changes it). */
const ITEMS = Number(process.env.E2E_QUEUE_ITEMS ?? 500);
const euidOf = (execution: number, item: number) => String(20_000_000 + execution * 10_000 + item);

function workflow(id: string, typeVersion: number, webhookPath: string, webhookId: string) {
	return {
		id,
		name: `EngageLab queue mode (node version ${typeVersion})`,
		active: false,
		nodes: [
			{ id: 'w', name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId, parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} } },
			{ id: 's', name: 'Contacts', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [220, 0], parameters: { fieldToSplitOut: 'body.contacts', options: {} } },
			{
				id: 'e',
				name: 'EngageLab',
				type: 'n8n-nodes-engagelab.engageLab',
				typeVersion,
				position: [440, 0],
				parameters: { resource: 'user', operation: 'setContact', euid: '={{ $json.euid }}', email: '={{ $json.email }}', options: {} },
				credentials: { engageLabApi: { id: 'engageLabQueue01', name: 'EngageLab (emulator)' } },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Contacts', type: 'main', index: 0 }]] },
			Contacts: { main: [[{ node: 'EngageLab', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
		pinData: {},
	};
}

interface Worker {
	child: ChildProcess;
	log: string;
	/** Execution IDs it started, from its log. */
	started(): string[];
}

async function startWorker(n8n: N8nUserFolder, install: N8nInstall, started: Worker[]): Promise<Worker> {
	const env = n8n.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()), N8N_LOG_FORMAT: 'text' });
	const child = spawn(install.node, [install.n8nBin, 'worker', '--concurrency=10'], { env, cwd: n8n.root, stdio: ['ignore', 'pipe', 'pipe'] });
	const worker: Worker = {
		child,
		log: '',
		started: () => [...worker.log.matchAll(/Worker started execution (\d+)/g)].map((m) => m[1]),
	};
	const tee = (c: Buffer) => {
		worker.log += c.toString();
		if (process.env.E2E_QUEUE_LOGS) process.stdout.write(`[worker ${child.pid}] ${c.toString()}`);
	};
	child.stdout!.on('data', tee);
	child.stderr!.on('data', tee);
	started.push(worker); // stopped in afterAll even if it never gets ready
	await waitFor(() => worker.log.includes('n8n worker is now ready') || child.exitCode !== null, 300_000, 'a worker to start');
	if (child.exitCode !== null) throw new Error(`the worker exited (${child.exitCode}):\n${worker.log.slice(-3000)}`);
	return worker;
}

/** Stops an n8n process (SIGTERM, then SIGKILL after 30 s of graceful shutdown), and its task runner. */
async function stopProcess(child: ChildProcess | undefined): Promise<void> {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	const runners = descendants(child.pid);
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
	await exited;
	clearTimeout(timer);
	killAll(runners);
}

/** The process IDs below `pid` (n8n's task-runner processes). */
function descendants(pid: number | undefined): number[] {
	if (pid === undefined) return [];
	let children: number[];
	try {
		children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).split('\n').map(Number).filter((n) => n > 0);
	} catch {
		children = []; // ps exits 1 when there are none
	}
	return children.flatMap((child) => [child, ...descendants(child)]);
}

function killAll(pids: number[]): void {
	for (const pid of pids) {
		try {
			process.kill(pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
	for (const until = Date.now() + timeoutMs; !condition(); ) {
		if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

/**
 * Waits until the executions `read()` lists are all done, as long as they (or `sent()`) keep
 * changing: a stall (no change for `idleMs`) fails with `what`; a slow but moving run on a busy
 * machine does not. One read a second: each is a psql process, and this process serves the
 * emulator too (a blocked event loop leaves the workers' connections waiting).
 */
async function waitForExecutions(read: () => Array<{ status: string }>, count: number, sent: () => number, idleMs: number, what: string): Promise<void> {
	let last = '';
	let movedAt = Date.now();
	for (;;) {
		const statuses = read().map((e) => e.status);
		if (statuses.filter((s) => s === 'success').length === count || statuses.some((s) => ['error', 'crashed'].includes(s))) return;
		const now = JSON.stringify([sent(), statuses]);
		if (now !== last) [last, movedAt] = [now, Date.now()];
		else if (Date.now() - movedAt > idleMs) throw new Error(`stalled for ${idleMs / 1000} s waiting for ${what} (last: ${now})`);
		await new Promise((resolve) => setTimeout(resolve, 1_000));
	}
}

suite(`real n8n ${target.version} in queue mode (Redis, Postgres, a main and two workers)`, () => {
	const emulator = new EngageLabEmulator();
	let redis: RedisServer | undefined;
	let postgres: PostgresServer | undefined;
	let n8n: N8nUserFolder | undefined;
	let main: N8nEditor | undefined;
	let workers: Worker[] = [];
	let install: N8nInstall;
	/** n8n's own copy of `flatted`, which it stores run data with. */
	let parseStored: (text: string) => IRunExecutionData;

	const executions = (workflowId = WORKFLOW_ID) =>
		postgres!
			.psql(`SELECT id, status FROM execution_entity WHERE "workflowId" = '${workflowId}' ORDER BY id`, 'n8n')
			.trim()
			.split('\n')
			.filter(Boolean)
			.map((line) => {
				const [id, status] = line.split('|');
				return { id, status };
			});
	/** The EUIDs our node's saved output says were delivered (code 0), per execution. */
	const reportedDelivered = (id: string): string[] => {
		const stored = postgres!.psql(`SELECT data FROM execution_data WHERE "executionId" = ${Number(id)}`, 'n8n').trim();
		if (!stored) return [];
		const runData = parseStored(stored).resultData.runData.EngageLab ?? [];
		return runData.flatMap((task) => task.data?.main?.[0] ?? []).filter((i) => i.json.code === 0).map((i) => String(i.json.euid));
	};
	const post = async (execution: number, items: number, webhookPath = 'engagelab-queue') => {
		const contacts = Array.from({ length: items }, (_, i) => ({ euid: euidOf(execution, i), email: `q${execution}-${i}@example.com` }));
		const response = await fetch(`${main!.url}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ contacts }),
		});
		expect(response.status).toBe(200);
	};

	beforeAll(async () => {
		install = await ensureN8n(target);
		const flatted = require(path.join(install.dir, 'node_modules/flatted')) as { parse(text: string): unknown };
		parseStored = (text) => flatted.parse(text) as IRunExecutionData;
		[redis, postgres] = await Promise.all([RedisServer.start(), PostgresServer.start('n8n')]);
		const url = await emulator.start();
		const tarball = packPackage();
		n8n = N8nUserFolder.create(install, tarball);
		rmSync(path.dirname(tarball), { recursive: true, force: true });
		n8n.extraEnv = {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			// A dead worker's job is noticed within about 40 s, not the default minute and a half; shorter
			// locks expire under a live worker on a busy machine (n8n then fails its execution).
			QUEUE_WORKER_LOCK_DURATION: '30000',
			QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
			QUEUE_WORKER_STALLED_INTERVAL: '10000',
			// Ten executions at once per worker, each saving its progress: more than n8n's 2 connections per process.
			DB_POSTGRESDB_POOL_SIZE: '10',
			// The main marks an execution whose job is gone (its worker died) as crashed at this
			// interval, in minutes (default 180: the test would wait three hours).
			N8N_EXECUTIONS_QUEUE_RECOVERY_INTERVAL: '0.25',
			EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
			EXECUTIONS_DATA_SAVE_ON_PROGRESS: 'true',
			N8N_LOG_LEVEL: 'info',
		};
		await n8n.importCredentials([
			{ id: 'engageLabQueue01', name: 'EngageLab (emulator)', type: 'engageLabApi', data: { apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl: url } },
		]);
		const files = [
			workflow(WORKFLOW_ID, 2, 'engagelab-queue', '3f7c1d2e-8f4b-4c55-9a61-0b2d6e7f8a90'),
			workflow(WORKFLOW_V1_ID, 1, 'engagelab-queue-v1', '5b0e2a41-7c3d-4e8f-9a12-6d4c8b7e1f03'),
		].map((w) => {
			const file = path.join(n8n!.root, `${w.id}.json`);
			writeFileSync(file, JSON.stringify(w));
			return file;
		});
		await n8n.importWorkflows(files);
		for (const id of [WORKFLOW_ID, WORKFLOW_V1_ID]) {
			const published = await n8n.cli(['publish:workflow', `--id=${id}`]);
			if (published.code !== 0) throw new Error(`publish:workflow failed:\n${published.stdout}\n${published.stderr}`);
		}
		main = await n8n.startEditor({ readyTimeoutMs: 300_000, stdio: process.env.E2E_QUEUE_LOGS ? 'inherit' : 'ignore' }); // queue mode's main boots slowly on a busy machine
		await Promise.all([startWorker(n8n, install, workers), startWorker(n8n, install, workers)]);
	}, 15 * 60_000);

	// Everything started is stopped and removed, whatever failed (beforeAll included).
	afterAll(async () => {
		const steps: Array<() => unknown> = [
			() => Promise.all(workers.map((w) => stopProcess(w.child))),
			() => stopProcess(main?.process),
			() => emulator.stop(),
			() => Promise.all([redis?.stop(), postgres?.stop()]),
			() => n8n?.remove(),
		];
		for (const step of steps) await Promise.resolve().then(async () => await step()).catch((error: unknown) => process.stderr.write(`[queue mode] cleanup: ${String(error)}\n`));
	}, 180_000);

	it(`${EXECUTIONS} executions of ${ITEMS} contacts run on both workers; every contact reaches EngageLab exactly once`, async () => {
		emulator.reset();
		emulator.latencyMs = 2;

		await Promise.all(Array.from({ length: EXECUTIONS }, (_, e) => post(e, ITEMS)));
		await waitForExecutions(executions, EXECUTIONS, () => emulator.received.length, 120_000, 'the executions to finish');

		const done = executions();
		expect(done.map((e) => e.status)).toEqual(Array.from({ length: EXECUTIONS }, () => 'success'));
		// Spread over both workers, each execution run once.
		const [first, second] = workers.map((w) => w.started());
		expect(first.length).toBeGreaterThan(0);
		expect(second.length).toBeGreaterThan(0);
		expect([...first, ...second].sort()).toEqual(done.map((e) => e.id).sort());
		// Every contact exactly once, and only with the right credential (the emulator checks Basic auth).
		const expected = Array.from({ length: EXECUTIONS }, (_, e) => Array.from({ length: ITEMS }, (_, i) => euidOf(e, i))).flat().sort();
		const twice = emulator.received.filter((r) => r.attempt > 1).map((r) => r.euid);
		if (twice.length) {
			const seen = emulator.received.filter((r) => twice.includes(r.euid)).map((r) => ({ euid: r.euid, at: r.at, status: r.status, fault: r.fault, finishedAs: r.finishedAs }));
			process.stderr.write(`[queue mode] sent more than once: ${JSON.stringify(seen)}\n`);
		}
		expect(emulator.received.map((r) => r.euid).sort()).toEqual(expected);
		expect(emulator.writes).toBe(EXECUTIONS * ITEMS);
		expect(new Set(emulator.received.map((r) => r.authorization))).toEqual(new Set([`Basic ${Buffer.from(`${TEST_KEY}:${TEST_SECRET}`).toString('base64')}`]));
		// What each execution saved says was delivered is what EngageLab got.
		expect(done.flatMap((e) => reportedDelivered(e.id)).sort()).toEqual(expected);
	}, 600_000);

	it(`${EXECUTIONS} executions at once against an account limit of 200 requests/s, its first second already used up: each backs off (Auto), none fails, every contact once`, async () => {
		emulator.reset();
		emulator.latencyMs = 2;
		emulator.rateLimit = 200;
		// A loaded machine may never send 200 a second; with the quota already spent for the
		// second after the first request (as Retry-After: 1 says), the limit is met at any speed.
		emulator.rateLimitStartTokens = -200;
		const before = new Set(executions().map((e) => e.id));
		const ours = () => executions().filter((e) => !before.has(e.id));
		const items = 50;

		await Promise.all(Array.from({ length: EXECUTIONS }, (_, e) => post(100 + e, items)));
		await waitForExecutions(ours, EXECUTIONS, () => emulator.received.length, 120_000, 'the rate-limited executions to finish');
		emulator.rateLimit = 0;

		const done = ours();
		expect(done.map((e) => e.status)).toEqual(Array.from({ length: EXECUTIONS }, () => 'success'));
		const expected = Array.from({ length: EXECUTIONS }, (_, e) => Array.from({ length: items }, (_, i) => euidOf(100 + e, i))).flat().sort();
		expect(done.flatMap((e) => reportedDelivered(e.id)).sort()).toEqual(expected);
		expect([...emulator.contacts.keys()].filter((euid) => expected.includes(euid)).sort()).toEqual(expected);
		expect(emulator.writes).toBe(expected.length); // a 429 is never written
		expect(emulator.rateLimited).toBeGreaterThan(0); // the limit was met (at least the first request)
		process.stderr.write(
			`[queue mode] ${EXECUTIONS} executions × ${items} contacts at 200 requests/s: ${emulator.rateLimited} answers 429 of ${emulator.received.length} requests\n`,
		);
	}, 600_000);

	it('Redis and the database hold no secret in clear (only n8n\'s encrypted credential)', () => {
		const basic = Buffer.from(`${TEST_KEY}:${TEST_SECRET}`).toString('base64');
		const redisText = redis!.dump();
		const database = postgres!.dump('n8n');

		expect(redisText.length).toBeGreaterThan(0);
		for (const secret of [TEST_SECRET, basic]) {
			expect(redisText).not.toContain(secret);
			expect(database).not.toContain(secret);
		}
		// The credential is there, encrypted.
		expect(postgres!.psql(`SELECT count(*) FROM credentials_entity WHERE id = 'engageLabQueue01' AND data NOT LIKE '%${TEST_KEY}%'`, 'n8n').trim()).toBe('1');
	});

	it('a worker killed mid-execution: n8n does not run it again elsewhere, and nothing saved claims an undelivered item', async () => {
		emulator.reset();
		emulator.latencyMs = 20;
		const before = new Set(executions(WORKFLOW_V1_ID).map((e) => e.id));

		await post(99, 2_000, 'engagelab-queue-v1');
		await waitFor(() => emulator.received.length >= 300, 180_000, 'the execution to be under way');
		// Answers stop, so the execution is still running when its worker dies, however long this takes.
		emulator.latencyMs = 600_000;
		const id = executions(WORKFLOW_V1_ID).find((e) => !before.has(e.id))!.id;
		const victim = workers.find((w) => w.started().includes(id))!;
		const survivor = workers.find((w) => w !== victim)!;
		const runners = descendants(victim.child.pid);
		victim.child.kill('SIGKILL');
		killAll(runners); // its task runner would outlive it
		const sentWhenKilled = emulator.received.length;
		// Bull notices the dead worker once its job lock expires (QUEUE_WORKER_LOCK_DURATION, 30 s here).
		await waitFor(() => ['error', 'crashed', 'success', 'canceled'].includes(executions(WORKFLOW_V1_ID).find((e) => e.id === id)?.status ?? ''), 300_000, 'n8n to give up on the execution');
		await new Promise((resolve) => setTimeout(resolve, 5_000)); // would a retry elsewhere start?

		const status = executions(WORKFLOW_V1_ID).find((e) => e.id === id)!.status;
		const received = emulator.received.map((r) => r.euid);
		process.stderr.write(
			`[queue mode] worker killed after ${sentWhenKilled} of 2000 requests; execution ${id} ended "${status}"; ` +
				`requests afterwards: ${received.length - sentWhenKilled}; survivor started: ${survivor.started().join(',')}\n`,
		);
		// n8n fails the execution ("job stalled more than maxStalledCount"; or the main's queue
		// recovery marks it crashed): it is not run again, on the survivor or anywhere.
		expect(['error', 'crashed']).toContain(status);
		expect(survivor.started()).not.toContain(id);
		expect(survivor.child.exitCode).toBeNull();
		expect(received.length).toBeLessThan(2_000);
		expect(new Set(received).size).toBe(received.length); // no contact sent twice
		// Whatever was saved for it claims only contacts EngageLab has.
		const written = new Set(emulator.contacts.keys());
		expect(reportedDelivered(id).filter((euid) => !written.has(euid))).toEqual([]);
	}, 600_000);
});
