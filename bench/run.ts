/**
 * `npm run bench`: the figures of issue 4, measured side by side in one run against the same
 * emulator (its own process), each measurement in a fresh process. Prints ratios, not verdicts:
 * wall times depend on the machine and its load, which is printed too.
 *
 *   (1) 10,000 Set Contact items, 20 ms emulator latency, concurrency 10: wall time against the
 *       latency-bound ideal 10,000 × 20 ms / 10 = 20 s (target ≤ 1.15×). A plain axios loop
 *       with the same parallelism runs right after it, as a reference for the machine's noise.
 *   (2) The same workflow in real n8n with the HTTP Request node against our node (target ≥ 1.0×
 *       its throughput). NOT MEASURED YET: it needs real n8n, which the end-to-end suite on main
 *       (test/e2e/) sets up. Hook: bench/httpRequestNode.ts.
 *   (3) Zero latency: CPU time per item, our node (its real execute() inside n8n-core's
 *       WorkflowExecute) against a plain axios loop sending the same requests with the same
 *       parallelism (target ≤ 2×). Interleaved, two rounds, best of each.
 *   (4) Peak memory at 100,000 items, our node. (The HTTP Request node's half: with (2).)
 *
 * BENCH_SCALE=0.1 npm run bench runs on a tenth of the items, for a quick look.
 */
import { fork, type ChildProcess } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';

import { measureHttpRequestNode } from './httpRequestNode';
import type { Measurement, Mode } from './worker';

const SCALE = Number(process.env.BENCH_SCALE ?? '1');
const scaled = (n: number) => Math.max(100, Math.round(n * SCALE));
const CONCURRENCY = 10;
const LATENCY_MS = 20;

interface Emulator {
	child: ChildProcess;
	url: string;
	setLatency(ms: number): Promise<void>;
}

async function startEmulator(): Promise<Emulator> {
	const child = fork(path.join(__dirname, 'emulator.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
	const url = await new Promise<string>((resolve, reject) => {
		child.once('message', (m: { url: string }) => resolve(m.url));
		child.once('exit', (code) => reject(new Error(`the emulator exited (${code})`)));
	});
	const setLatency = (latencyMs: number) =>
		new Promise<void>((resolve) => {
			child.once('message', () => resolve());
			child.send({ latencyMs });
		});
	return { child, url, setLatency };
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

const fixed = (n: number, digits = 2) => n.toFixed(digits);
const load = () => os.loadavg().map((l) => fixed(l, 1)).join(' ');
const say = (line = '') => process.stdout.write(`${line}\n`);

async function main(): Promise<void> {
	const emulator = await startEmulator();
	const started = Date.now();
	try {
		const cpus = os.cpus();
		say(`machine: ${cpus.length} cores (${cpus[0]?.model.trim()}), ${fixed(os.totalmem() / 2 ** 30, 1)} GiB, Node ${process.version}, ${os.platform()}; load average ${load()}`);
		say(`scale ${SCALE}, concurrency ${CONCURRENCY}; the emulator and every measurement each in a process of their own`);
		say();

		const n1 = scaled(10_000);
		await emulator.setLatency(LATENCY_MS);
		const ideal = (n1 * LATENCY_MS) / CONCURRENCY;
		say(`(1) ${n1} items at ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY} (ideal ${fixed(ideal / 1000)} s)…`);
		const node1 = await measure('node', emulator.url, n1);
		const axios1 = await measure('axios', emulator.url, n1);
		say(`    our node ${fixed(node1.wallMs / 1000)} s = ${fixed(node1.wallMs / ideal)}× ideal; axios loop ${fixed(axios1.wallMs / 1000)} s = ${fixed(axios1.wallMs / ideal)}× ideal; load ${load()}`);

		const http = await measureHttpRequestNode();
		say(`(2) HTTP Request node in real n8n: ${http ?? 'NOT MEASURED (needs real n8n from test/e2e; hook in bench/httpRequestNode.ts)'}`);

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

		const n4 = scaled(100_000);
		say(`(4) ${n4} items at 0 ms latency, our node…`);
		const node4 = await measure('node', emulator.url, n4);
		say(`    ${fixed(node4.wallMs / 1000, 1)} s; load ${load()}`);

		say();
		say(`| figure | our node | reference | ratio | target |`);
		say(`|---|---|---|---|---|`);
		say(`| (1) wall time, ${n1} items, ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY} | ${fixed(node1.wallMs / 1000, 1)} s | ideal ${fixed(ideal / 1000, 1)} s (axios loop: ${fixed(axios1.wallMs / 1000, 1)} s = ${fixed(axios1.wallMs / ideal)}×) | ${fixed(node1.wallMs / ideal)}× | ≤ 1.15× |`);
		say(`| (2) throughput vs the HTTP Request node in real n8n | ${http ?? 'not measured yet'} | | | ≥ 1.0× |`);
		say(`| (3) CPU time per item, ${n3} items, 0 ms latency | ${fixed(perItem(node3), 0)} µs | axios loop ${fixed(perItem(axios3), 0)} µs | ${fixed(perItem(node3) / perItem(axios3))}× | ≤ 2× |`);
		say(`| (4) peak memory, ${n4} items | RSS ${fixed(node4.peakRssMiB, 0)} MiB (${fixed(node4.rssBeforeMiB, 0)} before the items), heap peak ${fixed(node4.peakHeapMiB, 0)} MiB, retained ${fixed(node4.retainedHeapMiB, 0)} MiB | HTTP Request node: not measured yet | | |`);
		say();
		say(`bench took ${fixed((Date.now() - started) / 1000, 0)} s; load average at the end ${load()}`);
	} finally {
		emulator.child.disconnect();
	}
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
