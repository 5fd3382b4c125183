/**
 * EngageLab WhatsApp error codes (docs/whatsapp/api.md, "Errors"). No error table is
 * documented for WhatsApp: these are the platform's codes (as in OTP and SMS), all provisional.
 * Unknown codes fall back on the HTTP status (../errorInfo.ts) and EngageLab's own message.
 */
import type { MessagingErrorInfo } from '../errorInfo';

export const WHATSAPP_ERROR_CODES: Readonly<Record<number, MessagingErrorInfo>> = {
	1000: {
		meaning: 'EngageLab WhatsApp internal error',
		check: 'Try again later; if it keeps happening, contact EngageLab support.',
		credential: false,
		transient: true,
		httpStatus: 500,
		provisional: true,
	},
	2001: {
		meaning: 'Authentication failed',
		check: 'Check the DevKey and DevSecret in the EngageLab WhatsApp credential: they come from "Configuration management → API key" in the WhatsApp console (not the SMS, OTP or MA keys).',
		credential: true,
		httpStatus: 401,
		provisional: true,
	},
	2004: {
		meaning: 'This API key may not use this API',
		check: 'Ask EngageLab support to enable the WhatsApp API for your account, or use a key that has it.',
		credential: true,
		httpStatus: 403,
		provisional: true,
	},
	3001: {
		meaning: 'The request body is not valid JSON',
		check: 'This is a fault in the node: please report it with the item that caused it.',
		credential: false,
		httpStatus: 400,
		provisional: true,
	},
	3002: {
		meaning: 'Invalid parameter',
		check: 'Check the numbers (E.164, e.g. +447911123456), the message type and its fields, and that the template gets exactly as many variables as it has placeholders.',
		credential: false,
		httpStatus: 400,
		provisional: true,
	},
	4001: {
		meaning: 'Template not found or not approved',
		check: 'Check the template name and language, and that Meta approved the template (status APPROVED).',
		credential: false,
		httpStatus: 400,
		provisional: true,
	},
	5001: {
		meaning: 'Sending failed',
		check: 'Outside a 24-hour conversation only templates can be sent; check the number and try once more later.',
		credential: false,
		httpStatus: 400,
		provisional: true,
	},
};
