/**
 * A stand-in for n8n's webhook server, in process: an HTTP server on 127.0.0.1 that hands each
 * POST to the EngageLab Trigger through n8n-core's real WebhookContext (credentials, static data,
 * request and response objects), answers the way n8n does for responseMode "onReceived", and
 * records the items of every execution the trigger would start.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { WebhookContext } from 'n8n-core';
import type { IDataObject, INode, IWebhookData } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { EngageLabWebhookApi } from '../../../credentials/EngageLabWebhookApi.credentials';
import { EngageLabTrigger } from '../../../nodes/EngageLabTrigger/EngageLabTrigger.node';
import { TestCredentialsHelper, TestCredentialTypes } from './credentialsHelper';
import { TestNodeTypes } from './nodeTypes';
import { createAdditionalData } from './runWorkflow';
import { setupN8nRuntime } from './runtime';

const TRIGGER_TYPE = 'n8n-nodes-engagelab.engageLabTrigger';

export class TriggerHost {
	readonly trigger = new EngageLabTrigger();
	readonly credentialsHelper = new TestCredentialsHelper(new TestCredentialTypes([new EngageLabWebhookApi()]));
	readonly nodeTypes = new TestNodeTypes({ [TRIGGER_TYPE]: this.trigger });
	/** Items of each execution started, in order. */
	readonly executions: IDataObject[][] = [];
	/** The workflow's static data, kept across requests as n8n keeps it in its database. */
	staticData: IDataObject = {};
	/** The address the next requests appear to come from (n8n's req.ip). */
	clientIp = '127.0.0.1';
	/** The trigger's node version in the workflow (n8n reads bodies differently from version 2 on). */
	typeVersion = 2;
	private server?: http.Server;
	url = '';

	constructor(public parameters: Record<string, unknown>, credentials: Record<string, unknown> = {}) {
		setupN8nRuntime();
		this.credentialsHelper.setCredentials({ engageLabWebhookApi: credentials as never });
	}

	node(): INode {
		return {
			id: 'trigger',
			name: 'EngageLab Trigger',
			type: TRIGGER_TYPE,
			typeVersion: this.typeVersion,
			position: [0, 0],
			webhookId: 'engagelab-test',
			parameters: this.parameters as INode["parameters"],
			credentials: { engageLabWebhookApi: { id: 'cred1', name: 'EngageLab callbacks' } },
		};
	}

	async start(): Promise<string> {
		this.server = http.createServer((req, res) => void this.handle(req, res));
		await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook/engagelab-test/webhook`;
		return this.url;
	}

	async stop(): Promise<void> {
		await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
	}

	private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const received = Buffer.concat(chunks);
		// As n8n: version 1 reads every body; version 2 and later only known content types, and
		// leaves the rest to n8n's lazy reader (readRawBody).
		const contentType = req.headers['content-type'] ?? '';
		const known = ['application/json', 'text/plain', 'application/x-www-form-urlencoded'].some((t) => contentType.startsWith(t));
		let rawBody: Buffer | undefined = this.typeVersion === 1 || known ? received : undefined;
		// JSON bodies parsed; one that does not parse is left to the node as raw text. Form bodies
		// parsed as a query string, as n8n's body parser does.
		let body: unknown = {};
		if (rawBody && contentType.includes('json') && rawBody.length > 0) {
			try {
				body = JSON.parse(rawBody.toString('utf8'));
			} catch {
				body = {};
			}
		} else if (rawBody && contentType.startsWith('application/x-www-form-urlencoded') && rawBody.length > 0) {
			body = Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
		}
		const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams);
		const readRawBody = async () => {
			rawBody = received;
			request.rawBody = received;
		};
		const request = Object.assign(req, { body, rawBody, readRawBody, query, params: {}, ip: this.clientIp });
		const response = Object.assign(res, {
			status(code: number) {
				res.statusCode = code;
				return response;
			},
			json(data: unknown) {
				res.setHeader('content-type', 'application/json');
				res.end(JSON.stringify(data));
				return response;
			},
		});

		const node = this.node();
		const workflow = new Workflow({ id: 'wf1', nodes: [node], connections: {}, active: true, nodeTypes: this.nodeTypes, staticData: this.staticData });
		const additionalData = { ...createAdditionalData(this.credentialsHelper, undefined, 'exec'), httpRequest: request, httpResponse: response } as never;
		const webhookData = { httpMethod: 'POST', node: node.name, path: 'webhook', webhookDescription: this.trigger.description.webhooks![0], workflowId: 'wf1' } as unknown as IWebhookData;
		try {
			const context = new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null);
			const result = await this.trigger.webhook.call(context);
			// n8n saves the static data after each webhook call; this host keeps the object.
			this.staticData = workflow.staticData as IDataObject;
			if (result.noWebhookResponse) return;
			if (result.workflowData) this.executions.push(result.workflowData[0].map((item) => item.json));
			res.statusCode = 200;
			if (!result.workflowData) {
				res.end(result.webhookResponse !== undefined ? String(result.webhookResponse) : JSON.stringify({ message: 'Webhook call received' }));
				return;
			}
			// As n8n 2.8.4 answers an execution started "onReceived": the description's responseData,
			// falling back to the literal default "firstEntryJson"; "noData" is an empty body.
			const responseData = this.trigger.description.webhooks![0].responseData ?? 'firstEntryJson';
			res.end(responseData === 'noData' ? '' : String(responseData));
		} catch (error) {
			res.statusCode = 500;
			res.end(JSON.stringify({ message: (error as Error).message }));
		}
	}
}
