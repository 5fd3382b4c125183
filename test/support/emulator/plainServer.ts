/**
 * A bare local HTTP server whose answer a test sets: a proxy or host that is not EngageLab
 * (redirects, HTML pages, foreign JSON, silence). It records every request it got, with its
 * Authorization header, so a test can prove a credential never reached it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PlainRequest {
	method: string;
	path: string;
	authorization: string | undefined;
	body: string;
}

export type PlainHandler = (req: PlainRequest, res: http.ServerResponse) => void;

export class PlainServer {
	readonly received: PlainRequest[] = [];
	/** What it answers; by default `{"code":0,"message":"success"}` on every path (the worst case). */
	handler: PlainHandler = (_req, res) => {
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end('{"code":0,"message":"success"}');
	};
	private server?: http.Server;

	get url(): string {
		const address = this.server?.address() as AddressInfo | null;
		if (!address) throw new Error('server not started');
		return `http://127.0.0.1:${address.port}`;
	}

	async start(): Promise<string> {
		this.server = http.createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (c: Buffer) => chunks.push(c));
			req.on('end', () => {
				const request = {
					method: req.method ?? '',
					path: req.url ?? '',
					authorization: req.headers.authorization,
					body: Buffer.concat(chunks).toString('utf8'),
				};
				this.received.push(request);
				this.handler(request, res);
			});
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		return this.url;
	}

	/** Answer with `status`, a content type and a body. */
	answer(status: number, body: string, headers: Record<string, string> = { 'Content-Type': 'application/json' }): void {
		this.handler = (_req, res) => {
			res.writeHead(status, headers);
			res.end(body);
		};
	}

	async stop(): Promise<void> {
		const server = this.server;
		this.server = undefined;
		if (!server) return;
		server.closeAllConnections();
		await new Promise<void>((resolve) => server.close(() => resolve()));
	}
}
