/**
 * EngageLab SMS error codes (docs/sms/api.md, "Errors"). The SMS error table itself is not
 * published where we could read it: these are the codes the shared facts and EngageLab's OTP
 * table (same platform) agree on, marked provisional. Unknown codes fall back on the HTTP
 * status (../errorInfo.ts). The only place these texts live.
 */
import type { MessagingErrorInfo } from '../errorInfo';

const CHECK_KEY =
	'Check the dev_key and dev_secret in the EngageLab SMS credential: they come from "API Key" in the SMS console (not the OTP, WhatsApp or MA keys). Check also the credential\'s host.';

export const SMS_ERROR_CODES: Readonly<Record<number, MessagingErrorInfo>> = {
	1000: {
		meaning: 'EngageLab SMS internal error',
		check: 'Try again later; if it keeps happening, contact EngageLab support.',
		credential: false,
		transient: true,
		httpStatus: 500,
		provisional: true,
	},
	2001: { meaning: 'Authentication failed', check: CHECK_KEY, credential: true, httpStatus: 401 },
	2002: {
		meaning: 'The API key has expired or was disabled',
		check: `${CHECK_KEY} Create a new key if this one was disabled.`,
		credential: true,
		httpStatus: 401,
		provisional: true,
	},
	2004: {
		meaning: 'This API key may not use this API',
		check: 'Ask EngageLab support to enable the SMS API for your account, or use a key that has it.',
		credential: true,
		httpStatus: 403,
		provisional: true,
	},
	3001: {
		meaning: 'The request body is not valid JSON',
		check: 'This is a fault in the node: please report it with the item that caused it.',
		credential: false,
		httpStatus: 400,
	},
	3002: {
		meaning: 'Invalid parameter',
		check: 'Check the phone numbers (E.164, e.g. +6591234567), the template ID and that every template variable is text.',
		credential: false,
		httpStatus: 400,
	},
	3003: {
		meaning: 'The request breaks a sending rule',
		check: 'Check the scheduled time: at least 3 minutes and at most 30 days from now.',
		credential: false,
		httpStatus: 400,
		provisional: true,
	},
	4001: {
		meaning: 'Template not found or not approved',
		check: 'Check the template ID, and that the template is approved in the SMS console (Template Management).',
		credential: false,
		httpStatus: 400,
	},
	5001: {
		meaning: 'Sending failed',
		check: 'EngageLab could not send the message; check the numbers and try once more later.',
		credential: false,
		httpStatus: 400,
		provisional: true,
	},
};
