/**
 * The network benchmark's workflows in real n8n (the shape and the runs: ../n8nWorkflowRuns.ts):
 * our node or the HTTP Request node (or nothing, the baseline), each `n8n execute` trusting the
 * run's CA through NODE_EXTRA_CA_CERTS; measured: delivered and failed items, CPU time, peak RSS.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';

import type { N8nInstall } from '../../test/support/realN8n/install';
import { N8nWorkflowRuns, type BenchNames, type BenchWorkflow, type Subject } from '../n8nWorkflowRuns';
import type { NetworkCounters } from './services';

export interface RunSpec {
	id: string;
	label: string;
	subject: Subject;
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
	/** BENCH_DEBUG=1: what Auto logged at the end of the run (n8n's debug log), else undefined. */
	autoSummary?: string;
}

const NAMES: BenchNames = {
	workflow: 'EngageLab network bench',
	engageLab: { id: 'netEngageLab0001', name: 'EngageLab (network bench)' },
	basicAuth: { id: 'netBasicAuth0001', name: 'EngageLab Basic auth (network bench)' },
};

/** Ours at its version (default 1) and options; the HTTP Request node at n8n's defaults or in batches. */
const benchWorkflow = ({ label, options, typeVersion, batch, ...spec }: RunSpec): BenchWorkflow => ({
	...spec,
	ours: { typeVersion: typeVersion ?? 1, options: options ?? {} },
	// Without continueOnError the first 429 would fail the whole run; with it every item is counted.
	http: { batch: batch && { batchSize: batch.size, batchInterval: batch.intervalMs }, continueOnError: true },
});

export class NetworkN8n {
	private constructor(
		private readonly runs: N8nWorkflowRuns,
		private readonly caFile: string,
	) {}

	get install(): N8nInstall {
		return this.runs.install;
	}

	static async prepare(install: N8nInstall, baseUrl: string, caFile: string, specs: RunSpec[]): Promise<NetworkN8n> {
		return new NetworkN8n(await N8nWorkflowRuns.prepare(install, baseUrl, NAMES, specs.map(benchWorkflow)), caFile);
	}

	/** `n8n execute` of one workflow; `before` resets the emulator, `after` reads its counters. */
	async run(spec: RunSpec, before: () => Promise<NetworkCounters>, after: () => Promise<NetworkCounters> = before): Promise<RunMeasurement> {
		await before();
		// BENCH_DEBUG=1: n8n's debug log to a file, for Auto's summary (peak, decreases by reason, shared ceiling).
		const logFile = process.env.BENCH_DEBUG && spec.subject === 'ours' ? path.join(tmpdir(), `engagelab-bench-${spec.id}-${Date.now()}.log`) : undefined;
		const { code, run, taskData, output, cpuMs, peakRssKiB, fail } = await this.runs.execute(spec, {
			NODE_EXTRA_CA_CERTS: this.caFile,
			// On a busy shared machine the Code node's task runner can take more than the default minute to answer.
			N8N_RUNNERS_TASK_REQUEST_TIMEOUT: '600',
			...(logFile ? { N8N_LOG_LEVEL: 'debug', N8N_LOG_OUTPUT: 'console,file', N8N_LOG_FILE_LOCATION: logFile } : {}),
		});
		let autoSummary: string | undefined;
		if (logFile && existsSync(logFile)) {
			autoSummary = readFileSync(logFile, 'utf8').split('\n').find((line) => line.includes('Concurrency Mode Auto'));
			rmSync(logFile, { force: true });
		}
		if (code !== 0 || !run) throw fail(`exit ${code}, status ${run?.status}${run?.data.resultData.error ? `: ${run.data.resultData.error.message}` : ''}`);
		if (run.status !== 'success') throw fail(`status ${run.status}: ${JSON.stringify(run.data.resultData.error ?? {}).slice(0, 500)}`);
		const delivered = spec.subject === 'codeOnly' ? 0 : output.filter((item) => item.json.code === 0).length;
		return {
			spec,
			nodeMs: taskData?.executionTime ?? NaN,
			delivered,
			failed: spec.subject === 'codeOnly' ? 0 : spec.items - delivered,
			counters: await after(),
			cpuMs,
			peakRssMiB: peakRssKiB / 1024,
			autoSummary,
		};
	}

	async remove(): Promise<void> {
		this.runs.remove();
	}
}
