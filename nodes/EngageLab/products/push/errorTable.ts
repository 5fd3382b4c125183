/**
 * EngageLab App Push and Web Push error codes (../shared fact sheet §8; docs/push/decisions.md
 * D4, D7, D9, D24): what each means and what to check. The code decides, under any HTTP status;
 * `httpStatus` is the documented one (absent where the docs show none). The only place these
 * texts live.
 */
import type { ErrorCodeInfo } from '../errorInfo';

/** Push rows always say whether the credential is at fault (the credential test reads it, D39). */
type PushErrorInfo = ErrorCodeInfo & { credential: boolean };

const CHECK_PAIR =
	"Check the AppKey and Master Secret in the credential (Console → Application Settings → Application Info), and that the credential's data center is the one the app was created in.";

const CODES: Readonly<Record<number, PushErrorInfo>> = {
	20101: {
		meaning: 'Invalid push parameters: a registration ID is invalid or not of this app',
		check: 'Check the registration IDs: they must come from devices of the app whose AppKey is in the credential.',
		credential: false,
		httpStatus: 400,
	},
	21001: {
		meaning: 'Only HTTP POST is supported here',
		check: 'This is a fault in the node: please report it with the operation you used.',
		credential: false,
		httpStatus: 405,
	},
	21002: {
		meaning: 'A required parameter is missing',
		check: 'Check that the audience, platform and the notification or message content are all set.',
		credential: false,
		httpStatus: 400,
	},
	21003: {
		meaning: 'A parameter value is invalid',
		check: 'Check the values against EngageLab\'s message (for Withdraw: the message ID may not exist, be older than a day or already be withdrawn).',
		credential: false,
		httpStatus: 400,
	},
	21004: { meaning: 'Verification failed', check: CHECK_PAIR, credential: true, httpStatus: 401 },
	21005: {
		meaning: 'The message is too large',
		check: 'Keep the notification and message under 4,000 bytes (a Web Push notification under 2,048).',
		credential: false,
		httpStatus: 400,
	},
	21008: {
		meaning: 'Invalid AppKey',
		check: `${CHECK_PAIR} Look for spaces copied around the AppKey.`,
		credential: true,
		httpStatus: 400,
	},
	21009: {
		meaning: 'EngageLab internal system error',
		check: 'Contact EngageLab support. The node does not repeat a push on this error: it may have been sent.',
		credential: false,
		httpStatus: 400,
	},
	21011: {
		meaning: 'No push target matches the audience',
		check: 'Check the audience: no device has these tags, aliases or registration IDs (on the selected platforms).',
		credential: false,
		httpStatus: 400,
	},
	21015: {
		meaning: 'Validation failed: unexpected parameters',
		check: 'Check the fields: a field is not allowed here (for example a platform block for a platform that is not selected).',
		credential: false,
		httpStatus: 400,
	},
	21016: {
		meaning: 'Validation failed: a parameter has the wrong type or length',
		check: 'Check the types and lengths of the fields against EngageLab\'s message.',
		credential: false,
		httpStatus: 400,
	},
	21030: {
		meaning: 'EngageLab internal service timeout',
		check: 'Try again later. A push is repeated only with its Duplicate Protection ID (cid), so it cannot go twice.',
		credential: false,
		transient: true,
		httpStatus: 503,
	},
	21038: {
		meaning: 'No push permission: the VIP plan expired or was not activated',
		check: 'Renew or activate the plan in the EngageLab console; the key pair itself is right.',
		credential: true,
		httpStatus: 401,
	},
	21050: {
		meaning: 'Live Activity: invalid event',
		check: 'The event must be start, update or end.',
		credential: false,
		httpStatus: 400,
	},
	21051: {
		meaning: 'Live Activity: a start must target all devices or registration IDs',
		check: 'Use the broadcast or registration ID audience for a start event.',
		credential: false,
		httpStatus: 400,
	},
	21052: {
		meaning: 'Live Activity: attributes-type is required for a start',
		check: 'Set attributes-type on a start event.',
		credential: false,
		httpStatus: 400,
	},
	21053: {
		meaning: 'Live Activity: content-state is required',
		check: 'Set content-state.',
		credential: false,
		httpStatus: 400,
	},
	21054: {
		meaning: 'Live Activity cannot be sent with a notification or message',
		check: 'Send the Live Activity on its own.',
		credential: false,
		httpStatus: 400,
	},
	21055: {
		meaning: 'Live Activity needs a P8 certificate',
		check: 'Upload an APNs P8 key for the app in the EngageLab console.',
		credential: false,
		httpStatus: 400,
	},
	21056: {
		meaning: 'Live Activity is iOS only',
		check: 'Set the platform to iOS.',
		credential: false,
		httpStatus: 400,
	},
	21057: {
		meaning: 'VoIP cannot be sent with another message type',
		check: 'Send the VoIP message on its own.',
		credential: false,
		httpStatus: 400,
	},
	21058: {
		meaning: 'VoIP is iOS only',
		check: 'Set the platform to iOS.',
		credential: false,
		httpStatus: 400,
	},
	21059: {
		meaning: 'This message type does not support a big-push duration',
		check: 'Remove the Big Push Duration option for this content.',
		credential: false,
		httpStatus: 401,
	},
	21306: {
		meaning: 'A notification and a custom message cannot be pushed together',
		check: 'Send either a notification or a custom message.',
		credential: false,
		httpStatus: 401,
	},
	23003: {
		meaning: 'The Duplicate Protection ID (cid) has an invalid format',
		check: 'Use 1 to 64 letters, digits, "_" or "-".',
		credential: false,
	},
	23006: {
		meaning: 'Parameter error',
		check: 'Check the options: for example the big-push duration is at most 1,440 minutes.',
		credential: false,
		httpStatus: 400,
	},
	23008: {
		meaning: 'Rate limited: the app\'s requests-per-second limit (500 by default) was reached',
		check: 'The node pauses and repeats the request. Lower Max Requests Per Second, or ask EngageLab for a higher limit. In a batch, each target counts as one request.',
		credential: false,
		transient: true,
		rateLimit: true,
		httpStatus: 400,
	},
	23009: {
		meaning: "This n8n's IP address is not in the app's IP whitelist",
		check: "Add the IP address n8n sends from to the whitelist in the EngageLab console (Advanced Settings), or remove the whitelist.",
		credential: true,
		httpStatus: 400,
	},
	27000: {
		meaning: 'EngageLab internal memory error',
		check: 'Try again later. A push is repeated only with its Duplicate Protection ID (cid), so it cannot go twice.',
		credential: false,
		transient: true,
		httpStatus: 500,
	},
	27001: { meaning: 'Verification information is empty', check: CHECK_PAIR, credential: true, httpStatus: 401 },
	27002: {
		meaning: 'Unknown error',
		check: 'Try again later; if it keeps happening, contact EngageLab support.',
		credential: false,
	},
	27008: {
		meaning: 'A third-party channel distribution was set with an empty notification alert',
		check: 'Set the notification alert when a vendor channel distribution is chosen.',
		credential: false,
		httpStatus: 401,
	},
	27009: {
		meaning: 'A third-party channel distribution is empty or invalid',
		check: 'Choose one of the offered distribution values.',
		credential: false,
		httpStatus: 401,
	},
	27303: {
		meaning: 'The push plan ID is empty',
		check: 'Set the push plan ID (create the plan in the EngageLab console first).',
		credential: false,
	},
};

/** Codes of the App Push table that the Web Push table does not list (D24). */
const APP_ONLY = [21038, 21050, 21051, 21052, 21053, 21054, 21055, 21056, 21057, 21058, 21059, 21306, 23009, 27303];

export const APP_PUSH_ERROR_CODES: Readonly<Record<number, PushErrorInfo>> = CODES;

export const WEB_PUSH_ERROR_CODES: Readonly<Record<number, PushErrorInfo>> = {
	...Object.fromEntries(Object.entries(CODES).filter(([code]) => !APP_ONLY.includes(Number(code)))),
	1003: {
		meaning: 'Invalid message override',
		check: 'The message to override must exist and be less than a day old: check Override Message ID.',
		credential: false,
	},
};

/**
 * A code's entry for a product. Codes the product's table does not list are still read from the
 * other table (D24: they may come anyway), and unknown codes give undefined.
 */
export function pushErrorInfo(product: 'appPush' | 'webPush', code: number): PushErrorInfo | undefined {
	const own = product === 'appPush' ? APP_PUSH_ERROR_CODES : WEB_PUSH_ERROR_CODES;
	return own[code] ?? CODES[code] ?? (product === 'appPush' ? WEB_PUSH_ERROR_CODES[code] : undefined);
}

/** D7: 23008 under any HTTP status, and HTTP 429 with or without a body, are the rate limit. */
export function isPushRateLimit(httpStatus: number, code: number | undefined): boolean {
	return httpStatus === 429 || code === 23008;
}
