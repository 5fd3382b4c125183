/**
 * A messaging product's Connection for the transport (engageLabRequest): its credential type,
 * base URL, redactor and answer reader. Only that product's credential is read, so a user with
 * only an SMS key never needs the MA credential (and vice versa).
 */
import type { IExecuteFunctions, ILoadOptionsFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { redactorFor } from '../transport/redact';
import { RequestGate } from '../transport/retry';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_DELAY_MS, DEFAULT_TIMEOUT_MS, readCredential, type Connection, type RequestSettings } from '../transport/request';
import { realTiming } from '../transport/clock';
import { messagingAnswerReader } from './answer';
import { messagingBaseUrl } from './baseUrl';
import type { MessagingProduct } from './products';

export async function messagingConnection(ctx: IExecuteFunctions | ILoadOptionsFunctions, product: MessagingProduct): Promise<Connection> {
	const { data: credentials, credential } = await readCredential(ctx, product.credentialType);
	const baseUrl = messagingBaseUrl(product, credentials);
	if (!baseUrl.ok) {
		throw new NodeOperationError(ctx.getNode(), `The ${product.title} credential has no valid Base URL`, { description: baseUrl.problem });
	}
	return {
		baseUrl: baseUrl.url,
		redact: redactorFor(credentials[product.userField], credentials[product.passwordField]),
		credentialType: product.credentialType,
		interpret: messagingAnswerReader(product),
		credential,
	};
}

/** Settings for the form's own lookups (template lists): the node's defaults, real time. */
export async function lookupSettings(ctx: ILoadOptionsFunctions, product: MessagingProduct): Promise<RequestSettings> {
	return {
		...(await messagingConnection(ctx, product)),
		timeout: DEFAULT_TIMEOUT_MS,
		maxAttempts: DEFAULT_MAX_ATTEMPTS,
		retryDelay: DEFAULT_RETRY_DELAY_MS,
		gate: new RequestGate(0, realTiming),
		timing: realTiming,
	};
}
