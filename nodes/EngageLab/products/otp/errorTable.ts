/**
 * EngageLab OTP error codes (docs/otp/api.md, "Errors": EngageLab's OTP error table).
 * Errors arrive as HTTP 4xx/5xx with {code, message}. The only place these texts live.
 */
import type { MessagingErrorInfo } from '../errorInfo';

const CHECK_KEY =
	'Check the dev_key and dev_secret in the EngageLab OTP credential: they come from "API Keys" in the OTP console of your application (not the SMS, WhatsApp or MA keys).';

export const OTP_ERROR_CODES: Readonly<Record<number, MessagingErrorInfo>> = {
	1000: {
		meaning: 'EngageLab OTP internal error',
		check: 'Try again later; if it keeps happening, contact EngageLab support.',
		credential: false,
		transient: true,
		httpStatus: 500,
	},
	2001: { meaning: 'Authentication failed', check: CHECK_KEY, credential: true, httpStatus: 401 },
	2002: {
		meaning: 'The API key has expired or was disabled',
		check: `${CHECK_KEY} Create a new key pair if this one was disabled.`,
		credential: true,
		httpStatus: 401,
	},
	2004: {
		meaning: 'This API key may not use this API',
		check: 'Ask EngageLab support to enable this API for your OTP application, or use a key pair that has it.',
		credential: true,
		httpStatus: 403,
	},
	3001: {
		meaning: 'The request body is not valid JSON',
		check: 'This is a fault in the node: please report it with the item that caused it.',
		credential: false,
		httpStatus: 400,
	},
	3002: {
		meaning: 'Invalid parameter',
		check: 'Check the recipient (an E.164 phone number such as +6591234567, or an email address), the template ID, the language and that every template variable is text.',
		credential: false,
		httpStatus: 400,
	},
	3003: {
		meaning: 'The code has expired or was already verified',
		check: 'Send a new code: a code can be verified once, within its validity period (set on the template).',
		credential: false,
		httpStatus: 400,
	},
	3004: {
		meaning: 'Too many codes sent to this recipient with this template',
		check: 'A code sent earlier is still valid: wait until it expires before sending another, or verify that one.',
		credential: false,
		httpStatus: 400,
	},
	4001: {
		meaning: 'Template not found',
		check: 'Check the template ID, and that the template is approved in the OTP console.',
		credential: false,
		httpStatus: 400,
	},
	5001: {
		meaning: 'Sending failed',
		check: 'EngageLab could not send the message; try once more later, or use a template with a fallback channel.',
		credential: false,
		httpStatus: 400,
	},
	5011: {
		meaning: 'Invalid phone number format',
		check: 'Write the number in E.164: "+", country code and number, no spaces or leading 0 (e.g. +6591234567).',
		credential: false,
		httpStatus: 400,
	},
	5012: {
		meaning: 'The recipient cannot be reached',
		check: 'Check the number, or use a template with another channel.',
		credential: false,
		httpStatus: 400,
	},
	5013: {
		meaning: 'The number is blacklisted',
		check: 'Do not send to this number again.',
		credential: false,
		httpStatus: 400,
	},
	5014: {
		meaning: 'The content violates the sending policy',
		check: 'Review the template wording and the variable values.',
		credential: false,
		httpStatus: 400,
	},
	5015: {
		meaning: 'The message was intercepted or rejected',
		check: 'Try another channel, or review the content.',
		credential: false,
		httpStatus: 400,
	},
	5016: {
		meaning: 'EngageLab internal sending error',
		check: 'Try again later: this is a temporary fault on EngageLab\'s side.',
		credential: false,
		transient: true,
		httpStatus: 400,
	},
	5017: {
		meaning: 'No permission to send to mainland China',
		check: 'Apply to EngageLab for mainland China sending, or do not send to +86 numbers.',
		credential: false,
		httpStatus: 400,
	},
	5018: {
		meaning: 'The handset is off or the line suspended',
		check: 'Try again later, or reach the person another way.',
		credential: false,
		httpStatus: 400,
	},
	5019: {
		meaning: 'The recipient unsubscribed',
		check: 'Do not send to this recipient again.',
		credential: false,
		httpStatus: 400,
	},
	5020: {
		meaning: 'The number is not registered or empty',
		check: 'Check the number with the person.',
		credential: false,
		httpStatus: 400,
	},
};
