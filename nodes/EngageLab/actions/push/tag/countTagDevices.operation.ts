/**
 * App Push / Web Push → Count Tag Devices (`GET /v4/tags_count?tags=a&tags=b&platform=p`, D22):
 * how many devices of one platform have each tag, one output item per tag. Up to 1000 tags per
 * request, `tags=` repeated (EngageLab's SDKs since 0.1.1). A chunk of several tags refused with
 * 21003 or 21016 is asked once more in the older comma-joined form (`tags=a,b`); the form that
 * worked is kept for the rest of the run. A read: retried freely.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Work } from '../../../execution/work';
import type { PushProduct } from '../../../products/push/hosts';
import { APP_PLATFORMS, PUSH_LIMITS } from '../../../products/push/limits';
import type { Operation } from '../../types';
import { dataOf, type PathCall, type Sender, sendPathCall, settle, tagOrAlias } from '../pathCall';
import { builtOrRefuse } from '../pushItem';
import { type Built, listOf, problem, text } from '../shared/built';
import { tagLocator } from './tagField';

/** Codes that may mean "this host reads tags=a,b, not repeated tags=" (D22). */
const FORM_REFUSED = ['21003', '21016'];

function tagCountQuery(tags: string[], platform: string, commaForm: boolean): string {
	const list = commaForm ? `tags=${tags.map(encodeURIComponent).join(',')}` : tags.map((t) => `tags=${encodeURIComponent(t)}`).join('&');
	return `${list}&platform=${platform}`;
}

function tagsOf(value: unknown): Built<string[]> {
	const out: string[] = [];
	for (const entry of listOf(value)) {
		const name = tagOrAlias(entry, 'Tag');
		if ('problem' in name) return name;
		out.push(name.ok);
	}
	return out.length === 0 ? problem('No tag to count', 'Pick a tag, or type one or more separated by commas.') : { ok: out };
}

function platformOf(product: PushProduct, value: unknown): Built<string> {
	if (product === 'webPush') return { ok: 'web' };
	const platform = text(value);
	return (APP_PLATFORMS as readonly string[]).includes(platform) ? { ok: platform } : problem(`Platform "${platform}" is not one of ${APP_PLATFORMS.join(', ')}`);
}

function* work(ctx: IExecuteFunctions, product: PushProduct, itemCount: number): Generator<Work> {
	// The query form this host takes, once a chunk has shown it (shared by the run's items).
	const form = { comma: false };
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const tags = builtOrRefuse(ctx, tagsOf(ctx.getNodeParameter('tags', itemIndex, '', { extractValue: true })), itemIndex);
			const platform = builtOrRefuse(ctx, platformOf(product, product === 'appPush' ? ctx.getNodeParameter('platform', itemIndex, 'android') : 'web'), itemIndex);
			yield {
				items: [itemIndex],
				list: async (send) => {
					const out: IDataObject[] = [];
					for (let k = 0; k < tags.length; k += PUSH_LIMITS.tagCountTags) {
						const chunk = tags.slice(k, k + PUSH_LIMITS.tagCountTags);
						const counts = await countChunk(send, { node: ctx.getNode(), product, itemIndex, method: 'GET', path: '', operation: 'Count Tag Devices' }, chunk, platform, form);
						for (const tag of chunk) out.push({ tag, platform, count: counts[tag] ?? 0 });
					}
					return out;
				},
			};
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

async function countChunk(send: Sender, base: PathCall, chunk: string[], platform: string, form: { comma: boolean }): Promise<Record<string, number>> {
	const ask = async (comma: boolean) => {
		const spec = { ...base, path: `/v4/tags_count?${tagCountQuery(chunk, platform, comma)}` };
		const answer = await sendPathCall(send, spec);
		const counts = dataOf(spec, answer as Exclude<typeof answer, 'doneEarlier'>).tagsCount;
		return (typeof counts === 'object' && counts !== null && !Array.isArray(counts) ? counts : {}) as Record<string, number>;
	};
	const first = await settle(ask(form.comma));
	if ('ok' in first) return first.ok;
	const code = first.error instanceof NodeApiError ? first.error.httpCode : undefined;
	if (form.comma || chunk.length < 2 || code === null || code === undefined || !FORM_REFUSED.includes(code)) throw first.error;
	// The older form refused too: the documented form's error is the one to show.
	const older = await settle(ask(true));
	if (!('ok' in older)) throw first.error;
	form.comma = true;
	return older.ok;
}

export function pushCountTagDevices(product: PushProduct, resource: string): Operation {
	const show = { resource: [resource], operation: ['countTagDevices'] };
	const description: INodeProperties[] = [
		tagLocator(
			product,
			{ displayName: 'Tags', name: 'tags', required: true, several: true, description: 'The tag to count; By Name (or an expression) takes several separated by commas' },
			show,
		),
	];
	if (product === 'appPush') {
		description.push({
			displayName: 'Platform',
			name: 'platform',
			type: 'options',
			options: [
				{ name: 'Android', value: 'android', description: 'Devices of the Android app' },
				{ name: 'HarmonyOS', value: 'hmos', description: 'Devices of the HarmonyOS app' },
				{ name: 'iOS', value: 'ios', description: 'Devices of the iOS app' },
			],
			default: 'android',
			description: 'EngageLab counts one platform per request',
			displayOptions: { show },
		});
	}
	return { description, work: (ctx, { itemCount }) => work(ctx, product, itemCount) };
}
