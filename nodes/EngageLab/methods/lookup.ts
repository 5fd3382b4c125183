/**
 * How the editor's lookups (listSearch, resourceMapping) ask: a GET through engageLabRequest with
 * the product's own credential (idempotent, read-only), the node's defaults, real time.
 */
import type { IDataObject, ILoadOptionsFunctions } from 'n8n-workflow';

import { connect } from '../products/connection';
import type { Product } from '../products/product';
import { realTiming } from '../transport/clock';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_DELAY_MS, DEFAULT_TIMEOUT_MS, engageLabRequest, type RequestSettings } from '../transport/request';
import { RequestGate } from '../transport/retry';

/** Settings for the form's own lookups (template lists): the node's defaults, real time. */
async function lookupSettings(ctx: ILoadOptionsFunctions, product: Product): Promise<RequestSettings> {
	return {
		...(await connect(ctx, product)),
		timeout: DEFAULT_TIMEOUT_MS,
		maxAttempts: DEFAULT_MAX_ATTEMPTS,
		retryDelay: DEFAULT_RETRY_DELAY_MS,
		gate: new RequestGate(0, realTiming),
		timing: realTiming,
	};
}

/** The answer (its JSON) to a GET of `path`. */
export async function getJson(ctx: ILoadOptionsFunctions, product: Product, path: string): Promise<unknown> {
	const settings = await lookupSettings(ctx, product);
	const response = await engageLabRequest(ctx, settings, { method: 'GET', path, body: undefined, itemIndex: 0, idempotent: true });
	return response.result;
}

export const asList = (value: unknown): IDataObject[] => (Array.isArray(value) ? (value as IDataObject[]) : []);
