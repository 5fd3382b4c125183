/**
 * The network benchmark's workflows in real n8n: Manual Trigger → Code node making N items →
 * our node or the HTTP Request node (or nothing, the baseline), each run with `n8n execute` in
 * a process of its own, trusting the run's CA through NODE_EXTRA_CA_CERTS. Samples the process's
 * CPU time and peak RSS from /proc until it exits.
 */
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { TEST_KEY, TEST_SECRET } from '../../test/emulator/server';
import type { N8nInstall } from '../../test/e2e/lib/install';
import { freePort, N8nUserFolder, packPackage, parseRunData } from '../../test/e2e/lib/n8n';
import type { NetworkCounters } from './services';

export interface RunSpec {
	id: string;
	label: string;
	subject: 'ours' | 'http' | 'codeOnly';
	items: number;
	/** Ours: the node's options, and its version (default 1). */
	options?: IDataObject;
	typeVersion?: number;
	/** HTTP Request node: its Batching option. */
	batch?: { size: number; intervalMs: number };
}

export interface RunMeasurement {
	spec: RunSpec;
	nodeMs: number;
	/** Output items with EngageLab's code 0, and the others. */
	delivered: number;
	failed: number;
	counters: NetworkCounters;
	cpuMs: number;
	peakRssMiB: number;
}

const NODE_NAME = { ours: 'EngageLab', http: 'HTTP Request', codeOnly: 'Items' } as const;
const ROWS_CODE = (n: number) =>
	`const items = [];\nfor (let i = 0; i < ${n}; i++) items.push({ json: { id: String(10000000 + i), email: 'user' + i + '@example.com' } });\nreturn items;\n`;

function workflow(spec: RunSpec, baseUrl: string): object {
	const nodes: object[] = [
		{ id: 't', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{ id: 'c', name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0], parameters: { jsCode: ROWS_CODE(spec.items) } },
	];
	if (spec.subject === 'ours') {
		nodes.push({
			id: 'e',
			name: NODE_NAME.ours,
			type: 'n8n-nodes-engagelab.engageLab',
			typeVersion: spec.typeVersion ?? 1,
			position: [440, 0],
			parameters: { resource: 'user', operation: 'setContact', euid: '={{ $json.id }}', email: '={{ $json.email }}', options: spec.options ?? {} },
			credentials: { engageLabApi: { id: 'netEngageLab0001', name: 'EngageLab (network bench)' } },
		});
	} else if (spec.subject === 'http') {
		nodes.push({
			id: 'h',
			name: NODE_NAME.http,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [440, 0],
			// Without it the first 429 would fail the whole run; with it every item is counted.
			onError: 'continueRegularOutput',
			parameters: {
				method: 'POST',
				url: `${baseUrl}/v1/user/contact`,
				authentication: 'genericCredentialType',
				genericAuthType: 'httpBasicAuth',
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify({ euid: Number($json.id), contacts: { email: $json.email } }) }}',
				options: spec.batch ? { batching: { batch: { batchSize: spec.batch.size, batchInterval: spec.batch.intervalMs } } } : {},
			},
			credentials: { httpBasicAuth: { id: 'netBasicAuth0001', name: 'EngageLab Basic auth (network bench)' } },
		});
	}
	const connections: Record<string, object> = { Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] } };
	if (spec.subject !== 'codeOnly') connections.Items = { main: [[{ node: NODE_NAME[spec.subject], type: 'main', index: 0 }]] };
	return { id: spec.id, name: `EngageLab network bench ${spec.id}`, active: false, nodes, connections, settings: { executionOrder: 'v1' }, pinData: {} };
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

export class NetworkN8n {
	private constructor(
		readonly install: N8nInstall,
		private readonly folder: N8nUserFolder,
		private readonly caFile: string,
	) {}

	static async prepare(install: N8nInstall, baseUrl: string, caFile: string, specs: RunSpec[]): Promise<NetworkN8n> {
		const tarball = packPackage();
		const folder = N8nUserFolder.create(install, tarball);
		rmSync(path.dirname(tarball), { recursive: true, force: true });
		await folder.importCredentials([
			{ id: 'netEngageLab0001', name: 'EngageLab (network bench)', type: 'engageLabApi', data: { apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl } },
			{ id: 'netBasicAuth0001', name: 'EngageLab Basic auth (network bench)', type: 'httpBasicAuth', data: { user: TEST_KEY, password: TEST_SECRET } },
		]);
		const dir = mkdtempSync(path.join(tmpdir(), 'engagelab-netbench-workflows-'));
		const files = specs.map((spec) => {
			const file = path.join(dir, `${spec.id}.json`);
			writeFileSync(file, JSON.stringify(workflow(spec, baseUrl)));
			return file;
		});
		await folder.importWorkflows(files);
		rmSync(dir, { recursive: true, force: true });
		return new NetworkN8n(install, folder, caFile);
	}

	/** `n8n execute` of one workflow; `before` resets the emulator, `after` reads its counters. */
	async run(spec: RunSpec, before: () => Promise<NetworkCounters>, after: () => Promise<NetworkCounters> = before): Promise<RunMeasurement> {
		await before();
		const env = this.folder.env({
			N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			NODE_EXTRA_CA_CERTS: this.caFile,
			// On a busy shared machine the Code node's task runner can take more than the default minute to answer.
			N8N_RUNNERS_TASK_REQUEST_TIMEOUT: '600',
		});
		const outFile = path.join(this.folder.root, `${spec.id}.out`);
		const out = openSync(outFile, 'w');
		const child = spawn(this.install.node, [this.install.n8nBin, 'execute', `--id=${spec.id}`, '--rawOutput'], {
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
		const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => (poll(), resolve(c))));
		clearInterval(sampler);
		const stdout = readFileSync(outFile, 'utf8');
		rmSync(outFile);
		const run = parseRunData(stdout);
		const fail = (why: string) => new Error(`real n8n, workflow ${spec.id}: ${why}\n${stdout.slice(-2000)}\n${stderr.slice(-2000)}`);
		if (code !== 0 || !run) throw fail(`exit ${code}, status ${run?.status}${run?.data.resultData.error ? `: ${run.data.resultData.error.message}` : ''}`);
		const taskData = run.data.resultData.runData[NODE_NAME[spec.subject]]?.[0];
		const output: INodeExecutionData[] = taskData?.data?.main?.[0] ?? [];
		if (run.status !== 'success') throw fail(`status ${run.status}: ${JSON.stringify(run.data.resultData.error ?? {}).slice(0, 500)}`);
		const delivered = spec.subject === 'codeOnly' ? 0 : output.filter((item) => item.json.code === 0).length;
		return {
			spec,
			nodeMs: taskData?.executionTime ?? NaN,
			delivered,
			failed: spec.subject === 'codeOnly' ? 0 : spec.items - delivered,
			counters: await after(),
			cpuMs: last.cpuMs,
			peakRssMiB: last.hwmKiB / 1024,
		};
	}

	async remove(): Promise<void> {
		this.folder.remove();
	}
}
