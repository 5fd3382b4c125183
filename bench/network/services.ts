/**
 * The network benchmark's far end, each part in a process of its own (so their CPU is not the
 * node's): `emulator <key file> <cert file>` (the EngageLab emulator over TLS, counters only) or
 * `proxy <target port> <rtt ms>` (the latency proxy, serving a listening socket its parent sends).
 * The emulator tells its parent its port and takes
 * `{ rateLimit?, reset? }` messages and answers each with its counters. Exits with its parent.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:net';

import { EngageLabEmulator } from '../../test/support/emulator/ma/maEmulator';
import { LatencyProxy } from './latencyProxy';

export interface NetworkCounters {
	writes: number;
	rateLimited: number;
	finished: number;
	maxInFlight: number;
	firstArrivalAt?: number;
	lastFinishedAt?: number;
	/**
	 * Answers given in each RAMP_STEP_MS from the run's first arrival (its first RAMP_STEPS steps):
	 * the ramp. The round trip is in the proxies, so the emulator itself holds a request only for a
	 * moment; in flight is about these answers × (3 round trips) ÷ the step (Little's law).
	 */
	ramp: number[];
}

export const RAMP_STEP_MS = 250;
const RAMP_STEPS = 24;

async function main(): Promise<void> {
	const [role, a, b] = process.argv.slice(2);
	if (role === 'proxy') {
		// The parent listens and hands the listening socket to several proxy processes (a
		// process may hold 20,000 sockets here; 10,000 connections at once need 20,000 in a proxy).
		const proxy = new LatencyProxy(Number(a), Number(b));
		process.on('message', (_message: unknown, server: unknown) => {
			proxy.serve(server as Server);
			process.send?.({ ready: true });
		});
		process.on('disconnect', () => void proxy.stop().then(() => process.exit(0)));
		return;
	}
	const emulator = new EngageLabEmulator({ record: false, tls: { key: readFileSync(a, 'utf8'), cert: readFileSync(b, 'utf8') } });
	await emulator.start();
	let ramp: number[] = [];
	let counted = 0;
	// Sampled in this process, so the node's process pays nothing for it.
	const sampler = setInterval(() => {
		if (emulator.firstArrivalAt === undefined || ramp.length >= RAMP_STEPS) return;
		ramp.push(emulator.finished - counted);
		counted = emulator.finished;
	}, RAMP_STEP_MS);
	process.on('message', (message: { rateLimit?: number; reset?: boolean }) => {
		if (message.reset) {
			emulator.reset();
			ramp = [];
			counted = 0;
		}
		if (message.rateLimit !== undefined) emulator.rateLimit = message.rateLimit;
		const { writes, rateLimited, finished, maxInFlight, firstArrivalAt, lastFinishedAt } = emulator;
		process.send?.({ writes, rateLimited, finished, maxInFlight, firstArrivalAt, lastFinishedAt, ramp } satisfies NetworkCounters);
	});
	process.on('disconnect', () => {
		clearInterval(sampler);
		void emulator.stop().then(() => process.exit(0));
	});
	process.send?.({ port: Number(new URL(emulator.url).port) });
}

if (require.main === module) void main();
