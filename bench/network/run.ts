/**
 * `npm run bench:network`: our node and n8n's HTTP Request node over a network that looks like
 * the internet, side by side in one run, in real n8n. The EngageLab emulator serves TLS (a CA
 * made for this run, trusted by n8n through NODE_EXTRA_CA_CERTS) behind a user-space latency
 * proxy (every chunk held RTT/2 each way; handshakes pay their round trips), with an account
 * rate limit (429 with Retry-After: 1 past N requests/s) or none. Everything on 127.0.0.1.
 *
 * One table per load, item count and scenario. Measured per run (`n8n execute`, a process of its
 * own): the node's execution time from n8n's run data, items/s, items delivered (the emulator's
 * count of contacts written) and failed, requests answered 429, CPU time of the n8n process per
 * item (above the same workflow without the node, at the same item count), and its peak RSS.
 *
 *   BENCH_ITEMS=1000,3000,10000  items per run, one table each
 *   BENCH_LOAD=2,0         passes: busy loops beside n8n (0: idle; the load average is measured and printed either way)
 *   BENCH_V1_ITEMS=1000    items for our node at v1 defaults (about 11 items/s at 150 ms), run once per
 *                          pass and scenario and shown in each of its tables
 *   BENCH_RTT=150          round trip in ms (50, 150, 250…)
 *   BENCH_RATE_LIMIT=200   the account's requests/s in the rate-limited scenario
 *   BENCH_N8N=2.8.4        which pinned n8n (test/e2e/n8n-<version>)
 *   BENCH_PROXIES=3        proxy processes sharing the listening socket
 *   BENCH_SCENARIOS=limited,unlimited
 *   BENCH_ROWS=v1,auto,tuned,http,httpBatch   which rows (a quick comparison: BENCH_ROWS=auto,http)
 *   BENCH_DEBUG=1          n8n's debug log for our rows: Auto's summary (peak, decreases by reason) printed under its row
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { ensureN8n, N8N_VERSIONS } from '../../test/support/realN8n/install';
import { REPO_ROOT } from '../../test/support/realN8n/paths';
import { AUTO_MAX_CONCURRENCY } from '../../nodes/EngageLab/runOptions';
import { BusyLoad } from './busyLoad';
import { makeCertificates } from './certificates';
import { NetworkN8n, type RunMeasurement, type RunSpec } from './n8nRuns';
import { RAMP_STEP_MS, type NetworkCounters } from './services';

const list = (text: string) => text.split(',').map((t) => t.trim()).filter(Boolean);
const RTT = Number(process.env.BENCH_RTT ?? '150');
const RATE_LIMIT = Number(process.env.BENCH_RATE_LIMIT ?? '200');
const SIZES = list(process.env.BENCH_ITEMS ?? '1000,3000,10000').map(Number);
const LOADS = list(process.env.BENCH_LOAD ?? '2,0').map(Number);
const V1_ITEMS = Number(process.env.BENCH_V1_ITEMS ?? '1000');
const PROXIES = Number(process.env.BENCH_PROXIES ?? '3');
const N8N = process.env.BENCH_N8N ?? '2.8.4';
const SCENARIOS = list(process.env.BENCH_SCENARIOS ?? 'limited,unlimited') as Scenario[];
const ROWS = list(process.env.BENCH_ROWS ?? 'v1,auto,tuned,http,httpBatch') as Kind[];

/** A request over a new connection: TCP's handshake, TLS 1.3's, then the request itself. */
const ROUND_TRIPS_PER_REQUEST = 3;

type Scenario = 'limited' | 'unlimited';
type Kind = 'base' | 'v1' | 'auto' | 'tuned' | 'http' | 'httpBatch';

/** A run, at most how many requests its node keeps in flight (none: every item at once), and the one scenario it is for (none: both). */
type BenchSpec = RunSpec & { kind: Kind; inFlight?: number; only?: Scenario };

const say = (line = '') => process.stdout.write(`${line}\n`);
const fixed = (n: number, digits = 1) => n.toFixed(digits);
const load = () => os.loadavg().map((l) => fixed(l)).join(' ');
const thousands = (n: number) => Math.round(n).toLocaleString('en-US');

/** The rows, for `items` items (each size its own workflows: the item count is in the Code node). */
function specsFor(items: number): BenchSpec[] {
	// n8n's workflow ids: 16 characters, 7 for the row and 9 for the items.
	const id = (row: string) => `${row}${String(items).padStart(9, '0')}`;
	return [
		{ kind: 'v1', id: id('netOuV1'), label: 'our node, v1 defaults (Fixed, Concurrency 5)', subject: 'ours', items, options: {}, inFlight: 5 },
		{ kind: 'auto', id: id('netAuto'), label: 'our node, v2 defaults (Concurrency Mode Auto)', subject: 'ours', items, typeVersion: 2, options: {}, inFlight: AUTO_MAX_CONCURRENCY },
		// Tuned by a user who knows the account's limit: enough in flight for it at this RTT (200/s × 0.45 s = 90), paced at it.
		{ kind: 'tuned', id: id('netTunL'), label: `our node, tuned (Fixed, Concurrency 100, Max Requests Per Second ${RATE_LIMIT})`, subject: 'ours', items, typeVersion: 2, options: { concurrencyMode: 'fixed', concurrency: 100, maxRequestsPerSecond: RATE_LIMIT }, inFlight: 100, only: 'limited' },
		// Fixed's highest Concurrency (Auto's own cap, 200, is above what Fixed takes).
		{ kind: 'tuned', id: id('netTunU'), label: 'our node, tuned (Fixed, Concurrency 100)', subject: 'ours', items, typeVersion: 2, options: { concurrencyMode: 'fixed', concurrency: 100 }, inFlight: 100, only: 'unlimited' },
		{ kind: 'http', id: id('netHttp'), label: 'HTTP Request node, defaults (every item at once; On Error: Continue to count failures)', subject: 'http', items },
		{ kind: 'httpBatch', id: id('netHtBa'), label: `HTTP Request node, batches of ${RATE_LIMIT} every 1,000 ms (On Error: Continue)`, subject: 'http', items, batch: { size: RATE_LIMIT, intervalMs: 1000 }, only: 'limited' },
	];
}

const baselineFor = (items: number): BenchSpec => ({ kind: 'base', id: `netBase${String(items).padStart(9, '0')}`, label: 'the same workflow without either node', subject: 'codeOnly', items });

function child(args: string[]): ChildProcess {
	return fork(path.join(__dirname, 'services.js'), args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
}

function firstMessage<T>(c: ChildProcess): Promise<T> {
	return new Promise((resolve, reject) => {
		c.once('message', (m: T) => resolve(m));
		c.once('exit', (code) => reject(new Error(`a bench service exited (${code})`)));
	});
}

/** A table's rows: its measurement, or why it failed. */
type Row = [BenchSpec, RunMeasurement | string];

interface Table {
	busyLoops: number;
	items: number;
	limit: number;
	loadAverage: { min: number; mean: number; max: number };
	rows: Row[];
}

async function main(): Promise<void> {
	const started = Date.now();
	const certificates = makeCertificates();
	const children: ChildProcess[] = [];
	let n8n: NetworkN8n | undefined;
	let busy: BusyLoad | undefined;
	try {
		const emulator = child(['emulator', certificates.keyFile, certificates.certFile]);
		children.push(emulator);
		const { port: emulatorPort } = await firstMessage<{ port: number }>(emulator);
		// One listening socket, served by several proxy processes.
		const listener = net.createServer();
		await new Promise<void>((resolve) => listener.listen({ port: 0, host: '127.0.0.1', backlog: 8192 }, resolve));
		const proxyPort = (listener.address() as net.AddressInfo).port;
		for (let i = 0; i < PROXIES; i++) {
			const proxy = child(['proxy', String(emulatorPort), String(RTT)]);
			children.push(proxy);
			const ready = firstMessage(proxy);
			proxy.send('server', listener);
			await ready;
		}
		listener.close(); // the proxies keep it open
		const counters = (message: object) =>
			new Promise<NetworkCounters>((resolve) => {
				emulator.once('message', (c: NetworkCounters) => resolve(c));
				emulator.send(message);
			});

		const cpus = os.cpus();
		say(`machine: ${cpus.length} cores (${cpus[0]?.model.trim()}), ${fixed(os.totalmem() / 2 ** 30)} GiB; load average ${load()}`);
		say(`network: TLS (ECDSA P-256, this run's CA via NODE_EXTRA_CA_CERTS) through a latency proxy, RTT ${RTT} ms (${PROXIES} proxy processes), emulator in its own process`);
		const target = N8N_VERSIONS.find((v) => v.version === N8N);
		if (!target) throw new Error(`no pinned n8n ${N8N}`);
		const install = await ensureN8n(target);
		const baseUrl = `https://127.0.0.1:${proxyPort}`;
		const wanted = (s: BenchSpec) => ROWS.includes(s.kind) && (s.kind === 'v1' ? s.items === V1_ITEMS : SIZES.includes(s.items));
		const sizes = [...new Set([...SIZES, ...(ROWS.includes('v1') ? [V1_ITEMS] : [])])];
		const specs = sizes.flatMap((n) => [baselineFor(n), ...specsFor(n).filter(wanted)]);
		say(`real n8n ${install.version}: packing this package (dist/ as built), importing ${specs.length} workflows…`);
		n8n = await NetworkN8n.prepare(install, baseUrl, certificates.caFile, specs);
		const runner = n8n;

		const tables: Table[] = [];
		for (const busyLoops of LOADS) {
			busy = new BusyLoad(busyLoops);
			say();
			say(`=== pass: ${busyLoops} busy loop${busyLoops === 1 ? '' : 's'} beside n8n; load average ${load()} ===`);
			const baselines = new Map<number, RunMeasurement>();
			const baseline = async (items: number) => {
				const known = baselines.get(items);
				if (known) return known;
				const m = await runner.run(baselineFor(items), () => counters({ reset: true }));
				say(`  baseline, ${thousands(items)} items (${m.spec.label}): CPU ${fixed(m.cpuMs / 1000, 2)} s, peak RSS ${fixed(m.peakRssMiB, 0)} MiB; load ${load()}`);
				baselines.set(items, m);
				return m;
			};
			/** Our v1 row, once per pass and scenario (it takes minutes and does not depend on the table's item count). */
			const v1 = new Map<Scenario, Row>();
			for (const items of SIZES) {
				for (const scenario of SCENARIOS) {
					const limit = scenario === 'limited' ? RATE_LIMIT : 0;
					const since = Date.now();
					say();
					say(`${heading(busyLoops, items, limit)}; load ${load()}`);
					const rows: Row[] = [];
					const runs = specsFor(items).filter((s) => ROWS.includes(s.kind) && (s.only ?? scenario) === scenario);
					for (const spec of runs) {
						if (spec.kind === 'v1') {
							if (!v1.has(scenario)) v1.set(scenario, await measure(runner, specsFor(V1_ITEMS)[0], limit, await baseline(V1_ITEMS), counters));
							rows.push(v1.get(scenario)!);
							continue;
						}
						rows.push(await measure(runner, spec, limit, await baseline(items), counters));
					}
					tables.push({ busyLoops, items, limit, loadAverage: busy.loadSince(since), rows: rows.map(([s, m]) => [s, typeof m === 'string' ? m : { ...m, cpuMs: m.cpuMs - baselines.get(s.items)!.cpuMs }]) });
				}
			}
			busy.stop();
		}
		const header = `machine: ${cpus.length} cores, load average at the end ${load()}; n8n ${install.version}; RTT ${RTT} ms; bench took ${fixed((Date.now() - started) / 1000, 0)} s`;
		const sections = tables.map(table);
		say();
		for (const section of sections) say(section);
		say(header);
		writeSection(sections, header);
	} finally {
		busy?.stop();
		await n8n?.remove();
		for (const c of children) if (c.connected) c.disconnect();
		certificates.remove();
	}
}

/** One row's run, printed as it ends; a failed run (e.g. n8n itself timing out on an overloaded machine) does not lose the others. */
async function measure(runner: NetworkN8n, spec: BenchSpec, limit: number, baseline: RunMeasurement, counters: (message: object) => Promise<NetworkCounters>): Promise<Row> {
	try {
		const m = await runner.run(spec, () => counters({ reset: true, rateLimit: limit }), () => counters({}));
		say(`  ${spec.label}: ${describe({ ...m, cpuMs: m.cpuMs - baseline.cpuMs }, limit)}; load ${load()}`);
		if (m.autoSummary) say(`    Auto's summary: ${m.autoSummary}`);
		return [spec, m];
	} catch (error) {
		const why = String((error as Error).message).split('\n')[0];
		say(`  ${spec.label}: FAILED: ${why}; load ${load()}`);
		return [spec, why];
	}
}

function heading(busyLoops: number, items: number, limit: number): string {
	const bound = limit > 0 ? `bound ${fixed(items / limit, 1)} s (${thousands(items)} items at ${limit}/s)` : `no rate limit (bound: RTT × what a run keeps in flight)`;
	return `${thousands(items)} items, ${limit > 0 ? `rate limit ${limit} requests/s` : 'no rate limit'}, RTT ${RTT} ms, ${busyLoops} busy loop${busyLoops === 1 ? '' : 's'}: ${bound}`;
}

function itemsPerSecond(m: RunMeasurement): number {
	return (m.spec.items * 1000) / m.nodeMs;
}

/** The rate limit's bound for this run's items (ms), when there is a rate limit. */
function boundFor(m: RunMeasurement, limit: number): number | undefined {
	return limit > 0 ? (m.spec.items / limit) * 1000 : undefined;
}

/**
 * The shortest wall time this run could have (ms) and what sets it: the account's rate limit,
 * the node's own pacing (HTTP Request batches, our Max Requests Per Second), or RTT × concurrency (each request takes
 * ROUND_TRIPS_PER_REQUEST round trips, with at most `inFlight` at once).
 */
function limitOf(spec: BenchSpec, limit: number): { ms: number; by: string } {
	const candidates = [{ ms: (spec.items * ROUND_TRIPS_PER_REQUEST * RTT) / (spec.inFlight ?? spec.items), by: `RTT × ${spec.inFlight ?? 'all'} in flight` }];
	if (limit > 0) candidates.push({ ms: (spec.items / limit) * 1000, by: 'rate limit' });
	if (spec.batch) candidates.push({ ms: (spec.items / spec.batch.size) * spec.batch.intervalMs, by: 'its batching' });
	const paced = Number(spec.options?.maxRequestsPerSecond ?? 0);
	if (paced > 0) candidates.push({ ms: (spec.items / paced) * 1000, by: 'its pacing' });
	return candidates.reduce((a, b) => (b.ms > a.ms ? b : a));
}

/** A line for a run as it ends (`m.cpuMs`: above the baseline). */
function describe(m: RunMeasurement, limit: number): string {
	const bound = boundFor(m, limit);
	const mismatch = m.delivered === m.counters.writes ? '' : ` (MISMATCH: the node reported ${thousands(m.delivered)} delivered, the emulator wrote ${thousands(m.counters.writes)})`;
	return (
		`${fixed(itemsPerSecond(m), 0)} items/s, ${fixed(m.nodeMs / 1000)} s${bound ? ` (${fixed(m.nodeMs / bound, 2)}× the bound)` : ''}, ` +
		`${thousands(m.counters.writes)} delivered${mismatch}, ${thousands(m.failed)} failed, ${thousands(m.counters.rateLimited)} answered 429 ` +
		`(${fixed(share429(m), 2)} % of ${thousands(m.counters.finished)} requests), ` +
		`≤ ${m.counters.maxInFlight} in flight, CPU ${fixed(perItemUs(m), 0)} µs/item, peak RSS ${fixed(m.peakRssMiB, 0)} MiB; ` +
		`ramp (answers per ${RAMP_STEP_MS} ms): ${m.counters.ramp.join(' ')}`
	);
}

const perItemUs = (m: RunMeasurement) => (m.cpuMs * 1000) / m.spec.items;
const share429 = (m: RunMeasurement) => (100 * m.counters.rateLimited) / Math.max(1, m.counters.finished);

/** Requests in flight over a ramp step, from the answers in it (Little's law: a request spends ROUND_TRIPS_PER_REQUEST round trips in flight). */
const inFlightOf = (answers: number) => Math.round((answers * ROUND_TRIPS_PER_REQUEST * RTT) / RAMP_STEP_MS);

/** One table (its rows' CPU already above the baseline), then Auto's ramp. */
function table({ busyLoops, items, limit, loadAverage, rows }: Table): string {
	const la = `${fixed(loadAverage.min)}-${fixed(loadAverage.max)}, mean ${fixed(loadAverage.mean)}`;
	const lines = [
		`**${thousands(items)} items, ${limit > 0 ? `rate limit ${limit} requests/s` : 'no rate limit'}, RTT ${RTT} ms; ${busyLoops} busy loop${busyLoops === 1 ? '' : 's'}, load average ${la} during the table; ` +
			`${limit > 0 ? `bound ${fixed(items / limit)} s` : 'bound: RTT × in flight (its own bound)'}**`,
		'',
		"| run | items | items/s | wall time (node) | vs the rate limit's bound | its own bound (set by) | vs its own bound | delivered | failed | 429 answers (share) | most in flight | CPU per item | peak RSS |",
		'|---|---|---|---|---|---|---|---|---|---|---|---|---|',
	];
	const ramps: string[] = [];
	for (const [spec, m] of rows) {
		if (typeof m === 'string') {
			lines.push(`| ${spec.label} | ${thousands(spec.items)} | FAILED: ${m.replace(/\|/g, '/')} |  |  |  |  |  |  |  |  |  |  |`);
			continue;
		}
		const own = limitOf(spec, limit);
		lines.push(
			`| ${spec.label} | ${thousands(spec.items)} | ${fixed(itemsPerSecond(m), 0)} | ${fixed(m.nodeMs / 1000)} s | ${limit > 0 ? `${fixed(m.nodeMs / boundFor(m, limit)!, 2)}×` : ''} | ${fixed(own.ms / 1000)} s (${own.by}) | ${fixed(m.nodeMs / own.ms, 2)}× | ${thousands(m.counters.writes)}${m.delivered === m.counters.writes ? '' : ` (node said ${thousands(m.delivered)})`} | ${thousands(m.failed)} | ${thousands(m.counters.rateLimited)} (${fixed(share429(m), 2)} %) | ${m.counters.maxInFlight} | ${fixed(perItemUs(m), 0)} µs | ${fixed(m.peakRssMiB, 0)} MiB |`,
		);
		if (spec.kind === 'auto') {
			ramps.push(
				`Auto's ramp, per ${RAMP_STEP_MS} ms from its first request at the emulator: answers ${m.counters.ramp.join(' ')}; ` +
					`in flight ≈ ${m.counters.ramp.map(inFlightOf).join(' ')} (answers × ${ROUND_TRIPS_PER_REQUEST} round trips ÷ ${RAMP_STEP_MS} ms).`,
			);
		}
	}
	return [...lines, '', ...ramps].join('\n') + '\n';
}

/** docs/BENCHMARKS.md: this benchmark's section replaced (or added); the rest of the file kept. */
function writeSection(sections: string[], header: string): void {
	const file = path.join(REPO_ROOT, 'docs/BENCHMARKS.md');
	const begin = '<!-- bench:network begin -->';
	const end = '<!-- bench:network end -->';
	const body = [
		begin,
		'## Over a network that looks like the internet (`npm run bench:network`)',
		'',
		'TLS to the EngageLab emulator through a latency proxy on 127.0.0.1 (every chunk held RTT/2 each way, so each request pays',
		'its TCP and TLS handshakes: n8n opens a new connection per request), real n8n, one `n8n execute` per row. Wall time is',
		"the node's execution time in n8n's run data; CPU per item is the n8n process's CPU time above the same workflow without",
		'the node, divided by the items. *Its own bound* is the shortest wall time the run could have, set by the rate limit, its',
		'own pacing, or RTT × the most it keeps in flight (a request takes 3 round trips: TCP, TLS 1.3, the request itself).',
		'A table per item count, load (busy loops beside n8n, and the load average measured while its rows ran) and scenario;',
		"our v1 row is run once per pass and scenario on its own item count (BENCH_V1_ITEMS) and shown in each of its tables.",
		'Figures from a shared 2-core machine: noisy, compare within a table.',
		'',
		header,
		'',
		...sections,
		end,
	].join('\n');
	mkdirSync(path.dirname(file), { recursive: true });
	const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n';
	const at = old.indexOf(begin);
	const next = at >= 0 ? old.slice(0, at) + body + old.slice(old.indexOf(end) + end.length) : `${old.trimEnd()}\n\n${body}\n`;
	writeFileSync(file, next);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exitCode = 1;
});
