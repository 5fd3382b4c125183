/**
 * Documented limits of EngageLab App Push and Web Push (fact sheet §2–§9; docs/push/decisions.md
 * D7–D24). The node refuses input before sending only where a limit is here; anything else is
 * EngageLab's to judge.
 */
export const PUSH_LIMITS = {
	/** Requests per second per AppKey by default; a batch costs one per target (D7). */
	requestsPerSecond: 500,
	/** Entries (targets) per batch request, unique within one request (D15). */
	batchTargets: 500,
	/** registration_id and alias entries per audience (D10). */
	audienceRegistrationIds: 1000,
	audienceAliases: 1000,
	/** Message IDs per statistics request (D17). */
	statsMessageIds: 100,
	/** Tags per tag-count request (D22). */
	tagCountTags: 1000,
	/** Registration IDs per tag add/remove request: unknown, JPush's and the audience limit (D22). */
	tagDeviceIds: 1000,
	/** A tag or an alias, in UTF-8 bytes (D20). */
	tagBytes: 40,
	aliasBytes: 40,
	/** Tags per device (EngageLab checks it, D21). */
	tagsPerDevice: 100,
	/** notification + message, UTF-8 JSON bytes (21005, D13). */
	contentBytes: 4000,
	/** Web Push notification alone (D13). */
	webNotificationBytes: 2048,
	/** custom_args as JSON, characters (D13). */
	customArgsChars: 128,
	/** options.big_push_duration, minutes (23006, D13). */
	bigPushDurationMinutes: 1440,
	/** Web Push options.time_to_live: 15 days in seconds (D13). App Push: not documented. */
	webTimeToLiveSeconds: 15 * 24 * 3600,
	/** Web Push buttons (D24). */
	webButtons: 2,
	/** options.cid: characters, and its dedup window (D8). */
	cidChars: 64,
	cidWindowMs: 3_600_000,
	/** The node repeats an ambiguous push only this long after its first attempt (D8). */
	cidRetryWindowMs: 55 * 60_000,
	/** Schedules: name bytes (D18); a single time at most a year ahead, a periodical span at most a year. */
	scheduleNameBytes: 255,
	scheduleMaxValid: 1000,
	/** Schedule list pages read at most, guarding a bad total_pages (D19). */
	schedulePagesMax: 200,
	/** Digits of an ID (msg_id, override_msg_id): a 64-bit integer has at most 20 (D5). */
	idDigits: 20,
} as const;

/** cid characters (D8). */
export const CID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Tag and alias characters (D20): letters of any script, digits, `_`, and the client SDKs'
 * `@!#$&*+=.|` (conflict 12). No source allows `-` or white space.
 */
export const TAG_ALIAS_PATTERN = /^[\p{L}\p{N}_@!#$&*+=.|]+$/u;

/** Schedule names: letters, digits, `_` and Chinese (D18; "letters" read as any script). */
export const SCHEDULE_NAME_PATTERN = /^[\p{L}\p{N}_]+$/u;

export const APP_PLATFORMS = ['android', 'ios', 'hmos'] as const;
export type AppPlatform = (typeof APP_PLATFORMS)[number];

export const IOS_INTERRUPTION_LEVELS = ['passive', 'active', 'time-sensitive', 'critical'] as const;

/** third_party_channel.w3push.distribution values (D24). */
export const WEB_DISTRIBUTIONS = ['first_ospush', 'mtpush', 'secondary_push', 'ospush'] as const;

export const SCHEDULE_WEEK_POINTS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;

/** UTF-8 byte length without Buffer (not a global the shipped code may use). */
export function utf8Bytes(text: string): number {
	let bytes = 0;
	for (const ch of text) {
		const cp = ch.codePointAt(0) ?? 0;
		bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	}
	return bytes;
}
