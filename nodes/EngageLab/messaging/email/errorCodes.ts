/**
 * EngageLab Email error codes (docs/messaging/email.md, "Errors"). Errors arrive as HTTP 4xx/5xx
 * with {code, message}. Only two codes are documented; anything else falls back on the HTTP
 * status (../errorInfo.ts) and EngageLab's own message. The only place these texts live.
 */
import type { MessagingErrorInfo } from '../errorInfo';

export const EMAIL_ERROR_CODES: Readonly<Record<number, MessagingErrorInfo>> = {
	30000: {
		meaning: 'Authentication failed',
		check:
			'Check the API_USER and API_KEY in the EngageLab Email credential (the Email console\'s API_USER page), and that the data center (Singapore or Turkey) is the one your account is in.',
		credential: true,
		httpStatus: 401,
	},
	30202: {
		meaning: 'Invalid parameter',
		check: 'Check the fields of the item against the message EngageLab returned: addresses, subject (at most 256 characters), template invoke name, variables.',
		credential: false,
		httpStatus: 400,
		provisional: true,
	},
};
