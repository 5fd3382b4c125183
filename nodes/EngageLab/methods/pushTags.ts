/**
 * The tags of an App Push or Web Push app for the tag pickers (D22): `GET /v4/tags`, one answer
 * with every tag (no paging is documented). A Web Push host without the endpoint (D24) answers a
 * bare 404: the picker says to type the tag by name instead.
 */
import type { ILoadOptionsFunctions, INodeListSearchItems } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Product } from '../products/product';
import { tagNames } from '../products/push/tagList';
import { getJson } from './lookup';

export async function pushTags(ctx: ILoadOptionsFunctions, product: Product): Promise<INodeListSearchItems[]> {
	const answer = await getJson(ctx, product, '/v4/tags').then(
		(json) => ({ json }),
		(error: unknown) => ({ error }),
	);
	if ('error' in answer) {
		const { error } = answer;
		if (error instanceof NodeApiError && error.httpCode === '404') {
			throw new NodeOperationError(ctx.getNode(), 'This host has no tag list: type the tag By Name', {
				description: 'It answered GET /v4/tags with HTTP 404 and no EngageLab code (Web Push\'s docs do not list the endpoint).',
			});
		}
		throw error;
	}
	return (tagNames(answer.json) ?? []).map((name) => ({ name, value: name }));
}
