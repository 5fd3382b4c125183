/**
 * A user-space latency proxy on 127.0.0.1: every chunk is held RTT/2 each way, in order, so a
 * TLS handshake and a request each pay their round trips. A client's connect() completes at
 * once on loopback, so the first chunk a client sends (its ClientHello) is held one RTT more:
 * the server sees it when it would after a TCP handshake. Bytes pass through untouched (TLS
 * stays end to end between n8n and the emulator). No bandwidth limit, no loss.
 */
import net from 'node:net';

/** Chunks (undefined = end of stream) released in order, each no earlier than its time; one timer per direction. */
class DelayLine {
	private readonly queue: Array<{ at: number; chunk?: Buffer }> = [];
	private timer?: NodeJS.Timeout;
	private last = 0;

	constructor(private readonly to: net.Socket) {}

	push(delayMs: number, chunk?: Buffer): void {
		this.last = Math.max(this.last, Date.now() + delayMs);
		this.queue.push({ at: this.last, chunk });
		this.schedule();
	}

	private schedule(): void {
		if (this.timer || this.queue.length === 0) return;
		this.timer = setTimeout(() => this.flush(), Math.max(0, this.queue[0].at - Date.now()));
	}

	private flush(): void {
		this.timer = undefined;
		const now = Date.now();
		while (this.queue.length && this.queue[0].at <= now) {
			const { chunk } = this.queue.shift()!;
			if (this.to.destroyed) continue;
			if (chunk) this.to.write(chunk);
			else this.to.end();
		}
		this.schedule();
	}

	clear(): void {
		if (this.timer) clearTimeout(this.timer);
		this.queue.length = 0;
	}
}

export class LatencyProxy {
	connections = 0;
	private server?: net.Server;
	private readonly sockets = new Set<net.Socket>();

	constructor(
		private readonly targetPort: number,
		private readonly rttMs: number,
	) {}

	/** Serves the connections of a listening server made elsewhere (several processes may share one). */
	serve(server: net.Server): void {
		this.server = server;
		(server as net.Server & { allowHalfOpen: boolean }).allowHalfOpen = true;
		server.on('connection', (client: net.Socket) => this.connect(client));
	}

	connect(client: net.Socket): void {
		this.connections++;
		const upstream = net.connect({ port: this.targetPort, host: '127.0.0.1', allowHalfOpen: true });
		const rtt = this.rttMs;
		const toServer = new DelayLine(upstream);
		const toClient = new DelayLine(client);
		let first = true;
		client.on('data', (chunk: Buffer) => {
			toServer.push(rtt / 2 + (first ? rtt : 0), chunk);
			first = false;
		});
		upstream.on('data', (chunk: Buffer) => toClient.push(rtt / 2, chunk));
		client.on('end', () => toServer.push(rtt / 2));
		upstream.on('end', () => toClient.push(rtt / 2));
		const teardown = () =>
			setTimeout(() => {
				toServer.clear();
				toClient.clear();
				client.destroy();
				upstream.destroy();
			}, rtt); // after whatever is still on its way
		for (const socket of [client, upstream]) {
			socket.setNoDelay(true);
			this.sockets.add(socket);
			socket.on('error', teardown);
			socket.once('close', () => {
				this.sockets.delete(socket);
				if (!client.destroyed || !upstream.destroyed) teardown();
			});
		}
	}

	async stop(): Promise<void> {
		for (const socket of this.sockets) socket.destroy();
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}
}
