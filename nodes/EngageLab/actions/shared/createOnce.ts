/**
 * A create that is not idempotent and has no dedup key (an Email address list, a Push schedule):
 * sent once through the run's send ledger (n8n's Retry On Fail gets the first POST's answer, or
 * its failure, instead of a second POST), never repeated after an ambiguous failure: `recover`
 * then finds out from a read whether it was created, and gives the item's output or its error.
 */
import type { IDataObject } from 'n8n-workflow';

import type { RunLedger } from '../../execution/sendLedger';
import type { EngageLabResponse, RequestCall } from '../../transport/request';
import { mayHaveBeenApplied } from '../../transport/unsure';

/** EngageLab's answer, or what `recover` made of an ambiguous failure. */
export type Created = { response: EngageLabResponse } | { recovered: IDataObject };

export async function createOnce(
	ledger: RunLedger | undefined,
	send: (call: RequestCall) => Promise<EngageLabResponse>,
	call: RequestCall,
	recover: (cause: Error) => Promise<IDataObject>,
): Promise<Created> {
	const post = async () => await send(call);
	const settled = await (ledger ? ledger.send(call, post) : post()).then(
		(response) => ({ response }),
		(error: unknown) => ({ error }),
	);
	if (!('error' in settled)) return settled;
	if (settled.error instanceof Error && mayHaveBeenApplied.has(settled.error)) return { recovered: await recover(settled.error) };
	throw settled.error;
}
