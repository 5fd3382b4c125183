/**
 * What the device, tag and alias operations of App Push and Web Push share (decisions D20–D24):
 * names checked and encoded for a path, optional platforms, and one call per item that reads a
 * repeated delete's "not found" as done and a Web Push host's bare 404 as "not available here".
 * Every one of these calls is idempotent (set semantics, or a delete): retried freely.
 */
import type { IDataObject, IDisplayOptions, INode, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { PushProduct } from '../../products/push/hosts';
import { APP_PLATFORMS, PUSH_LIMITS, TAG_ALIAS_PATTERN, utf8Bytes } from '../../products/push/limits';
import { NO_DATA } from '../../products/push/answer';
import type { EngageLabResponse, RequestCall } from '../../transport/request';
import { type Built, problem, text } from './shared/built';

/** A tag or an alias (D20): 1–40 UTF-8 bytes of letters, digits, `_` and `@!#$&*+=.|`. */
export function tagOrAlias(value: unknown, field: string): Built<string> {
	const name = text(value);
	if (name === '') return problem(`${field} is empty`, `Give the ${field.toLowerCase()} to use.`);
	if (utf8Bytes(name) > PUSH_LIMITS.tagBytes) {
		return problem(`${field} "${name}" is longer than ${PUSH_LIMITS.tagBytes} bytes`, 'EngageLab tags and aliases are at most 40 bytes (UTF-8).');
	}
	if (!TAG_ALIAS_PATTERN.test(name)) {
		return problem(`${field} "${name}" has characters EngageLab does not allow`, 'Tags and aliases hold letters, digits, _ and @!#$&*+=.| only.');
	}
	return { ok: name };
}

/** A registration ID: any non-empty text (its format is not documented); encoded in the path. */
export function registrationId(value: unknown, field = 'Registration ID'): Built<string> {
	const id = text(value);
	return id === '' ? problem(`${field} is empty`, 'Give the registration ID the app\'s SDK reported for the device.') : { ok: id };
}

/** The optional platform filter of a tag or alias call: App Push only (a Web Push app has one platform). */
export function platformField(product: PushProduct, show: IDisplayOptions['show'], description: string): INodeProperties[] {
	if (product === 'webPush') return [];
	return [
		{
			displayName: 'Platforms',
			name: 'platforms',
			type: 'multiOptions',
			options: [
				{ name: 'Android', value: 'android', description: 'Devices of the Android app' },
				{ name: 'HarmonyOS', value: 'hmos', description: 'Devices of the HarmonyOS app' },
				{ name: 'iOS', value: 'ios', description: 'Devices of the iOS app' },
			],
			default: [],
			description,
			displayOptions: { show },
		},
	];
}

/** `?platform=android,ios` (comma-joined, as EngageLab's SDKs send it), or nothing for every platform. */
export function platformQuery(value: unknown): Built<string> {
	const list = (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : []).map(text).filter((p) => p !== '');
	const unknown = list.find((p) => !(APP_PLATFORMS as readonly string[]).includes(p));
	if (unknown !== undefined) return problem(`Platform "${unknown}" is not one of ${APP_PLATFORMS.join(', ')}`);
	return { ok: list.length === 0 ? '' : `?platform=${[...new Set(list)].join(',')}` };
}

/** The code n8n's error panel shows: EngageLab's own code, else the HTTP status (transport/request.ts). */
function panelCode(error: unknown): string | undefined {
	return error instanceof NodeApiError && error.httpCode !== null ? error.httpCode : undefined;
}

export interface PathCall {
	node: INode;
	product: PushProduct;
	itemIndex: number;
	method: 'GET' | 'POST' | 'DELETE';
	path: string;
	body?: unknown;
	/** The operation as the user sees it, for the Web Push "not available" error. */
	operation: string;
	/** Not in the Web Push docs (D24): a bare 404 from a Web Push host means the endpoint is not there. */
	appOnly?: boolean;
	/** A delete: a repeat answered 21003 or 404 found it already gone, so the earlier attempt did it (D19, D22, D23). */
	doneOnRepeat?: boolean;
	/** This call repeats one the operation already sent (its own retry of a code the transport does not retry). */
	repeatOf?: boolean;
}

export type Sender = (call: RequestCall) => Promise<EngageLabResponse>;

/** EngageLab's answer, or `'doneEarlier'` when a repeated delete found nothing left to delete. */
export async function sendPathCall(send: Sender, spec: PathCall): Promise<EngageLabResponse | 'doneEarlier'> {
	let repeated = spec.repeatOf === true;
	const call: RequestCall = {
		method: spec.method,
		path: spec.path,
		body: spec.body,
		itemIndex: spec.itemIndex,
		idempotent: true,
		onRepeat: () => {
			repeated = true;
		},
	};
	const settled = await settle(send(call));
	if ('ok' in settled) return settled.ok;
	const code = panelCode(settled.error);
	if (spec.appOnly && spec.product === 'webPush' && code === '404') {
		throw new NodeOperationError(spec.node, `Web Push → ${spec.operation} is not available on this host`, {
			itemIndex: spec.itemIndex,
			description: `The Web Push host answered ${spec.method} ${spec.path.split('?')[0]} with HTTP 404 and no EngageLab code: Web Push's docs do not list this endpoint (App Push has it). Nothing was changed.`,
		});
	}
	if (spec.doneOnRepeat && repeated && (code === '21003' || code === '404')) return 'doneEarlier';
	throw settled.error;
}

/** The answer's JSON object, or an error for an answer without data (D6: only void mutations take one). */
export function dataOf(spec: Pick<PathCall, 'node' | 'itemIndex' | 'path'>, response: EngageLabResponse): IDataObject {
	const result = response.result;
	if ((response as unknown as IDataObject)[NO_DATA] === true || typeof result !== 'object' || result === null || Array.isArray(result)) {
		throw new NodeOperationError(spec.node, 'EngageLab answered with text, not JSON: check the host', {
			itemIndex: spec.itemIndex,
			description: `${spec.path.split('?')[0]} answered without the data it returns. Check the credential's data center or Custom URL.`,
		});
	}
	return result as IDataObject;
}

/** A promise's value or its rejection, as a value (a rejection is rethrown as it came: transport made it a node error). */
export async function settle<T>(promise: Promise<T>): Promise<{ ok: T } | { error: unknown }> {
	return await promise.then(
		(ok) => ({ ok }),
		(error: unknown) => ({ error }),
	);
}

/** What a delete outputs when its repeat found the thing already gone. */
export const DONE_EARLIER_NOTE = 'Deleted by an earlier attempt of this run: the repeat found nothing left to delete.';
