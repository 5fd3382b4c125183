/**
 * `body.options` and `custom_args` from the form (docs/push/decisions.md D5, D13, D24): only what
 * the user set is sent, so EngageLab's own defaults apply otherwise.
 */
import { PUSH_LIMITS, WEB_DISTRIBUTIONS } from '../../../products/push/limits';
import type { PushProduct } from '../../../products/push/hosts';
import { type Built, type JsonObject, optionalInteger, problem, text } from './built';
import { messageId } from './ids';

export interface KeyValueRow {
	key?: unknown;
	value?: unknown;
}

export interface OptionsParams {
	timeToLive?: unknown;
	/** options.apns_production: omitted for EngageLab's default (undocumented, D13). */
	iosEnvironment?: 'default' | 'production' | 'development';
	bigPushDuration?: unknown;
	overrideMsgId?: unknown;
	/** Web Push: third_party_channel.w3push.distribution. */
	webDistribution?: unknown;
}

/**
 * `wrapLong` turns digits into what the wire writer prints as a bare JSON integer (the
 * transport's JsonLong): override_msg_id is an int64 in every SDK and passes 2^53 (D5).
 */
export function buildOptions(
	product: PushProduct,
	params: OptionsParams,
	wrapLong: (digits: string) => unknown,
	webButtons?: JsonObject[],
): Built<JsonObject> {
	const out: JsonObject = {};
	const ttl = optionalInteger(
		params.timeToLive,
		'Time To Live (seconds)',
		0,
		product === 'webPush' ? PUSH_LIMITS.webTimeToLiveSeconds : undefined,
	);
	if ('problem' in ttl) return ttl;
	if (ttl.ok !== undefined) out.time_to_live = ttl.ok;
	if (params.iosEnvironment === 'production' || params.iosEnvironment === 'development') {
		if (product === 'webPush') return problem('Web Push has no iOS environment');
		out.apns_production = params.iosEnvironment === 'production';
	}
	const duration = optionalInteger(params.bigPushDuration, 'Big Push Duration (minutes)', 1, PUSH_LIMITS.bigPushDurationMinutes);
	if ('problem' in duration) return duration;
	if (duration.ok !== undefined) out.big_push_duration = duration.ok;
	const override = params.overrideMsgId;
	if (override !== undefined && override !== null && override !== '') {
		const id = messageId(override, 'Override Message ID');
		if ('problem' in id) return id;
		out.override_msg_id = wrapLong(id.ok);
	}
	const distribution = text(params.webDistribution);
	if (distribution !== '') {
		if (product !== 'webPush') return problem('The browser channel distribution is a Web Push option');
		if (!(WEB_DISTRIBUTIONS as readonly string[]).includes(distribution)) {
			return problem(`Unknown distribution "${distribution}"`, `Use one of ${WEB_DISTRIBUTIONS.join(', ')}.`);
		}
		out.third_party_channel = { w3push: { distribution } };
	}
	if (webButtons && webButtons.length > 0) out.web_buttons = webButtons;
	return { ok: out };
}

/** Key/value rows as an object of strings; a key given twice is refused (which would win is unclear). */
export function rowsToObject(rows: KeyValueRow[] | undefined, field: string): Built<Record<string, string>> {
	const out: Record<string, string> = {};
	for (const [i, row] of (rows ?? []).entries()) {
		const key = text(row.key);
		const value = typeof row.value === 'string' ? row.value : row.value === undefined || row.value === null ? '' : typeof row.value === 'object' ? JSON.stringify(row.value) : String(row.value);
		if (key === '') {
			if (value === '') continue;
			return problem(`${field} row ${i + 1} has a value but no key`);
		}
		if (Object.prototype.hasOwnProperty.call(out, key)) return problem(`${field}: key "${key}" is set twice`);
		out[key] = value;
	}
	return { ok: out };
}

/** custom_args as a JSON object, at most 128 characters of JSON (D13); undefined when empty. */
export function buildCustomArgs(rows: KeyValueRow[] | undefined): Built<Record<string, string> | undefined> {
	const args = rowsToObject(rows, 'Callback Arguments');
	if ('problem' in args) return args;
	if (Object.keys(args.ok).length === 0) return { ok: undefined };
	const length = JSON.stringify(args.ok).length;
	if (length > PUSH_LIMITS.customArgsChars) {
		return problem(
			`Callback Arguments are ${length} characters as JSON, more than ${PUSH_LIMITS.customArgsChars}`,
			'EngageLab returns them on delivery callbacks and allows at most 128 characters.',
		);
	}
	return { ok: args.ok };
}
