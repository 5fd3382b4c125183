/**
 * One benchmark measurement, in a fresh process (so CPU time and peak memory are its own):
 *   node <worker.js> <mode> <emulator url> <items> <concurrency> [warm-up items]
 * mode `node`: our node's real execute() inside n8n-core's WorkflowExecute (the test harness),
 * `axios`: a plain axios loop sending the same requests with the same parallelism.
 * Reports wall time, CPU time and memory to the parent.
 */
import '../test/support/jest/env';

import axios from 'axios';
import type { INodeExecutionData } from 'n8n-workflow';

import { EngageLabApi } from '../credentials/EngageLabApi.credentials';
import { EngageLab } from '../nodes/EngageLab/EngageLab.node';
import { TEST_KEY, TEST_SECRET } from '../test/support/emulator/ma/maEmulator';
import { TestCredentialsHelper, TestCredentialTypes } from '../test/support/inProcess/credentialsHelper';
import { TestNodeTypes } from '../test/support/inProcess/nodeTypes';
import { runNode } from '../test/support/inProcess/runWorkflow';

export type Mode = 'node' | 'axios';

export interface Measurement {
	mode: Mode;
	items: number;
	delivered: number;
	wallMs: number;
	cpuMs: number;
	/** Resident memory before the input items existed, and the process's peak (MiB). */
	rssBeforeMiB: number;
	peakRssMiB: number;
	/** Largest heap seen while running (garbage included), and what is left after a full GC with the output still held. */
	peakHeapMiB: number;
	retainedHeapMiB: number;
}

/** How many items came out delivered, and the output itself (held until memory is measured). */
type Outcome = [delivered: number, output: unknown];

const row = (i: number) => ({ id: String(10_000_000 + i), email: `user${i}@example.com` });

async function runOurNode(url: string, count: number, concurrency: number): Promise<Outcome> {
	const credentialsHelper = new TestCredentialsHelper(new TestCredentialTypes([new EngageLabApi()]));
	credentialsHelper.setCredentials({
		engageLabApi: { apiKey: TEST_KEY, apiSecret: TEST_SECRET, dataCenter: 'custom', baseUrl: url },
	});
	const nodeTypes = new TestNodeTypes({ 'n8n-nodes-engagelab.engageLab': new EngageLab() });
	const items: INodeExecutionData[] = Array.from({ length: count }, (_, i) => ({ json: row(i) }));
	const result = await runNode(
		{ nodeTypes, credentialsHelper },
		{
			type: 'n8n-nodes-engagelab.engageLab',
			name: 'EngageLab',
			parameters: {
				resource: 'user',
				operation: 'setContact',
				euid: '={{ $json.id }}',
				email: '={{ $json.email }}',
				options: { concurrency },
			},
			credentialTypes: ['engageLabApi'],
		},
		items,
	);
	if (result.status !== 'success') throw new Error(`the node failed: ${String((result.error as Error)?.message)}`);
	return [result.items.filter((i) => i.json.code === 0).length, result];
}

async function runAxiosLoop(url: string, count: number, concurrency: number): Promise<Outcome> {
	const results = new Array<unknown>(count);
	let next = 0;
	const worker = async () => {
		for (let i = next++; i < count; i = next++) {
			const { id, email } = row(i);
			const response = await axios.post<{ code: number; message: string }>(
				`${url}/v1/user/contact`,
				{ euid: Number(id), contacts: { email } },
				{ auth: { username: TEST_KEY, password: TEST_SECRET } },
			);
			results[i] = { euid: id, contacts: { email }, ...response.data };
		}
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
	return [results.filter((r) => (r as { code: number }).code === 0).length, results];
}

async function measure(mode: Mode, url: string, items: number, concurrency: number): Promise<Measurement> {
	const run = mode === 'node' ? runOurNode : runAxiosLoop;
	const mib = (bytes: number) => bytes / 2 ** 20;
	global.gc?.();
	const rssBefore = process.memoryUsage().rss;
	let peakHeap = 0;
	const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 20);
	const cpu = process.cpuUsage();
	const start = performance.now();
	const [delivered, output] = await run(url, items, concurrency);
	const wallMs = performance.now() - start;
	const { user, system } = process.cpuUsage(cpu);
	clearInterval(sampler);
	peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
	global.gc?.();
	const retainedHeap = process.memoryUsage().heapUsed;
	if (!output) throw new Error('no output');
	return {
		mode,
		items,
		delivered,
		wallMs,
		cpuMs: (user + system) / 1000,
		rssBeforeMiB: mib(rssBefore),
		peakRssMiB: process.resourceUsage().maxRSS / 1024,
		peakHeapMiB: mib(peakHeap),
		retainedHeapMiB: mib(retainedHeap),
	};
}

async function main(): Promise<void> {
	const [mode, url, items, concurrency, warmUp = '0'] = process.argv.slice(2);
	if (Number(warmUp) > 0) await measure(mode as Mode, url, Number(warmUp), Number(concurrency));
	const result = await measure(mode as Mode, url, Number(items), Number(concurrency));
	process.send?.(result);
	process.disconnect?.();
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
	process.exit(1);
});
