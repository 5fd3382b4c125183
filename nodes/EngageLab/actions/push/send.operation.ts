/**
 * App Push → Send and Web Push → Send (`POST /v4/push`, or `/v4/push/validate` with Validate
 * Only; docs/push/guide.md, decisions D8, D10–D14): one push per item. Every push carries a cid
 * unless Duplicate Protection is off, so a repeat within EngageLab's hour is deduped: with a cid
 * the call is safe to repeat after an ambiguous failure, without one it is never repeated.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Job, Work } from '../../execution/work';
import type { PushProduct } from '../../products/push/hosts';
import { NO_DATA } from '../../products/push/answer';
import type { EngageLabResponse } from '../../transport/request';
import type { Operation, WorkContext } from '../types';
import { buildContent } from './pushContent';
import { builtOrRefuse, cidSeed, refuseRepeatedCid } from './pushItem';
import { buildAudience, type AudienceParams } from './shared/audience';
import type { JsonObject } from './shared/built';
import { CidOwners, stableCid, userCid } from './shared/cid';
import { answeredId } from './shared/ids';
import { buildPushBody, forValidation } from './shared/pushBody';
import { sendFields } from './sendFields';

const NOT_REPEATED =
	'Duplicate Protection is off, so this push carried no cid: EngageLab may have sent it before the answer was lost, and a second request could push it twice, so the node did not send it again. Check the push history in the EngageLab console before running this item again.';

const REPEATED_CID = (earlier: number) => `EngageLab would answer with item ${earlier}'s message ID and send nothing, so this item was not sent.`;

interface Built {
	body: JsonObject;
	cid?: string;
	validate: boolean;
}

/** One item's push body as Send builds it (Schedules reuse it for their `push`). */
export function buildItem(ctx: IExecuteFunctions, product: PushProduct, itemIndex: number): Built {
	const get = <T>(name: string, fallback: T): T => ctx.getNodeParameter(name, itemIndex, fallback) as T;
	const refuse = <T>(built: Parameters<typeof builtOrRefuse<T>>[1]) => builtOrRefuse(ctx, built, itemIndex);
	const options = get<IDataObject>('pushOptions', {});
	const to = refuse(buildAudience(product, { audience: get('audience', 'custom'), ...get<IDataObject>('audienceFilters', {}) } as AudienceParams));
	const { platform, notification, message, pushOptions, customArgs } = buildContent(ctx, product, itemIndex);
	const validate = get('validateOnly', false);
	let cid: string | undefined;
	if (options.duplicateProtection !== false) {
		const own = typeof options.cid === 'string' ? options.cid.trim() : '';
		cid = own !== '' ? refuse(userCid(own)) : stableCid(cidSeed(ctx, itemIndex));
	}
	const requestId = typeof options.requestId === 'string' ? options.requestId.trim() : '';
	const body = refuse(buildPushBody(product, { to, platform, notification, message, options: pushOptions, cid, customArgs, requestId: requestId || undefined }));
	return validate ? { body: forValidation(body), validate } : { body, cid, validate };
}

function job(ctx: IExecuteFunctions, itemIndex: number, built: Built): Job {
	const output = (response: EngageLabResponse): IDataObject | Error => {
		const result = (response.result ?? {}) as IDataObject;
		if (built.validate) {
			const { msg_id: validateMsgId, ...rest } = result;
			const id = answeredId(validateMsgId);
			return { validateOnly: true, valid: true, ...rest, ...(id !== undefined && { validateMsgId: id }) };
		}
		const msgId = answeredId(result.msg_id);
		if (response[NO_DATA] === true || msgId === undefined) {
			return new NodeOperationError(ctx.getNode(), 'EngageLab answered the push without a message ID', {
				itemIndex,
				description: `The push may have been sent. ${built.cid ? `Sending it again within the hour with cid ${built.cid} is safe.` : 'Check the push history in the EngageLab console.'}`,
			});
		}
		return { ...result, msg_id: msgId, ...(built.cid !== undefined && { cid: built.cid }) };
	};
	const path = built.validate ? '/v4/push/validate' : '/v4/push';
	// With a cid (or for Validate, which sends nothing) a repeat cannot push twice (D8, D14).
	const call =
		built.validate || built.cid !== undefined
			? { path, body: built.body, itemIndex, idempotent: true as const }
			: { path, body: built.body, itemIndex, idempotent: false as const, notRepeatedBecause: NOT_REPEATED };
	return { items: [itemIndex], call, toResults: (response) => [output(response)] };
}

function* work(ctx: IExecuteFunctions, product: PushProduct, { itemCount }: WorkContext): Generator<Work> {
	const cidOwners = new CidOwners();
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const built = buildItem(ctx, product, itemIndex);
			if (built.cid !== undefined && !built.validate) refuseRepeatedCid(ctx, cidOwners, built.cid, itemIndex, REPEATED_CID);
			yield job(ctx, itemIndex, built);
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

/** Send for one push product, shown under `resource`. */
export function pushSend(product: PushProduct, resource: string): Operation {
	return {
		description: sendFields(product, { resource: [resource], operation: ['send'] }),
		work: (ctx, run) => work(ctx, product, run),
		sends: 'cid',
	};
}
