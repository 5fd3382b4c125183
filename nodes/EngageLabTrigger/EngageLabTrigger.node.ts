import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { triggerProperties, type Verification } from './description';
import type { CallbackSource } from './callbackEvents';
import { parseWithLongs } from '../EngageLab/transport/longJson';
import { canonicalJson, readBody, toEvents, type Body } from './payload';
import { recentlySeen } from './replay';
import { replayKey, verifyCallbackId, verifyCallerToken, verifyEmail, verifyToken, type EmailScheme, type Verdict } from './signature';
import { field, setupProblem } from './setup';
import { allowed, parseAllowList } from './sourceIp';

export const WEBHOOK_CREDENTIAL = 'engageLabWebhookApi';

interface Options {
	allowedIps?: string;
	emailScheme?: EmailScheme;
	maxAgeSeconds?: number;
}

interface RawRequest {
	ip?: string;
	rawBody?: { toString(encoding?: string): string };
	/** n8n's lazy body reader: for version 2 and later it leaves unknown content types unread. */
	readRawBody?: () => Promise<void>;
}

export class EngageLabTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'EngageLab Trigger',
		name: 'engageLabTrigger',
		icon: { light: 'file:engagelab.svg', dark: 'file:engagelab.dark.svg' },
		group: ['trigger'],
		// Version 2 behaves as version 1. n8n evaluates an expression for each request to a version-1
		// webhook node (an "options.binaryData" check); on n8n 2.x, with expressions run in an isolate,
		// that check costs more than everything else this trigger does (docs/callbacks.md).
		// Version 3 asks for a secret token besides the signature by default and drops repeated rows.
		version: [1, 2, 3],
		defaultVersion: 3,
		subtitle: '={{ $parameter["product"] }}',
		description: 'Starts the workflow on EngageLab callbacks: message status, inbound replies and notifications',
		defaults: { name: 'EngageLab Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: 'engageLabWebhookApi',
				required: true,
				testedBy: 'engageLabWebhookSecrets',
				displayOptions: { show: { verification: ['signatureAndToken', 'signature', 'urlToken'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				// Answer at once: EngageLab wants its 200 within 3 s, whatever the workflow does after.
				responseMode: 'onReceived',
				// An empty 200, as EngageLab's docs show. Without it n8n 2.8.4 answers the literal text
				// "firstEntryJson" (the default it falls back to when a node names no response data).
				responseData: 'noData',
				path: 'webhook',
			},
		],
		properties: triggerProperties,
	};

	methods = {
		credentialTest: {
			/** Nothing at EngageLab can check these secrets: the test says which products they are enough for. */
			async engageLabWebhookSecrets(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const data = credential.data as ICredentialDataDecryptedObject | undefined;
				const ready: string[] = [];
				if (!setupProblem('sms', 'signature', data, undefined)) ready.push('SMS, OTP, App Push and Web Push signatures');
				if (!setupProblem('email', 'signature', data, undefined)) ready.push('Email signatures');
				if (!setupProblem('whatsapp', 'urlToken', data, undefined)) ready.push('URL token');
				if (field(data, 'username') && !field(data, 'secret')) {
					return { status: 'Error', message: 'A Callback Username needs its Callback Secret (EngageLab requires both together)' };
				}
				if (field(data, 'urlToken') && field(data, 'urlToken').length < 16) {
					return { status: 'Error', message: 'The URL Token must be at least 16 characters' };
				}
				if (ready.length === 0) return { status: 'Error', message: 'Fill in the secrets of at least one product' };
				return { status: 'OK', message: `Ready to check: ${ready.join('; ')}. EngageLab offers no API to test them against.` };
			},
		},
	};

	/**
	 * EngageLab has no API to register callback URLs (they are entered in its console), so there is
	 * nothing to create or delete there: activation checks instead that the trigger can verify callbacks.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const product = this.getNodeParameter('product', 'sms') as CallbackSource;
				const verification = this.getNodeParameter('verification', 'signature') as Verification;
				const options = this.getNodeParameter('options', {}) as Options;
				const credentials: ICredentialDataDecryptedObject | undefined =
					verification === 'none' ? undefined : await this.getCredentials<ICredentialDataDecryptedObject>(WEBHOOK_CREDENTIAL);
				const problem = setupProblem(product, verification, credentials, options.allowedIps, this.getNode().typeVersion);
				if (problem) throw new NodeOperationError(this.getNode(), problem);
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const version = this.getNode().typeVersion;
		const product = this.getNodeParameter('product', 'sms') as CallbackSource;
		const verification = this.getNodeParameter('verification', version >= 3 ? 'signatureAndToken' : 'signature') as Verification;
		const wanted = this.getNodeParameter('events', []) as string[];
		const options = this.getNodeParameter('options', {}) as Options;
		const maxAgeSeconds = options.maxAgeSeconds ?? 300;
		const request = this.getRequestObject() as unknown as RawRequest;
		const headers = this.getHeaderData() as Record<string, string | string[] | undefined>;
		const header = (name: string) => {
			const value = headers[name];
			return Array.isArray(value) ? value[0] : value;
		};

		const refuse = (status: number, message: string): IWebhookResponseData => {
			this.getResponseObject().status(status).json({ message });
			return { noWebhookResponse: true };
		};

		if (options.allowedIps?.trim()) {
			const list = parseAllowList(options.allowedIps, version >= 3);
			if ('error' in list || !allowed(list, request.ip)) return refuse(403, 'This address may not call this URL');
		}

		// n8n reads and parses a version-2 webhook's body only for known content types: read it anyway,
		// so a callback sent without one is still verified and delivered, never taken for a ping.
		if (request.rawBody === undefined && typeof request.readRawBody === 'function') await request.readRawBody();
		const rawText = request.rawBody?.toString('utf8');
		const contentType = (header('content-type') ?? '').toLowerCase();
		let body: Body;
		if (contentType.startsWith('multipart/')) {
			body = { kind: 'malformed', reason: 'EngageLab sends JSON, not a multipart form' };
		} else if (contentType.startsWith('application/x-www-form-urlencoded')) {
			// curl -d, as in the consoles' examples, labels JSON as a form: n8n's form parse of it is
			// meaningless, so the text is read as the JSON it is, and a real form is refused.
			body = readBody(undefined, rawText ?? '');
		} else {
			body = readBody(this.getBodyData(), rawText);
		}
		// The consoles' connectivity check: an empty body (or Push's echostr). Answered, starts nothing.
		if (body.kind === 'ping') {
			if (body.echo === undefined) return { webhookResponse: '' };
			// Written here, not left to n8n: n8n sends a string as text/html, and the echo is the caller's text.
			const response = this.getResponseObject();
			response.status(200);
			response.setHeader('Content-Type', 'text/plain; charset=utf-8');
			response.setHeader('X-Content-Type-Options', 'nosniff');
			response.end(body.echo);
			return { noWebhookResponse: true };
		}

		const nowMs = Date.now();
		const signed = verification === 'signatureAndToken' || verification === 'signature';
		let verdict: Verdict = { ok: true };
		if (verification !== 'none') {
			const credentials = await this.getCredentials(WEBHOOK_CREDENTIAL);
			const problem = setupProblem(product, verification, credentials, undefined, version);
			if (problem) return refuse(500, `The EngageLab Trigger is not set up: ${problem}`);
			const query = this.getQueryData() as IDataObject;
			const queryToken = typeof query.token === 'string' ? query.token : undefined;
			if (verification === 'urlToken' && version < 3) {
				verdict = verifyToken(queryToken, field(credentials, 'urlToken'));
			} else if (verification === 'urlToken' || verification === 'signatureAndToken') {
				verdict = verifyCallerToken(queryToken, header('authorization'), field(credentials, 'urlToken'));
			}
			if (verdict.ok && signed && product === 'email') {
				verdict = verifyEmail({
					timestamp: header('x-webhook-timestamp'),
					appKeyHeader: header('x-webhook-appkey'),
					signature: header('x-webhook-signature'),
					appKey: field(credentials, 'emailSecret'),
					scheme: options.emailScheme ?? 'either',
					nowMs,
					maxAgeSeconds,
					// Versions 1 and 2: two events of one second share a signature, so the body (in one
					// canonical form, so a reformatted copy is no new callback) tells them apart.
					bodyKey: version < 3 && body.kind === 'events' ? canonicalJson(exactRows(body, rawText)) : undefined,
				});
				// Version 3 with the token: one signature may carry several genuine events of its second,
				// so it is not refused a second time; the rows' memory below drops repeats instead.
				if (verdict.ok && version >= 3 && verification === 'signatureAndToken') verdict = { ok: true, timestamp: verdict.timestamp };
			} else if (verdict.ok && signed) {
				verdict = verifyCallbackId({
					header: header('x-callback-id'),
					username: field(credentials, 'username'),
					secret: field(credentials, 'secret'),
					nowMs,
					maxAgeSeconds,
				});
			}
		}
		if (!verdict.ok) return refuse(401, verdict.reason);
		if (body.kind === 'malformed') return refuse(400, `Malformed callback: ${body.reason}`);

		const trigger = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
		if (verdict.replayKey !== undefined && verdict.timestamp !== undefined && maxAgeSeconds > 0) {
			const expiresAtMs = (verdict.timestamp + maxAgeSeconds + 1) * 1000;
			if (recentlySeen.seenOrRemember(`signature:${trigger}`, verdict.replayKey, nowMs, expiresAtMs)) {
				return refuse(401, 'This callback was already received (replay)');
			}
		}

		let rows = body.rows.map((row, index) => ({ row, index }));
		let repeats = 0;
		if (version >= 3 && maxAgeSeconds > 0) {
			// EngageLab sends a row again (re-signed) when the answer took over 3 s: the same row
			// within the window is the same event, whatever its formatting or signature.
			const exact = exactRows(body, rawText);
			const expiresAtMs = nowMs + maxAgeSeconds * 1000;
			rows = rows.filter(({ index }) => !recentlySeen.seenOrRemember(`row:${trigger}`, replayKey(`${product}:${canonicalJson(exact[index])}`), nowMs, expiresAtMs));
			repeats = body.rows.length - rows.length;
		}

		const events = toEvents(product, rows.map(({ row }) => row), wanted, rows.map(({ index }) => index), body.rows.length);
		// Every event filtered out or a repeat: answered, starts nothing.
		if (events.length === 0) return { webhookResponse: '' };
		// A message ID sent as a JSON number past 2^53 was rounded by n8n's parse: read again from the raw text.
		if (events.some((event) => typeof event.payload.message_id === 'number' && !Number.isSafeInteger(event.payload.message_id))) {
			const exact = exactRows(body, rawText) as Array<Record<string, unknown>>;
			for (const event of events) {
				const id = exact[event.batchIndex]?.message_id;
				if (typeof id === 'string' || typeof id === 'number') event.messageId = String(id);
			}
		}
		const items = version >= 3 ? events.map((event) => ({ ...event, repeatsDropped: repeats })) : events;
		return { workflowData: [this.helpers.returnJsonArray(items as unknown as IDataObject[])] };
	}
}

/**
 * The rows again, parsed from the raw text with long integers kept exact, so keys made from them
 * never mistake two 19-digit IDs for one. n8n's own parse when there is no raw text.
 */
function exactRows(body: Extract<Body, { kind: 'events' }>, rawText: string | undefined): unknown[] {
	if (rawText === undefined) return body.rows;
	try {
		const exact = readBody(undefined, rawText, parseWithLongs);
		if (exact.kind === 'events' && exact.rows.length === body.rows.length) return exact.rows;
	} catch {
		// The raw text was read as it was parsed above; an error here leaves n8n's parse.
	}
	return body.rows;
}
