/**
 * EngageLab Email error codes (docs/email/api.md, "Errors"). Errors arrive as HTTP 4xx/5xx
 * with {code, message}. Only these codes are documented; anything else falls back on the HTTP
 * status (../errorInfo.ts, then EMAIL_HTTP_STATUS_OVERRIDES) and EngageLab's own message.
 * The only place these texts live.
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
	30801: {
		meaning: 'The sender (From) is empty',
		check: 'Fill in From with an address of a sending domain verified in the Email console, e.g. "Acme <support@mail.acme.com>".',
		credential: false,
		httpStatus: 400,
	},
	30893: {
		meaning: 'Custom arguments must be a JSON object',
		check: 'Give Custom Arguments as key/value pairs (at most 1 KB in all, no "." in the keys).',
		credential: false,
		httpStatus: 400,
	},
};

/**
 * What a bare HTTP status means for Email in particular: a template send with an unknown
 * template invoke name is answered with a plain-text 404 "not found" (no code).
 */
export const EMAIL_HTTP_STATUS_OVERRIDES: Readonly<Record<number, Omit<MessagingErrorInfo, 'httpStatus'>>> = {
	404: {
		meaning: 'Not found: no template with this invoke name',
		check: "Check the template's invoke name (Email console → Templates); if it is right, check the credential's data center.",
		credential: false,
	},
};
