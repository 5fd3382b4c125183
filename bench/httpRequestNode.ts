/**
 * Figure (2) and the real-n8n half of figure (4): our node against n8n's own HTTP Request node,
 * both inside a real n8n (the oldest supported, installed and cached by test/e2e/lib/install.ts),
 * with this package packed and installed the way n8n installs a community package. Each workflow
 * is Manual Trigger → Code node making N items → the node under test, run with `n8n execute` in
 * a process of its own against the bench emulator.
 *
 * Throughput is the node's own execution time from n8n's run data (`executionTime`), with the
 * emulator's first-arrival-to-last-answer span beside it; n8n's boot (seconds) is not counted.
 * Every run is checked: exit 0, N contacts written by the emulator (which writes only on a valid
 * Basic auth header and a valid JSON body), N requests in all, N output items with code 0.
 * Peak memory is the `n8n execute` process's VmHWM (/proc/<pid>/status), sampled until it exits.
 *
 * The HTTP Request node (typeVersion 4.2, as n8n 2.8.4 adds it) has no concurrency limit: it
 * starts every item's request and then awaits them all. Its "Batching" option only paces the
 * starts (batchSize requests, then sleep batchInterval ms; interval 0 = no pause at all). So at
 * "the same parallelism" means batches of 10 every 20 ms, the latency: about 10 in flight, as
 * our pool keeps. The unpaced setting (batch 10, interval 0: every request at once) is measured
 * too, as what the HTTP Request node does when nothing holds it back.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { INodeExecutionData } from 'n8n-workflow';

import { TEST_KEY, TEST_SECRET } from '../test/emulator/server';
import { ensureN8n, N8N_VERSIONS, type N8nInstall } from '../test/e2e/lib/install';
import { freePort, N8nUserFolder, packPackage, parseRunData } from '../test/e2e/lib/n8n';
import type { EmulatorCounters } from './emulator';

export interface BenchEmulator {
	url: string;
	setLatency(ms: number): Promise<void>;
	/** The emulator's counters; reset first when asked. */
	counters(reset?: boolean): Promise<EmulatorCounters>;
}

type Subject = 'ours' | 'http' | 'codeOnly';

export interface WorkflowSpec {
	id: string;
	subject: Subject;
	items: number;
	/** Ours: its Concurrency option. HTTP Request node: batch size. */
	concurrency: number;
	/** HTTP Request node only: its batch interval (ms). */
	batchIntervalMs?: number;
}

export interface RealN8nMeasurement {
	spec: WorkflowSpec;
	/** The node's executionTime in n8n's run data (ms). */
	nodeMs: number;
	/** The emulator's first request arrival to its last answer (ms). */
	spanMs: number;
	maxInFlight: number;
	/** Peak RSS (VmHWM) of the `n8n execute` process, MiB. */
	peakRssMiB: number;
	/** The whole `n8n execute` process, boot included (ms). */
	processMs: number;
}

const NODE_NAME: Record<Subject, string> = { ours: 'EngageLab', http: 'HTTP Request', codeOnly: 'Items' };
const ROWS_CODE = (n: number) =>
	`const items = [];\nfor (let i = 0; i < ${n}; i++) items.push({ json: { id: String(10000000 + i), email: 'user' + i + '@example.com' } });\nreturn items;\n`;

function workflow(spec: WorkflowSpec, emulatorUrl: string): object {
	const nodes: object[] = [
		{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'c', name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: ROWS_CODE(spec.items) } },
	];
	if (spec.subject === 'ours') {
		nodes.push({
			id: 'e',
			name: NODE_NAME.ours,
			type: 'n8n-nodes-engagelab.engageLab',
			typeVersion: 1,
			position: [440, 0],
			parameters: {
				resource: 'user',
				operation: 'setContact',
				euid: '={{ $json.id }}',
				email: '={{ $json.email }}',
				options: { concurrency: spec.concurrency },
			},
			credentials: { engageLabApi: { id: 'benchEngageLab01', name: 'EngageLab (bench emulator)' } },
		});
	} else if (spec.subject === 'http') {
		nodes.push({
			id: 'h',
			name: NODE_NAME.http,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [440, 0],
			parameters: {
				method: 'POST',
				url: `${emulatorUrl}/v1/user/contact`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpBasicAuth',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ euid: Number($json.id), contacts: { email: $json.email } }) }}',
				options: { batching: { batch: { batchSize: spec.concurrency, batchInterval: spec.batchIntervalMs ?? 0 } } },
			},
			credentials: { httpBasicAuth: { id: 'benchBasicAuth01', name: 'EngageLab Basic auth (bench emulator)' } },
		});
	}
	const connections: Record<string, object> = { Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] } };
	if (spec.subject !== 'codeOnly') connections.Items = { main: [[{ node: NODE_NAME[spec.subject], type: 'main', index: 0 }]] };
	return { id: spec.id, name: `EngageLab bench ${spec.id}`, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
}

function vmHwmKiB(pid: number): number | undefined {
	try {
		const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return m ? Number(m[1]) : undefined;
	} catch {
		return undefined;
	}
}

export class RealN8n {
	private constructor(
		readonly install: N8nInstall,
		private readonly folder: N8nUserFolder,
		private readonly emulator: BenchEmulator,
	) {}

	/** Installs (or reuses) real n8n, packs the built package (run `npm run build` first), imports the credentials and workflows. */
	static async prepare(emulator: BenchEmulator, specs: WorkflowSpec[]): Promise<RealN8n> {
		const install = await ensureN8n(N8N_VERSIONS[0]);
		const tarball = packPackage();
		const folder = N8nUserFolder.create(install, tarball);
		rmSync(path.dirname(tarball), { recursive: true, force: true });
		await folder.importCredentials([
			{
				id: 'benchEngageLab01',
				name: 'EngageLab (bench emulator)',
				type: 'engageLabApi',
				data: { apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl: emulator.url },
			},
			{ id: 'benchBasicAuth01', name: 'EngageLab Basic auth (bench emulator)', type: 'httpBasicAuth', data: { user: TEST_KEY, password: TEST_SECRET } },
		]);
		const dir = mkdtempSync(path.join(tmpdir(), 'engagelab-bench-workflows-'));
		const files = specs.map((spec) => {
			const file = path.join(dir, `${spec.id}.json`);
			writeFileSync(file, JSON.stringify(workflow(spec, emulator.url)));
			return file;
		});
		await folder.importWorkflows(files);
		rmSync(dir, { recursive: true, force: true });
		return new RealN8n(install, folder, emulator);
	}

	/** `n8n execute` of one workflow, checked and measured. */
	async run(spec: WorkflowSpec): Promise<RealN8nMeasurement> {
		await this.emulator.counters(true);
		const env = this.folder.env({ N8N_RUNNERS_BROKER_PORT: String(await freePort()) });
		const started = performance.now();
		// Standard output to a file, not a pipe: n8n exits right after printing the run data, and
		// a large print to a pipe would be cut short (writes to a file are synchronous).
		const outFile = path.join(this.folder.root, `${spec.id}.out`);
		const out = openSync(outFile, 'w');
		const child = spawn(this.install.node, [this.install.n8nBin, 'execute', `--id=${spec.id}`, '--rawOutput'], {
			env,
			cwd: this.folder.root,
			stdio: ['ignore', out, 'pipe'],
		});
		closeSync(out);
		let stderr = '';
		child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
		let peakKiB = 0;
		const sample = () => (peakKiB = Math.max(peakKiB, vmHwmKiB(child.pid!) ?? 0));
		const sampler = setInterval(sample, 50);
		const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => (sample(), resolve(code))));
		const closed = new Promise<void>((resolve) => child.on('close', () => resolve()));
		const code = await exited;
		clearInterval(sampler);
		await closed;
		const processMs = performance.now() - started;
		const stdout = readFileSync(outFile, 'utf8');
		rmSync(outFile);
		const run = parseRunData(stdout);
		const fail = (why: string) =>
			new Error(`real n8n, workflow ${spec.id}: ${why}\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`);
		if (code !== 0 || run?.status !== 'success') throw fail(`exit ${code}, status ${run?.status}`);
		const nodeName = NODE_NAME[spec.subject];
		const taskData = run.data.resultData.runData[nodeName]?.[0];
		const output: INodeExecutionData[] = taskData?.data?.main?.[0] ?? [];
		const counters = await this.emulator.counters();
		const expectedRequests = spec.subject === 'codeOnly' ? 0 : spec.items;
		if (counters.writes !== expectedRequests || counters.finished !== expectedRequests) {
			throw fail(`the emulator wrote ${counters.writes} contacts from ${counters.finished} requests, expected ${expectedRequests}`);
		}
		if (output.length !== spec.items) throw fail(`${output.length} output items, expected ${spec.items}`);
		if (spec.subject !== 'codeOnly' && !output.every((item) => item.json.code === 0)) throw fail('not every output item has code 0');
		return {
			spec,
			nodeMs: taskData?.executionTime ?? NaN,
			spanMs: (counters.lastFinishedAt ?? 0) - (counters.firstArrivalAt ?? 0),
			maxInFlight: counters.maxInFlight,
			peakRssMiB: peakKiB / 1024,
			processMs,
		};
	}

	remove(): void {
		this.folder.remove();
	}
}
