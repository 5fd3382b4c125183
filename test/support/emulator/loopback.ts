/** Starting and stopping a local HTTP server on 127.0.0.1, the same for every emulator. */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * Listens on 127.0.0.1 (port 0: a free one) with `handle` as its only request handler; HTTPS
 * with `tls`'s key and certificate (PEM) when given (the network benchmark's emulator).
 */
export async function listenLoopback(handle: http.RequestListener, port = 0, tls?: { key: string; cert: string }): Promise<http.Server> {
	// https.Server has every http.Server method the emulators use (its types merge them).
	const server = tls ? (https.createServer(tls, handle) as unknown as http.Server) : http.createServer(handle);
	server.keepAliveTimeout = 5_000;
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		// A deep accept queue (Node's default is 511): thousands of clients connecting at once (queue
		// mode's workers, a new connection per request) overflowed it, and a connection stuck in the
		// kernel until the client's timeout got its request sent twice (the retry and the original).
		server.listen({ port, host: '127.0.0.1', backlog: 4096 }, () => resolve());
	});
	return server;
}

/** The server's base URL; throws when it is not listening. */
export function loopbackUrl(server: http.Server | undefined): string {
	const address = server?.address() as AddressInfo | null | undefined;
	if (!address) throw new Error('emulator not started');
	return `${server instanceof https.Server ? 'https' : 'http'}://127.0.0.1:${address.port}`;
}

/** Closes the server at once, with its open connections, and clears the emulator's pending timers. */
export async function closeLoopback(server: http.Server, timers: Set<NodeJS.Timeout>): Promise<void> {
	timers.forEach(clearTimeout);
	timers.clear();
	server.closeAllConnections();
	await new Promise<void>((resolve) => server.close(() => resolve()));
}
