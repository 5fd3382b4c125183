/**
 * The whole `/v4/push` body from the built parts (docs/push/decisions.md D11, D13, D14): exactly
 * one of notification and message, the size limits checked as EngageLab counts them (UTF-8
 * JSON), and the cid left out for Validate Only.
 */
import { PUSH_LIMITS, utf8Bytes } from '../../../products/push/limits';
import type { PushProduct } from '../../../products/push/hosts';
import type { PushAudience } from './audience';
import { type Built, type JsonObject, problem } from './built';
import type { PushPlatform } from './notification';

export interface PushBodyParts {
	to: PushAudience;
	platform: PushPlatform;
	notification?: JsonObject;
	message?: JsonObject;
	options?: JsonObject;
	/** Undefined when Duplicate Protection is off or for Validate Only. */
	cid?: string;
	customArgs?: Record<string, string>;
	requestId?: string;
}

/** The bytes EngageLab counts for a content block: its JSON in UTF-8 (no long ids live in content). */
function contentBytes(value: unknown): number {
	return utf8Bytes(JSON.stringify(value) ?? '');
}

export function checkContentSize(product: PushProduct, notification?: JsonObject, message?: JsonObject): Built<true> {
	if (notification && message) {
		return problem('Send a notification or a custom message, not both', 'EngageLab refuses the two together (21306).');
	}
	if (!notification && !message) return problem('Nothing to send', 'Set a notification or a custom message.');
	const total = (notification ? contentBytes(notification) : 0) + (message ? contentBytes(message) : 0);
	if (total > PUSH_LIMITS.contentBytes) {
		return problem(
			`The ${notification ? 'notification' : 'message'} is ${total} bytes, more than EngageLab's ${PUSH_LIMITS.contentBytes}`,
			'Shorten the text or the extras (EngageLab answers 21005 otherwise).',
		);
	}
	if (product === 'webPush' && notification && total > PUSH_LIMITS.webNotificationBytes) {
		return problem(
			`The Web Push notification is ${total} bytes, more than EngageLab's ${PUSH_LIMITS.webNotificationBytes}`,
			'Shorten the text, URLs or extras.',
		);
	}
	return { ok: true };
}

export function buildPushBody(product: PushProduct, parts: PushBodyParts): Built<JsonObject> {
	const size = checkContentSize(product, parts.notification, parts.message);
	if ('problem' in size) return size;
	const body: JsonObject = { platform: parts.platform };
	if (parts.notification) body.notification = parts.notification;
	if (parts.message) body.message = parts.message;
	const options: JsonObject = { ...(parts.options ?? {}) };
	if (parts.cid !== undefined) options.cid = parts.cid;
	if (Object.keys(options).length > 0) body.options = options;
	const out: JsonObject = { to: parts.to, body };
	if (parts.requestId) out.request_id = parts.requestId;
	if (parts.customArgs) out.custom_args = parts.customArgs;
	return { ok: out };
}

/** Validate Only sends the same body without a cid: validation might register it (D14, N3). */
export function forValidation(pushBody: JsonObject): JsonObject {
	const body = { ...(pushBody.body as JsonObject) };
	if (body.options) {
		const options = { ...(body.options as JsonObject) };
		delete options.cid;
		if (Object.keys(options).length > 0) body.options = options;
		else delete body.options;
	}
	return { ...pushBody, body };
}
