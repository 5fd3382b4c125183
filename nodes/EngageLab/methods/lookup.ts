/** What the editor's lookups (listSearch, resourceMapping) send with: the product's connection, the node's defaults, real time. */
import type { ILoadOptionsFunctions } from 'n8n-workflow';

import { connect } from '../products/connection';
import type { Product } from '../products/product';
import { realTiming } from '../transport/clock';
import { DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_DELAY_MS, DEFAULT_TIMEOUT_MS, type RequestSettings } from '../transport/request';
import { RequestGate } from '../transport/retry';

/** Settings for the form's own lookups (template lists): the node's defaults, real time. */
export async function lookupSettings(ctx: ILoadOptionsFunctions, product: Product): Promise<RequestSettings> {
	return {
		...(await connect(ctx, product)),
		timeout: DEFAULT_TIMEOUT_MS,
		maxAttempts: DEFAULT_MAX_ATTEMPTS,
		retryDelay: DEFAULT_RETRY_DELAY_MS,
		gate: new RequestGate(0, realTiming),
		timing: realTiming,
	};
}
