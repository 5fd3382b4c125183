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
}

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
	process.on('message', (message: { rateLimit?: number; reset?: boolean }) => {
		if (message.reset) {
			emulator.reset();
		}
		if (message.rateLimit !== undefined) emulator.rateLimit = message.rateLimit;
		const { writes, rateLimited, finished, maxInFlight, firstArrivalAt, lastFinishedAt } = emulator;
		process.send?.({ writes, rateLimited, finished, maxInFlight, firstArrivalAt, lastFinishedAt } satisfies NetworkCounters);
	});
	process.on('disconnect', () => void emulator.stop().then(() => process.exit(0)));
	process.send?.({ port: Number(new URL(emulator.url).port) });
}

if (require.main === module) void main();
