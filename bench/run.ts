/**
 * `npm run bench`: the figures of issue 4, measured side by side in one run against the same
 * emulator (its own process), each measurement in a fresh process. Prints ratios, not verdicts:
 * wall times depend on the machine and its load, which is printed too.
 *
 *   (1) 10,000 Set Contact items, 20 ms emulator latency, concurrency 10: wall time against the
 *       latency-bound ideal 10,000 × 20 ms / 10 = 20 s (target ≤ 1.15×). A plain axios loop
 *       with the same parallelism runs right after it, as a reference for the machine's noise.
 *   (2) Real n8n 2.8.4 (test/e2e's install), 5,000 items at the same latency: our node against
 *       n8n's HTTP Request node (Basic auth, JSON body, batches of 10) in the same workflow,
 *       throughput from each node's execution time in n8n's run data (target ≥ 1.0×). See
 *       bench/httpRequestNode.ts for why the HTTP Request node is measured paced and unpaced.
 *   (3) Zero latency: CPU time per item, our node (its real execute() inside n8n-core's
 *       WorkflowExecute) against a plain axios loop sending the same requests with the same
 *       parallelism (target ≤ 2×). Interleaved, two rounds, best of each.
 *   (4a) Peak memory at 100,000 items, our node in a bare process (n8n-core's WorkflowExecute).
 *   (4b) Peak memory of the `n8n execute` process in real n8n, both nodes and the same workflow
 *       without either, at 30,000 items by default (BENCH_REAL_N8N_MEMORY_ITEMS): 100,000 take
 *       about 4 minutes per node on a 2-core machine.
 *
 *   (5) App Push → Send Batch, 10,000 targets against the push emulator at 500 requests/s
 *       (bench/pushBatch.ts): requests, time against the bound, rate limits, lost, duplicated.
 *
 * `npm run bench` builds the package first (real n8n installs the packed dist/).
 * BENCH_FIGURES=2,4b runs only some figures; 4 means 4a and 4b.
 * BENCH_SCALE=0.1 npm run bench runs on a tenth of the items, for a quick look.
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

import type { EmulatorCounters } from './emulator';
import { RealN8n, type BenchEmulator, type RealN8nMeasurement, type WorkflowSpec } from './httpRequestNode';
import type { Measurement, Mode } from './worker';
import { pushBatchRow, type PushBatchMeasurement } from './pushBatch';

const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const scaled = (n: number) => Math.max(100, Math.round(n * SCALE));
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? '10');
const LATENCY_MS = 20;

interface Emulator extends BenchEmulator {
	child: ChildProcess;
}

async function startEmulator(): Promise<Emulator> {
	const child = fork(path.join(__dirname, 'emulator.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const url = await new Promise<string>((resolve, reject) => {
		child.once('message', (m: { url: string }) => resolve(m.url));
		child.once('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
	});
	const ask = (message: object) =>
		new Promise<EmulatorCounters>((resolve) => {
			child.once('message', (counters: EmulatorCounters) => resolve(counters));
			child.send(message);
		});
	const setLatency = async (latencyMs: number) => void (await ask({ latencyMs }));
	const counters = (reset = false) => ask({ reset });
	return { child, url, setLatency, counters };
}

function measure(mode: Mode, url: string, items: number, warmUp = 0): Promise<Measurement> {
	return new Promise((resolve, reject) => {
		const args = [mode, url, String(items), String(CONCURRENCY), String(warmUp)];
		const child = fork(path.join(__dirname, 'worker.js'), args, {
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
			execArgv: ['--expose-gc'],
		});
		let result: Measurement | undefined;
		child.on('message', (m: Measurement) => (result = m));
		child.on('exit', (code) => {
			if (result && result.delivered === items) resolve(result);
			else reject(new Error(`${mode} run failed (exit ${code}, ${result?.delivered ?? 0} of ${items} delivered)`));
		});
	});
}

/** Figure (5) in a process of its own, as every measurement. */
function measurePushBatchInChild(): Promise<PushBatchMeasurement> {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(__dirname, 'pushBatch.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		let result: PushBatchMeasurement | undefined;
		child.on('message', (m: PushBatchMeasurement) => (result = m));
		child.on('exit', (code) => (result ? resolve(result) : reject(new Error(`the Send Batch run failed (exit ${code})`))));
	});
}

const fixed = (n: number, digits = 2) => n.toFixed(digits);
const load = () => os.loadavg().map((l) => fixed(l, 1)).join(' ');
const say = (line = '') => process.stdout.write(`${line}\n`);

/** BENCH_FIGURES=2,4b runs only those; 4 is 4a (our node in a bare process) and 4b (both nodes in real n8n). */
const FIGURES = new Set((process.env.BENCH_FIGURES ?? '1,2,3,4,5').split(',').flatMap((f) => (f.trim() === '4' ? ['4a', '4b'] : [f.trim()])));
const perSecond = (items: number, ms: number) => (items * 1000) / ms;
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

/** The real-n8n workflows: figure (2) at the bench latency, figure (4) at 0 ms. */
function realN8nSpecs(n2: number, n4: number): Record<'ours2' | 'httpPaced2' | 'httpUnpaced2' | 'ours4' | 'http4' | 'base4', WorkflowSpec> {
	return {
		ours2: { id: 'benchF2Ours00001', subject: 'ours', items: n2, concurrency: CONCURRENCY },
		httpPaced2: { id: 'benchF2HttpPace1', subject: 'http', items: n2, concurrency: CONCURRENCY, batchIntervalMs: LATENCY_MS },
		httpUnpaced2: { id: 'benchF2HttpAll01', subject: 'http', items: n2, concurrency: CONCURRENCY, batchIntervalMs: 0 },
		ours4: { id: 'benchF4Ours00001', subject: 'ours', items: n4, concurrency: CONCURRENCY },
		// At 0 ms latency an unpaced HTTP Request node would open every request at once; 1 ms is the smallest pause.
		http4: { id: 'benchF4Http00001', subject: 'http', items: n4, concurrency: CONCURRENCY, batchIntervalMs: 1 },
		base4: { id: 'benchF4Base00001', subject: 'codeOnly', items: n4, concurrency: CONCURRENCY },
	};
}

async function main(): Promise<void> {
	const emulator = await startEmulator();
	const started = Date.now();
	let n8n: RealN8n | undefined;
	const rows: string[] = [];
	try {
		const cpus = os.cpus();
		say(`machine: ${cpus.length} cores (${cpus[0]?.model.trim()}), ${fixed(os.totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}, ${os.platform()}; load average ${load()}`);
		say(`scale ${SCALE}, concurrency ${CONCURRENCY}, figures ${[...FIGURES].join(',')}; the emulator and every measurement each in a process of their own`);
		say();

		const n2 = scaled(5_000);
		const n4 = scaled(100_000);
		// 100,000 items in real n8n took about 4 minutes for our node alone on the 2-core machine
		// (n8n also saves and prints the whole run); figure (4b) uses fewer, see docs/BENCHMARKS.md.
		const n4b = scaled(Number(process.env.BENCH_REAL_N8N_MEMORY_ITEMS ?? '30000'));
		const specs = realN8nSpecs(n2, n4b);
		if (FIGURES.has('2') || FIGURES.has('4b')) {
			const wanted = [...(FIGURES.has('2') ? [specs.ours2, specs.httpPaced2, specs.httpUnpaced2] : []), ...(FIGURES.has('4b') ? [specs.base4, specs.ours4, specs.http4] : [])];
			say(`real n8n: installing or reusing n8n ${'2.8.4'}, packing this package (dist/ as built), importing ${wanted.length} workflows…`);
			n8n = await RealN8n.prepare(emulator, wanted);
		}

		if (FIGURES.has('1')) {
			const n1 = scaled(10_000);
			await emulator.setLatency(LATENCY_MS);
			const ideal = (n1 * LATENCY_MS) / CONCURRENCY;
			say(`(1) ${n1} items at ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY} (ideal ${fixed(ideal / 1000)} s)…`);
			const node1 = await measure('node', emulator.url, n1);
			const axios1 = await measure('axios', emulator.url, n1);
			say(`    our node ${fixed(node1.wallMs / 1000)} s = ${fixed(node1.wallMs / ideal)}× ideal; axios loop ${fixed(axios1.wallMs / 1000)} s = ${fixed(axios1.wallMs / ideal)}× ideal; load ${load()}`);
			rows.push(`| (1) wall time, ${thousands(n1)} items, ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY} | ${fixed(node1.wallMs / 1000, 1)} s | ideal ${fixed(ideal / 1000, 1)} s (axios loop: ${fixed(axios1.wallMs / 1000, 1)} s = ${fixed(axios1.wallMs / ideal)}×) | ${fixed(node1.wallMs / ideal)}× | ≤ 1.15× |`);
		}

		if (FIGURES.has('2') && n8n) {
			await emulator.setLatency(LATENCY_MS);
			say(`(2) real n8n ${n8n.install.version}, ${n2} items at ${LATENCY_MS} ms latency: our node (concurrency ${CONCURRENCY}) and the HTTP Request node (Basic auth, JSON body, batches of ${CONCURRENCY})…`);
			const describe = (label: string, m: RealN8nMeasurement) =>
				`${label} ${fixed(perSecond(n2, m.nodeMs), 0)} items/s (node ${fixed(m.nodeMs / 1000)} s, emulator span ${fixed(m.spanMs / 1000)} s, ${m.maxInFlight} at most in flight)`;
			const ours = await n8n.run(specs.ours2);
			say(`    ${describe('our node', ours)}; load ${load()}`);
			const paced = await n8n.run(specs.httpPaced2);
			say(`    ${describe(`HTTP Request node, ${CONCURRENCY} every ${LATENCY_MS} ms,`, paced)}; load ${load()}`);
			const unpaced = await n8n.run(specs.httpUnpaced2);
			say(`    ${describe(`HTTP Request node, ${CONCURRENCY} every 0 ms (no pause),`, unpaced)}; load ${load()}`);
			const ratio = (other: RealN8nMeasurement) => fixed(other.nodeMs / ours.nodeMs);
			say(`    throughput ours / HTTP Request node: ${ratio(paced)}× at the same parallelism, ${ratio(unpaced)}× against it unpaced; by the emulator's span ${fixed(paced.spanMs / ours.spanMs)}× and ${fixed(unpaced.spanMs / ours.spanMs)}×`);
			rows.push(
				`| (2) throughput in real n8n ${n8n.install.version}, ${thousands(n2)} items, ${LATENCY_MS} ms latency (node execution time) | ${fixed(perSecond(n2, ours.nodeMs), 0)} items/s (${fixed(ours.nodeMs / 1000, 1)} s, ≤ ${ours.maxInFlight} in flight) | HTTP Request node, batches of ${CONCURRENCY} every ${LATENCY_MS} ms: ${fixed(perSecond(n2, paced.nodeMs), 0)} items/s (${fixed(paced.nodeMs / 1000, 1)} s, ≤ ${paced.maxInFlight} in flight); unpaced (interval 0): ${fixed(perSecond(n2, unpaced.nodeMs), 0)} items/s (${fixed(unpaced.nodeMs / 1000, 1)} s, ≤ ${unpaced.maxInFlight} in flight) | ${ratio(paced)}× (unpaced: ${ratio(unpaced)}×) | ≥ 1.0× |`,
			);
		}

		if (FIGURES.has('3')) {
			const n3 = scaled(5_000);
			await emulator.setLatency(0);
			say(`(3) ${n3} items at 0 ms latency, CPU time per item, two interleaved rounds…`);
			const runs: Measurement[] = [];
			for (let round = 0; round < 2; round++) {
				for (const mode of ['node', 'axios'] as const) runs.push(await measure(mode, emulator.url, n3, Math.round(n3 / 5)));
			}
			const perItem = (m: Measurement) => (m.cpuMs * 1000) / m.items;
			const best = (mode: Mode) => runs.filter((r) => r.mode === mode).sort((a, b) => a.cpuMs - b.cpuMs)[0];
			const [node3, axios3] = [best('node'), best('axios')];
			say(`    our node ${runs.filter((r) => r.mode === 'node').map((r) => fixed(perItem(r), 0)).join(', ')} µs; axios loop ${runs.filter((r) => r.mode === 'axios').map((r) => fixed(perItem(r), 0)).join(', ')} µs; load ${load()}`);
			rows.push(`| (3) CPU time per item, ${thousands(n3)} items, 0 ms latency | ${fixed(perItem(node3), 0)} µs | axios loop ${fixed(perItem(axios3), 0)} µs | ${fixed(perItem(node3) / perItem(axios3))}× | ≤ 2× |`);
		}

		if (FIGURES.has('4a')) {
			await emulator.setLatency(0);
			say(`(4a) ${n4} items at 0 ms latency, our node alone (n8n-core's WorkflowExecute in a bare process)…`);
			const node4 = await measure('node', emulator.url, n4);
			say(`    ${fixed(node4.wallMs / 1000, 1)} s, peak RSS ${fixed(node4.peakRssMiB, 0)} MiB; load ${load()}`);
			rows.push(`| (4a) peak memory, ${thousands(n4)} items, our node in a bare process (${fixed(node4.wallMs / 1000, 0)} s) | RSS ${fixed(node4.peakRssMiB, 0)} MiB (${fixed(node4.rssBeforeMiB, 0)} before the items), heap peak ${fixed(node4.peakHeapMiB, 0)} MiB, retained ${fixed(node4.retainedHeapMiB, 0)} MiB | | | |`);
		}
		if (FIGURES.has('4b') && n8n) {
			await emulator.setLatency(0);
			{
				say(`(4b) ${n4b} items at 0 ms latency in real n8n ${n8n.install.version}, peak RSS of each \`n8n execute\` process…`);
				const base = await n8n.run(specs.base4);
				say(`    the Code node alone: ${fixed(base.peakRssMiB, 0)} MiB (process ${fixed(base.processMs / 1000, 1)} s); load ${load()}`);
				const ours = await n8n.run(specs.ours4);
				say(`    our node: ${fixed(ours.peakRssMiB, 0)} MiB (node ${fixed(ours.nodeMs / 1000, 1)} s, process ${fixed(ours.processMs / 1000, 1)} s); load ${load()}`);
				const http = await n8n.run(specs.http4);
				say(`    HTTP Request node (batches of ${CONCURRENCY} every 1 ms): ${fixed(http.peakRssMiB, 0)} MiB (node ${fixed(http.nodeMs / 1000, 1)} s, ${http.maxInFlight} at most in flight, process ${fixed(http.processMs / 1000, 1)} s); load ${load()}`);
				const above = (m: RealN8nMeasurement) => m.peakRssMiB - base.peakRssMiB;
				rows.push(
					`| (4b) peak memory in real n8n ${n8n.install.version}, ${thousands(n4b)} items, 0 ms latency (\`n8n execute\` peak RSS; the same workflow without either node: ${fixed(base.peakRssMiB, 0)} MiB) | ${fixed(ours.peakRssMiB, 0)} MiB (+${fixed(above(ours), 0)}), node ${fixed(ours.nodeMs / 1000, 0)} s | HTTP Request node (batches of ${CONCURRENCY} every 1 ms): ${fixed(http.peakRssMiB, 0)} MiB (+${fixed(above(http), 0)}), node ${fixed(http.nodeMs / 1000, 0)} s | ${fixed(ours.peakRssMiB / http.peakRssMiB)}× (above the baseline: ${fixed(above(ours) / above(http))}×) | |`,
				);
			}
		}

		if (FIGURES.has('5')) {
			say(`(5) App Push → Send Batch, ${scaled(10_000)} targets at 500 requests/s…`);
			rows.push(pushBatchRow(await measurePushBatchInChild()));
		}

		say();
		say(`| figure | our node | reference | ratio | target |`);
		say(`|---|---|---|---|---|`);
		for (const row of rows) say(row);
		say();
		say(`bench took ${fixed((Date.now() - started) / 1000, 0)} s; load average at the end ${load()}`);
	} finally {
		n8n?.remove();
		emulator.child.disconnect();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
