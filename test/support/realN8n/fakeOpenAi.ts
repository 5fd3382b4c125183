/**
 * A stand-in for OpenAI's Chat Completions API on 127.0.0.1, for n8n's "OpenAI Chat Model" node
 * (its credential's Base URL points here). It records every request (so a test sees the tools n8n
 * offers the model, with their JSON schemas, exactly as n8n sends them) and answers from a script:
 * each answer either calls a tool or says something. Streaming requests are answered as SSE.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeAnswer = { toolCall: { name: string; arguments: Record<string, unknown> } } | { say: string };

export interface ChatRequest {
	model: string;
	messages: Array<{ role: string; content?: unknown; tool_calls?: unknown; tool_call_id?: string }>;
	tools?: Array<{ type: string; function: { name: string; description: string; parameters: Record<string, unknown> } }>;
	stream?: boolean;
}

export class FakeOpenAi {
	readonly requests: ChatRequest[] = [];
	private answers: FakeAnswer[] = [];
	private server?: http.Server;
	url = '';

	script(...answers: FakeAnswer[]): void {
		this.answers = answers;
		this.requests.length = 0;
	}

	async start(): Promise<string> {
		this.server = http.createServer((req, res) => {
			let body = '';
			req.on('data', (chunk: Buffer) => (body += chunk.toString()));
			req.on('end', () => this.handle(req, body, res));
		});
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
		return this.url;
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	private handle(req: http.IncomingMessage, body: string, res: http.ServerResponse): void {
		if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
			res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
			return;
		}
		const request = JSON.parse(body) as ChatRequest;
		this.requests.push(request);
		const answer = this.answers.shift() ?? { say: 'The fake model has nothing more to say.' };
		const message =
			'toolCall' in answer
				? {
						role: 'assistant',
						content: null,
						tool_calls: [
							{ id: `call_${this.requests.length}`, type: 'function', function: { name: answer.toolCall.name, arguments: JSON.stringify(answer.toolCall.arguments) } },
						],
					}
				: { role: 'assistant', content: answer.say };
		const finish = 'toolCall' in answer ? 'tool_calls' : 'stop';
		const base = { id: `chatcmpl-${this.requests.length}`, created: 1700000000, model: request.model };
		const usage = { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 };
		if (!request.stream) {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message, finish_reason: finish }], usage }));
			return;
		}
		res.writeHead(200, { 'content-type': 'text/event-stream' });
		const chunk = (delta: object, finishReason: string | null) =>
			`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
		const delta =
			'toolCall' in answer
				? { role: 'assistant', content: null, tool_calls: message.tool_calls!.map((call, index) => ({ index, ...call })) }
				: { role: 'assistant', content: answer.say };
		res.write(chunk(delta, null));
		res.write(chunk({}, finish));
		res.write(`data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage })}\n\n`);
		res.end('data: [DONE]\n\n');
	}
}
