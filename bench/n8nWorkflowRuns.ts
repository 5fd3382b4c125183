/**
 * What `npm run bench` (bench/httpRequestNode.ts) and `npm run bench:network`
 * (bench/network/n8nRuns.ts) share in real n8n: one workflow shape (Manual Trigger "Start" → Code
 * node "Items" making N items → our node, n8n's HTTP Request node 4.2, or nothing), a user folder
 * with this package packed and installed and the workflows imported, and `n8n execute` of one
 * workflow in a process of its own, sampled from /proc until it exits.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { IDataObject, INodeExecutionData, IRun, ITaskData } from 'n8n-workflow';

import { TEST_KEY, TEST_SECRET } from '../test/support/emulator/ma/maEmulator';
import type { N8nInstall } from '../test/support/realN8n/install';
import { freePort, N8nUserFolder, packPackage, parseRunData } from '../test/support/realN8n/n8n';

export type Subject = 'ours' | 'http' | 'codeOnly';

/** The node whose run data is measured; with no node under test, the Code node's. */
const NODE_NAME: Record<Subject, string> = { ours: 'EngageLab', http: 'HTTP Request', codeOnly: 'Items' };

const ROWS_CODE = (n: number) =>
	`const items = [];\nfor (let i = 0; i < ${n}; i++) items.push({ json: { id: String(10000000 + i), email: 'user' + i + '@example.com' } });\nreturn items;\n`;

export interface BenchWorkflow {
	id: string;
	subject: Subject;
	items: number;
	/** Our node: its version and options. */
	ours: { typeVersion: number; options: IDataObject };
	/** The HTTP Request node: its Batching option (none: n8n's default) and whether a failed item lets the run go on. */
	http: { batch?: { batchSize: number; batchInterval: number }; continueOnError: boolean };
}

/** Each bench's own workflow name and credential ids, so that one bench's folder never mixes with the other's. */
export interface BenchNames {
	workflow: string;
	engageLab: { id: string; name: string };
	basicAuth: { id: string; name: string };
}

function workflowJson(w: BenchWorkflow, baseUrl: string, names: BenchNames): object {
	const nodes: object[] = [
		{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'c', name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: ROWS_CODE(w.items) } },
	];
	if (w.subject === 'ours') {
		nodes.push({
			id: 'e',
			name: NODE_NAME.ours,
			type: 'n8n-nodes-engagelab.engageLab',
			typeVersion: w.ours.typeVersion,
			position: [440, 0],
			parameters: { resource: 'user', operation: 'setContact', euid: '={{ $json.id }}', email: '={{ $json.email }}', options: w.ours.options },
			credentials: { engageLabApi: names.engageLab },
		});
	} else if (w.subject === 'http') {
		nodes.push({
			id: 'h',
			name: NODE_NAME.http,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [440, 0],
			...(w.http.continueOnError ? { onError: 'continueRegularOutput' } : {}),
			parameters: {
				method: 'POST',
				url: `${baseUrl}/v1/user/contact`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpBasicAuth',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ euid: Number($json.id), contacts: { email: $json.email } }) }}',
				options: w.http.batch ? { batching: { batch: w.http.batch } } : {},
			},
			credentials: { httpBasicAuth: names.basicAuth },
		});
	}
	const connections: Record<string, object> = { Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] } };
	if (w.subject !== 'codeOnly') connections.Items = { main: [[{ node: NODE_NAME[w.subject], type: 'main', index: 0 }]] };
	return { id: w.id, name: `${names.workflow} ${w.id}`, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

/** CPU time (ms) and peak RSS (KiB) of a process, from /proc. */
function sample(pid: number): { cpuMs: number; hwmKiB: number } | undefined {
	try {
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		const ticks = Number(fields[11]) + Number(fields[12]); // utime + stime, at 100 Hz
		const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return { cpuMs: ticks * 10, hwmKiB: hwm ? Number(hwm[1]) : 0 };
	} catch {
		return undefined;
	}
}

export interface WorkflowExecution {
	code: number | null;
	run: IRun | undefined;
	/** The measured node's first run, and its output items. */
	taskData: ITaskData | undefined;
	output: INodeExecutionData[];
	/** The end of the process's standard error. */
	stderrTail: string;
	cpuMs: number;
	peakRssKiB: number;
	/** The whole `n8n execute` process, boot included (ms). */
	processMs: number;
	/** An error for this run: why, then the ends of its standard output and error. */
	fail(why: string): Error;
}

/** A user folder with this package installed and the bench's credentials and workflows imported. */
export class N8nWorkflowRuns {
	private constructor(private readonly folder: N8nUserFolder) {}

	get install(): N8nInstall {
		return this.folder.install;
	}

	/** Packs the built package (run `npm run build` first), installs it into a fresh folder, imports the credentials and workflows. */
	static async prepare(install: N8nInstall, baseUrl: string, names: BenchNames, workflows: BenchWorkflow[]): Promise<N8nWorkflowRuns> {
		const tarball = packPackage();
		const folder = N8nUserFolder.create(install, tarball);
		rmSync(path.dirname(tarball), { recursive: true, force: true });
		await folder.importCredentials([
			{ ...names.engageLab, type: 'engageLabApi', data: { apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl } },
			{ ...names.basicAuth, type: 'httpBasicAuth', data: { user: TEST_KEY, password: TEST_SECRET } },
		]);
		const dir = mkdtempSync(path.join(tmpdir(), 'engagelab-bench-workflows-'));
		const files = workflows.map((w) => {
			const file = path.join(dir, `${w.id}.json`);
			writeFileSync(file, JSON.stringify(workflowJson(w, baseUrl, names)));
			return file;
		});
		await folder.importWorkflows(files);
		rmSync(dir, { recursive: true, force: true });
		return new N8nWorkflowRuns(folder);
	}

	/** `n8n execute` of one workflow, with a fresh task-runner broker port and `extraEnv`. */
	async execute(w: Pick<BenchWorkflow, 'id' | 'subject'>, extraEnv: NodeJS.ProcessEnv = {}): Promise<WorkflowExecution> {
		const env = this.folder.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...extraEnv });
		const started = performance.now();
		// Standard output to a file, not a pipe: n8n exits right after printing the run data, and
		// a large print to a pipe would be cut short (writes to a file are synchronous).
		const outFile = path.join(this.folder.root, `${w.id}.out`);
		const out = openSync(outFile, 'w');
		// BENCH_CPU_PROF=<dir>: a V8 CPU profile of each `n8n execute` process, named after its workflow.
		const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`, `--cpu-prof-name=${w.id}.cpuprofile`] : [];
		const child = spawn(this.install.node, [...profile, this.install.n8nBin, 'execute', `--id=${w.id}`, '--rawOutput'], {
			env,
			cwd: this.folder.root,
			stdio: ['ignore', out, 'pipe'],
		});
		closeSync(out);
		let stderr = '';
		child.stderr!.on('data', (c: Buffer) => (stderr = (stderr + c.toString()).slice(-20_000)));
		let last = { cpuMs: 0, hwmKiB: 0 };
		const poll = () => {
			const s = sample(child.pid!);
			if (s) last = { cpuMs: Math.max(last.cpuMs, s.cpuMs), hwmKiB: Math.max(last.hwmKiB, s.hwmKiB) };
		};
		const sampler = setInterval(poll, 50);
		const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => (poll(), resolve(c))));
		const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
		const code = await exited;
		clearInterval(sampler);
		await closed; // all of standard error read
		const processMs = performance.now() - started;
		const stdout = readFileSync(outFile, 'utf8');
		rmSync(outFile);
		const run = parseRunData(stdout);
		const taskData = run?.data.resultData.runData[NODE_NAME[w.subject]]?.[0];
		return {
			code,
			run,
			taskData,
			output: taskData?.data?.main?.[0] ?? [],
			stderrTail: stderr,
			cpuMs: last.cpuMs,
			peakRssKiB: last.hwmKiB,
			processMs,
			fail: (why) => new Error(`real n8n, workflow ${w.id}: ${why}\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`),
		};
	}

	remove(): void {
		this.folder.remove();
	}
}
