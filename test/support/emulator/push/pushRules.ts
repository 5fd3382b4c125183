/**
 * What the push emulator refuses, from the fact sheet (../shared/engagelab-push-api.md §4–§9) and
 * docs/push/decisions.md where the sources are silent. Each rule answers EngageLab's code and
 * the HTTP status its error table gives it.
 */
import { integer, isObject, type Json, type JsonObject } from './pushJson';

export type Product = 'appPush' | 'webPush';

export interface PushError {
	code: number;
	status: number;
	message: string;
}

export const err = (code: number, status: number, message: string): PushError => ({ code, status, message });

const missing = (what: string) => err(21002, 400, `Required parameter missing: ${what}`);
const invalid = (what: string) => err(21003, 400, `Parameter value is invalid: ${what}`);
const unexpected = (what: string) => err(21015, 400, `Validation failed: unexpected parameter ${what}`);
const wrongType = (what: string) => err(21016, 400, `Validation failed: wrong type or length of ${what}`);

const APP_PLATFORMS = ['android', 'ios', 'hmos'];
const CID = /^[A-Za-z0-9_-]{1,64}$/;
const HTTP_URL = /^https?:\/\/\S+$/i;

function bytes(value: unknown): number {
	return Buffer.byteLength(JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) ?? '', 'utf8');
}

function onlyKeys(obj: JsonObject, allowed: readonly string[], where: string): PushError | undefined {
	const extra = Object.keys(obj).find((k) => !allowed.includes(k));
	return extra === undefined ? undefined : unexpected(`${where}.${extra}`);
}

function stringList(value: Json, what: string, max: number): PushError | undefined {
	if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || v === '')) return wrongType(what);
	if (value.length === 0) return missing(what);
	if (value.length > max) return invalid(`${what} has more than ${max} entries`);
	return undefined;
}

function checkAudience(product: Product, to: Json | undefined): PushError | undefined {
	if (to === undefined) return missing('to');
	if (to === 'all') return undefined;
	if (!isObject(to)) return wrongType('to');
	const keys = product === 'appPush' ? ['tag', 'tag_and', 'tag_not', 'alias', 'registration_id', 'seg', 'live_activity_id'] : ['tag', 'tag_and', 'tag_not', 'alias', 'registration_id'];
	const bad = onlyKeys(to, keys, 'to');
	if (bad) return bad;
	if (Object.keys(to).length === 0) return missing('to (empty audience)');
	for (const key of ['tag', 'tag_and', 'tag_not', 'alias', 'registration_id']) {
		if (to[key] === undefined) continue;
		const e = stringList(to[key], `to.${key}`, 1000);
		if (e) return e;
	}
	if (to.seg !== undefined && !(isObject(to.seg) && typeof to.seg.id === 'string' && to.seg.id !== '')) return wrongType('to.seg');
	return undefined;
}

/** `platform`: App "all" or a list of android/ios/hmos; Web "web". Batch entries take one string. */
function checkPlatform(product: Product, platform: Json | undefined, batch: boolean): PushError | { list: string[] } {
	if (platform === undefined) return missing('platform');
	if (product === 'webPush') return platform === 'web' ? { list: ['web'] } : invalid('platform must be "web"');
	if (platform === 'all') return { list: APP_PLATFORMS };
	if (batch) return typeof platform === 'string' && APP_PLATFORMS.includes(platform) ? { list: [platform] } : invalid('platform');
	if (typeof platform === 'string') return invalid('platform');
	if (!Array.isArray(platform) || platform.length === 0) return wrongType('platform');
	if (platform.some((p) => typeof p !== 'string' || !APP_PLATFORMS.includes(p))) return invalid('platform');
	if (new Set(platform).size !== platform.length) return invalid('platform repeats a value');
	return { list: platform as string[] };
}

function checkNotification(product: Product, n: Json, platforms: string[]): PushError | undefined {
	if (!isObject(n)) return wrongType('notification');
	const blocks = product === 'appPush' ? APP_PLATFORMS : ['web'];
	const bad = onlyKeys(n, ['alert', ...blocks], 'notification');
	if (bad) return bad;
	if (n.alert !== undefined && typeof n.alert !== 'string') return wrongType('notification.alert');
	for (const p of blocks) {
		if (n[p] === undefined) continue;
		if (!platforms.includes(p)) return unexpected(`notification.${p} for a platform not pushed to`);
		if (!isObject(n[p])) return wrongType(`notification.${p}`);
	}
	if (product === 'webPush') {
		const web = n.web;
		if (!isObject(web)) return missing('notification.web');
		const e = onlyKeys(web, ['alert', 'title', 'url', 'icon', 'image', 'extras'], 'notification.web');
		if (e) return e;
		if (typeof web.alert !== 'string' || web.alert === '') return missing('notification.web.alert');
		if (typeof web.url !== 'string' || web.url === '') return missing('notification.web.url');
		if (!HTTP_URL.test(web.url)) return invalid('notification.web.url');
		if (bytes(n) > 2048) return err(21005, 400, 'Message body too large (web notification over 2048 bytes)');
		return undefined;
	}
	const android = n.android;
	if (isObject(android)) {
		const e = onlyKeys(
			android,
			['alert', 'title', 'builder_id', 'channel_id', 'priority', 'category', 'style', 'big_text', 'inbox', 'big_pic_path', 'extras', 'intent', 'large_icon', 'small_icon', 'sound', 'badge_add_num', 'badge_set_num', 'badge_class', 'display_foreground', 'group_id', 'is_fold'],
			'notification.android',
		);
		if (e) return e;
		for (const k of ['priority', 'style', 'builder_id']) if (android[k] !== undefined && integer(android[k]) === undefined) return wrongType(`notification.android.${k}`);
		if (android.intent !== undefined && !(isObject(android.intent) && typeof android.intent.url === 'string')) return wrongType('notification.android.intent');
	}
	const ios = n.ios;
	if (isObject(ios)) {
		const e = onlyKeys(ios, ['alert', 'sound', 'badge', 'content-available', 'mutable-content', 'category', 'extras', 'thread-id', 'interruption-level'], 'notification.ios');
		if (e) return e;
		if (ios.badge !== undefined && integer(ios.badge) === undefined && !(typeof ios.badge === 'string' && /^[+-]?\d+$/.test(ios.badge))) return wrongType('notification.ios.badge');
		if (ios.alert !== undefined && typeof ios.alert !== 'string' && !isObject(ios.alert)) return wrongType('notification.ios.alert');
		const level = ios['interruption-level'];
		if (level !== undefined && !['passive', 'active', 'time-sensitive', 'critical'].includes(String(level))) return invalid('notification.ios.interruption-level');
	}
	const hmos = n.hmos;
	if (isObject(hmos)) {
		if (typeof hmos.alert !== 'string') return missing('notification.hmos.alert');
		if (hmos.intent !== undefined && !(isObject(hmos.intent) && typeof hmos.intent.url === 'string')) return wrongType('notification.hmos.intent');
	}
	return undefined;
}

function checkMessage(m: Json): PushError | undefined {
	if (!isObject(m)) return wrongType('message');
	const e = onlyKeys(m, ['msg_content', 'title', 'content_type', 'extras', 'test_message', 'receipt_id'], 'message');
	if (e) return e;
	if (m.msg_content === undefined || m.msg_content === '') return missing('message.msg_content');
	if (typeof m.msg_content !== 'string' && !isObject(m.msg_content)) return wrongType('message.msg_content');
	return undefined;
}

/** `knownMsgId` says whether an override_msg_id exists and is younger than a day. */
function checkOptions(product: Product, options: Json | undefined, knownMsgId: (id: bigint) => boolean): PushError | undefined {
	if (options === undefined) return undefined;
	if (!isObject(options)) return wrongType('options');
	const allowed = ['time_to_live', 'override_msg_id', 'apns_production', 'apns_collapse_id', 'big_push_duration', 'multi_language', 'third_party_channel', 'classification', 'cid', 'plan_id', 'auto_truncation', 'voice_value', 'enhanc_message'];
	const e = onlyKeys(options, product === 'webPush' ? [...allowed, 'web_buttons'] : allowed, 'options');
	if (e) return e;
	if (options.time_to_live !== undefined) {
		const ttl = integer(options.time_to_live);
		if (ttl === undefined || ttl < BigInt(0)) return wrongType('options.time_to_live');
		if (product === 'webPush' && ttl > BigInt(15 * 86400)) return invalid('options.time_to_live over 15 days');
	}
	if (options.big_push_duration !== undefined) {
		const d = integer(options.big_push_duration);
		if (d === undefined) return wrongType('options.big_push_duration');
		if (d < BigInt(0) || d > BigInt(1440)) return err(23006, 400, 'Parameter error: big_push_duration must be at most 1440');
	}
	if (options.cid !== undefined && (typeof options.cid !== 'string' || !CID.test(options.cid))) {
		return err(23003, 400, 'CID format invalid');
	}
	if (options.apns_production !== undefined && typeof options.apns_production !== 'boolean') return wrongType('options.apns_production');
	if (options.override_msg_id !== undefined) {
		// Every SDK writes it as an int64 JSON number (D5): a string is the wrong type here.
		const id = integer(options.override_msg_id);
		if (id === undefined) return wrongType('options.override_msg_id');
		if (!knownMsgId(id)) return product === 'webPush' ? err(1003, 400, 'Invalid message override') : invalid('options.override_msg_id not exist');
	}
	if (options.web_buttons !== undefined) {
		const b = options.web_buttons;
		if (!Array.isArray(b) || b.some((x) => !isObject(x))) return wrongType('options.web_buttons');
		if (b.length > 2) return invalid('options.web_buttons: at most 2');
	}
	if (options.third_party_channel !== undefined) {
		if (!isObject(options.third_party_channel)) return wrongType('options.third_party_channel');
		for (const channel of Object.values(options.third_party_channel)) {
			if (isObject(channel) && channel.distribution !== undefined) {
				const ok = ['first_ospush', 'mtpush', 'secondary_push', 'ospush', 'jpush'].includes(String(channel.distribution));
				if (!ok) return err(27009, 401, 'third_party_channel distribution is empty or invalid');
			}
		}
	}
	return undefined;
}

/** notification xor message, the size rule; `platforms` from checkPlatform. */
function checkContent(product: Product, body: JsonObject, platforms: string[]): PushError | undefined {
	const kinds = ['notification', 'message', 'live_activity', 'voip'].filter((k) => body[k] !== undefined);
	if (kinds.length === 0) return missing('notification or message');
	if (body.notification !== undefined && body.message !== undefined) {
		return product === 'appPush'
			? err(21306, 401, 'Notification and custom message cannot be pushed together')
			: invalid('notification and message cannot be sent together');
	}
	if (kinds.length > 1) return product === 'appPush' ? err(21054, 400, 'live_activity or voip cannot be sent with another type') : invalid('one message type');
	if (body.notification !== undefined) {
		const e = checkNotification(product, body.notification, platforms);
		if (e) return e;
	}
	if (body.message !== undefined) {
		const e = checkMessage(body.message);
		if (e) return e;
	}
	const size = (body.notification === undefined ? 0 : bytes(body.notification)) + (body.message === undefined ? 0 : bytes(body.message));
	if (size > 4000) {
		return err(21005, 400, 'Message body too large (over 4000 bytes)');
	}
	return undefined;
}

function checkCustomArgs(value: Json | undefined): PushError | undefined {
	if (value === undefined) return undefined;
	if (typeof value !== 'string' && !isObject(value)) return wrongType('custom_args');
	if ((typeof value === 'string' ? value : JSON.stringify(value)).length > 128) return wrongType('custom_args over 128 characters');
	return undefined;
}

/** A whole /v4/push body (also /v4/push/validate and a schedule's `push`). */
export function checkPush(product: Product, push: Json, knownMsgId: (id: bigint) => boolean): PushError | undefined {
	if (!isObject(push)) return wrongType('body');
	const top = onlyKeys(push, ['from', 'to', 'body', 'request_id', 'custom_args'], '');
	if (top) return top;
	const audience = checkAudience(product, push.to);
	if (audience) return audience;
	if (push.request_id !== undefined && typeof push.request_id !== 'string') return wrongType('request_id');
	const args = checkCustomArgs(push.custom_args);
	if (args) return args;
	const body = push.body;
	if (body === undefined) return missing('body');
	if (!isObject(body)) return wrongType('body');
	const bad = onlyKeys(body, ['platform', 'notification', 'message', 'live_activity', 'voip', 'options'], 'body');
	if (bad) return bad;
	const platform = checkPlatform(product, body.platform, false);
	if ('code' in platform) return platform;
	return checkContent(product, body, platform.list) ?? checkOptions(product, body.options, knownMsgId);
}

/** One entry of a batch request: {target, platform, notification|message, options, custom_args}. */
export function checkBatchEntry(product: Product, entry: Json, knownMsgId: (id: bigint) => boolean): PushError | undefined {
	if (!isObject(entry)) return wrongType('requests[]');
	const bad = onlyKeys(entry, ['target', 'platform', 'notification', 'message', 'options', 'custom_args'], 'requests[]');
	if (bad) return bad;
	if (typeof entry.target !== 'string' || entry.target === '') return missing('target');
	const platform = checkPlatform(product, entry.platform, true);
	if ('code' in platform) return platform;
	return checkContent(product, entry, platform.list) ?? checkOptions(product, entry.options, knownMsgId) ?? checkCustomArgs(entry.custom_args);
}

const TAG = /^[\p{L}\p{N}_@!#$&*+=.|]+$/u;

/** A tag or alias: 1–40 bytes of letters, digits, `_` and the client SDK's marks (D20). */
export function checkName(value: unknown, what: string): PushError | undefined {
	if (typeof value !== 'string' || value === '') return missing(what);
	if (Buffer.byteLength(value, 'utf8') > 40 || !TAG.test(value)) return invalid(what);
	return undefined;
}

export { invalid, missing, wrongType };
