/**
 * `body.platform` and `body.notification` from the form (docs/push/decisions.md D11, D12, D24):
 * the common alert and the per-platform fields the form offers. A block for a platform that is
 * not selected, or for the other product, is refused before sending.
 */
import {
	APP_PLATFORMS,
	type AppPlatform,
	IOS_INTERRUPTION_LEVELS,
	PUSH_LIMITS,
} from '../../../products/push/limits';
import type { PushProduct } from '../../../products/push/hosts';
import { type Built, type JsonObject, optionalInteger, problem, text } from './built';

interface AndroidParams {
	alert?: unknown;
	title?: unknown;
	channelId?: unknown;
	priority?: unknown;
	bigText?: unknown;
	bigPicture?: unknown;
	intentUrl?: unknown;
}

interface IosParams {
	/** The alert's body; the common alert when empty. */
	alert?: unknown;
	title?: unknown;
	subtitle?: unknown;
	sound?: unknown;
	badge?: unknown;
	threadId?: unknown;
	interruptionLevel?: unknown;
}

interface HmosParams {
	alert?: unknown;
	title?: unknown;
	category?: unknown;
	intentUrl?: unknown;
}

export interface WebButtonParams {
	id?: unknown;
	text?: unknown;
	icon?: unknown;
	url?: unknown;
}

interface WebParams {
	alert?: unknown;
	title?: unknown;
	url?: unknown;
	icon?: unknown;
	image?: unknown;
	buttons?: WebButtonParams[];
}

export interface NotificationParams {
	/** App Push: "all" or some of android, ios, hmos. Web Push: ignored (always "web"). */
	platform?: 'all' | string[];
	alert?: unknown;
	android?: AndroidParams;
	ios?: IosParams;
	hmos?: HmosParams;
	web?: WebParams;
}

export type PushPlatform = 'all' | AppPlatform[] | 'web';

export interface BuiltNotification {
	platform: PushPlatform;
	notification: JsonObject;
	/** options.web_buttons (D24): Web Push only. */
	webButtons?: JsonObject[];
}

/** The fields of a block that hold something. */
function filled<T extends object>(block: T | undefined): Partial<Record<keyof T, string | unknown>> {
	const out: Partial<Record<keyof T, unknown>> = {};
	for (const [k, v] of Object.entries(block ?? {}) as Array<[keyof T, unknown]>) {
		if (Array.isArray(v) ? v.length > 0 : typeof v === 'number' || text(v) !== '') out[k] = v;
	}
	return out;
}

function isHttpUrl(value: string): boolean {
	return /^https?:\/\/[^\s/?#]+[^\s]*$/i.test(value);
}

/** D12: "all", or a non-empty list of android/ios/hmos, each once. */
export function buildPlatform(product: PushProduct, value: unknown): Built<PushPlatform> {
	if (product === 'webPush') return { ok: 'web' };
	if (value === undefined || value === 'all') return { ok: 'all' };
	const list = (Array.isArray(value) ? value : text(value).split(',')).map((p) => text(p).toLowerCase()).filter(Boolean);
	const unknown = list.find((p) => !(APP_PLATFORMS as readonly string[]).includes(p));
	if (unknown !== undefined) return problem(`Unknown platform "${unknown}"`, 'Use android, ios or hmos (HarmonyOS).');
	if (list.length === 0) return problem('No platform selected', 'Choose All or at least one of Android, iOS, HarmonyOS.');
	const unique = [...new Set(list)] as AppPlatform[];
	return { ok: unique.length === APP_PLATFORMS.length ? 'all' : unique };
}

function android(block: AndroidParams, extras: JsonObject | undefined): Built<JsonObject> {
	const out: JsonObject = {};
	for (const [param, key] of [
		['alert', 'alert'],
		['title', 'title'],
		['channelId', 'channel_id'],
	] as const) {
		const v = text(block[param]);
		if (v !== '') out[key] = v;
	}
	// Any int: JPush's -2..2 is not documented for EngageLab, so EngageLab judges the value.
	const priority = optionalInteger(block.priority, 'Android priority', -2147483648, 2147483647);
	if ('problem' in priority) return priority;
	if (priority.ok !== undefined) out.priority = priority.ok;
	const bigText = text(block.bigText);
	const bigPicture = text(block.bigPicture);
	if (bigText !== '' && bigPicture !== '') {
		return problem('Android: set Big Text or Big Picture, not both', 'A notification has one style.');
	}
	// JPush's style numbers, whose field names EngageLab's SDKs mirror (D12; unknown on EngageLab's pages).
	if (bigText !== '') Object.assign(out, { style: 1, big_text: bigText });
	// A URL or a vendor media ID: not checked (no documented form).
	if (bigPicture !== '') Object.assign(out, { style: 3, big_pic_path: bigPicture });
	const intent = text(block.intentUrl);
	if (intent !== '') out.intent = { url: intent };
	if (extras) out.extras = extras;
	return { ok: out };
}

function ios(block: IosParams, commonAlert: string, extras: JsonObject | undefined): Built<JsonObject> {
	const out: JsonObject = {};
	const own = text(block.alert);
	const title = text(block.title);
	const subtitle = text(block.subtitle);
	if (title !== '' || subtitle !== '') {
		// An alert object replaces the common alert on iOS, so the common text becomes its body.
		const body = own || commonAlert;
		out.alert = { ...(title && { title }), ...(subtitle && { subtitle }), ...(body && { body }) };
	} else if (own !== '') out.alert = own;
	const sound = text(block.sound);
	if (sound !== '') out.sound = sound;
	const badge = block.badge;
	if (badge !== undefined && badge !== null && badge !== '') {
		const b = typeof badge === 'string' ? badge.trim() : badge;
		if (typeof b === 'number' && Number.isSafeInteger(b) && b >= 0) out.badge = b;
		else if (typeof b === 'string' && /^\d+$/.test(b)) out.badge = Number(b);
		else if (typeof b === 'string' && /^[+-]\d+$/.test(b)) out.badge = b;
		else return problem('iOS badge must be a number, or +N / -N to change the current one', `Got ${JSON.stringify(badge)}.`);
	}
	const thread = text(block.threadId);
	if (thread !== '') out['thread-id'] = thread;
	const level = text(block.interruptionLevel);
	if (level !== '') {
		if (!(IOS_INTERRUPTION_LEVELS as readonly string[]).includes(level)) {
			return problem(`Unknown iOS interruption level "${level}"`, `Use one of ${IOS_INTERRUPTION_LEVELS.join(', ')}.`);
		}
		out['interruption-level'] = level;
	}
	if (extras) out.extras = extras;
	return { ok: out };
}

function hmos(block: HmosParams, commonAlert: string, extras: JsonObject | undefined): JsonObject {
	// alert is required in the hmos block (may be empty): the common alert is copied in (D12).
	const out: JsonObject = { alert: text(block.alert) || commonAlert };
	const title = text(block.title);
	if (title !== '') out.title = title;
	const category = text(block.category);
	if (category !== '') out.category = category;
	const intent = text(block.intentUrl);
	if (intent !== '') out.intent = { url: intent };
	if (extras) out.extras = extras;
	return out;
}

function web(block: WebParams, commonAlert: string, extras: JsonObject | undefined): Built<BuiltNotification> {
	const alert = text(block.alert) || commonAlert;
	if (alert === '') return problem('Web Push needs an alert', 'Set the notification text (Alert).');
	const url = text(block.url);
	if (!isHttpUrl(url)) {
		return problem('Web Push needs a click URL starting with http:// or https://', url ? `Got "${url}".` : undefined);
	}
	const out: JsonObject = { alert, url };
	for (const key of ['title', 'icon', 'image'] as const) {
		const v = text(block[key]);
		if (v !== '') out[key] = v;
	}
	if (extras) out.extras = extras;
	const rows = (block.buttons ?? []).map(filled).filter((b) => Object.keys(b).length > 0);
	if (rows.length > PUSH_LIMITS.webButtons) {
		return problem(`Web Push: ${rows.length} buttons, at most ${PUSH_LIMITS.webButtons}`, 'Browsers show two buttons at most.');
	}
	const webButtons: JsonObject[] = [];
	for (const [i, row] of rows.entries()) {
		const button: JsonObject = {};
		for (const key of ['id', 'text', 'icon', 'url'] as const) {
			const v = text(row[key]);
			if (v !== '') button[key] = v;
		}
		if (!button.text) return problem(`Web Push button ${i + 1} has no text`);
		if (button.url !== undefined && !isHttpUrl(String(button.url))) {
			return problem(`Web Push button ${i + 1}: URL must start with http:// or https://`, `Got "${String(button.url)}".`);
		}
		webButtons.push(button);
	}
	return {
		ok: {
			platform: 'web',
			notification: { ...(commonAlert && { alert: commonAlert }), web: out },
			...(webButtons.length > 0 && { webButtons }),
		},
	};
}

/**
 * The notification. Blocks are sent for the platforms that have fields of their own; when
 * extras are set, every selected platform gets a block to carry them (D12). Without a common
 * alert, each platform sent must have its own.
 */
export function buildNotification(
	product: PushProduct,
	params: NotificationParams,
	extras?: JsonObject,
): Built<BuiltNotification> {
	const commonAlert = text(params.alert);
	const given = {
		android: Object.keys(filled(params.android)).length > 0,
		ios: Object.keys(filled(params.ios)).length > 0,
		hmos: Object.keys(filled(params.hmos)).length > 0,
		web: Object.keys(filled(params.web)).length > 0,
	};
	const extra = extras && Object.keys(extras).length > 0 ? extras : undefined;
	if (product === 'webPush') {
		const appBlock = APP_PLATFORMS.find((p) => given[p]);
		if (appBlock) return problem(`Web Push has no ${appBlock} fields`, 'Use the Web fields (title, URL, icon, image, buttons).');
		return web(params.web ?? {}, commonAlert, extra);
	}
	if (given.web) return problem('App Push has no Web fields', 'Use the Web Push resource for browsers.');
	const platform = buildPlatform(product, params.platform);
	if ('problem' in platform) return platform;
	const selected: readonly AppPlatform[] = platform.ok === 'all' ? APP_PLATFORMS : (platform.ok as AppPlatform[]);
	const stray = APP_PLATFORMS.find((p) => given[p] && !selected.includes(p));
	if (stray) {
		return problem(`${stray} fields are set but ${stray} is not a selected platform`, 'Select the platform or clear its fields.');
	}
	const notification: JsonObject = {};
	if (commonAlert !== '') notification.alert = commonAlert;
	for (const p of selected) {
		if (!given[p] && !extra) {
			if (commonAlert === '') return problem(`No alert for ${p}`, 'Set the common Alert, or the platform\'s own alert.');
			continue;
		}
		let block: Built<JsonObject>;
		if (p === 'android') block = android(params.android ?? {}, extra);
		else if (p === 'ios') block = ios(params.ios ?? {}, commonAlert, extra);
		else block = { ok: hmos(params.hmos ?? {}, commonAlert, extra) };
		if ('problem' in block) return block;
		const own = block.ok.alert;
		const hasText = typeof own === 'string' ? own !== '' : typeof own === 'object' && own !== null && 'body' in own;
		if (commonAlert === '' && !hasText) {
			return problem(`No alert for ${p}`, 'Set the common Alert, or the platform\'s own alert.');
		}
		notification[p] = block.ok;
	}
	return { ok: { platform: platform.ok, notification } };
}
