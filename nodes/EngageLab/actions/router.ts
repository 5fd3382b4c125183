/** Which work each resource/operation turns the input items into. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { RequestSettings } from '../transport/request';
import type { Work } from '../execution/runner';
import { reportWork } from './event/report';
import { getEuidWork } from './user/getEuid';
import { resolveUsers } from './user/identifyBy';
import { setContactWork } from './user/setContact';
import { setPropertiesWork } from './user/setProperties';

export interface WorkContext {
	settings: RequestSettings;
	concurrency: number;
	continueOnFail: boolean;
	itemCount: number;
}

export async function workFor(
	ctx: IExecuteFunctions,
	resource: string,
	operation: string,
	{ settings, concurrency, continueOnFail, itemCount }: WorkContext,
): Promise<Iterator<Work>> {
	const op = `${resource}:${operation}`;
	if (op === 'user:setContact') {
		const identify = await resolveUsers(ctx, settings, concurrency, itemCount);
		return setContactWork(ctx, itemCount, identify);
	}
	if (op === 'user:getEuid') return getEuidWork(ctx, itemCount, continueOnFail);
	if (op === 'user:setProperties') return setPropertiesWork(ctx, itemCount);
	if (op === 'event:report') return reportWork(ctx, itemCount, continueOnFail);
	throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
}
