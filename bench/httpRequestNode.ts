/**
 * Figure (2) and the real-n8n half of figure (4): our node against n8n's own HTTP Request node,
 * both inside a real n8n (the oldest supported, installed and cached by test/support/realN8n/install.ts),
 * with this package packed and installed the way n8n installs a community package. Each workflow
 * is Manual Trigger → Code node making N items → the node under test, run with `n8n execute` in
 * a process of its own against the bench emulator.
 *
 * Throughput is the node's own execution time from n8n's run data (`executionTime`), with the
 * emulator's first-arrival-to-last-answer span beside it; n8n's boot (seconds) is not counted.
 * Every run is checked: exit 0, N contacts written by the emulator (which writes only on a valid
 * Basic auth header and a valid JSON body), N requests in all, N output items with code 0.
 * Peak memory is the `n8n execute` process's VmHWM (/proc/<pid>/status), sampled until it exits
 * (the workflow shape and the runs: n8nWorkflowRuns.ts).
 *
 * The HTTP Request node (typeVersion 4.2, as n8n 2.8.4 adds it) has no concurrency limit: it
 * starts every item's request and then awaits them all. Its "Batching" option only paces the
 * starts (batchSize requests, then sleep batchInterval ms; interval 0 = no pause at all). So at
 * "the same parallelism" means batches of 10 every 20 ms, the latency: about 10 in flight, as
 * our pool keeps. The unpaced setting (batch 10, interval 0: every request at once) is measured
 * too, as what the HTTP Request node does when nothing holds it back.
 */
import { ensureN8n, N8N_VERSIONS, type N8nInstall } from '../test/support/realN8n/install';
import type { EmulatorCounters } from './emulator';
import { N8nWorkflowRuns, type BenchNames, type BenchWorkflow, type Subject } from './n8nWorkflowRuns';

export interface BenchEmulator {
	url: string;
	setLatency(ms: number): Promise<void>;
	/** The emulator's counters; reset first when asked. */
	counters(reset?: boolean): Promise<EmulatorCounters>;
}

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

const NAMES: BenchNames = {
	workflow: 'EngageLab bench',
	engageLab: { id: 'benchEngageLab01', name: 'EngageLab (bench emulator)' },
	basicAuth: { id: 'benchBasicAuth01', name: 'EngageLab Basic auth (bench emulator)' },
};

/** Ours with its Concurrency option; the HTTP Request node in batches of that size. */
const benchWorkflow = ({ concurrency, batchIntervalMs, ...spec }: WorkflowSpec): BenchWorkflow => ({
	...spec,
	ours: { typeVersion: 1, options: { concurrency } },
	http: { batch: { batchSize: concurrency, batchInterval: batchIntervalMs ?? 0 }, continueOnError: false },
});

export class RealN8n {
	private constructor(
		private readonly runs: N8nWorkflowRuns,
		private readonly emulator: BenchEmulator,
	) {}

	get install(): N8nInstall {
		return this.runs.install;
	}

	/** Installs (or reuses) real n8n, packs the built package (run `npm run build` first), imports the credentials and workflows. */
	static async prepare(emulator: BenchEmulator, specs: WorkflowSpec[]): Promise<RealN8n> {
		const install = await ensureN8n(N8N_VERSIONS[0]);
		return new RealN8n(await N8nWorkflowRuns.prepare(install, emulator.url, NAMES, specs.map(benchWorkflow)), emulator);
	}

	/** `n8n execute` of one workflow, checked and measured. */
	async run(spec: WorkflowSpec): Promise<RealN8nMeasurement> {
		await this.emulator.counters(true);
		const { code, run, taskData, output, peakRssKiB, processMs, fail } = await this.runs.execute(spec);
		if (code !== 0 || run?.status !== 'success') throw fail(`exit ${code}, status ${run?.status}`);
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
			peakRssMiB: peakRssKiB / 1024,
			processMs,
		};
	}

	remove(): void {
		this.runs.remove();
	}
}
