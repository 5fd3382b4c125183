/**
 * Email → Get Complaints (`GET /v1/complaints`, docs/messaging/read-api.md §2.4): the addresses
 * that reported mail as spam (EngageLab blocks sends to them), one output item per address.
 * The page documents no API_USER filter, so none is sent.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Work } from '../../execution/work';
import type { Operation, WorkContext } from '../types';
import { listJob, withStringIds } from '../shared/listPages';
import { keyPart, readSuppressionQuery, suppressionFields } from './suppressionRead';

const show = { resource: ['email'], operation: ['getComplaints'] };

const description: INodeProperties[] = suppressionFields(show, 'complained about (reported as spam)');

function* work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Generator<Work> {
	const node = ctx.getNode();
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const { query, returnAll, limit } = readSuppressionQuery(ctx, itemIndex);
			yield listJob({ node, itemIndex, path: '/v1/complaints', query, returnAll, limit, key: (r) => keyPart(r, 'email'), toOutput: withStringIds });
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

/** email:getComplaints as its resource lists it: the fields above and the work of a run. */
export const getComplaints: Operation = { description, work };
