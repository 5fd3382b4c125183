/**
 * How a messaging product's answer reads (its rules for the shared reader, transport/outcome.ts:
 * SMS, OTP, Email and WhatsApp). Unlike MA, success has no `code: 0`: it is a 2xx with a JSON object or array. An
 * error is `{code, message}` either with an HTTP error status or, in the "HTTP 200 + code" style
 * EngageLab's SMS client also handles, with a 2xx: both are read (docs/messaging/README.md,
 * decision 1). Codes come from the product's table, then the HTTP status alone (errorInfo.ts).
 * The success value is handed on as `result` in an EngageLabResponse (code 0).
 */
import type { IDataObject } from 'n8n-workflow';

import { answerReader, type Answer, type AnswerReader, type AnswerRules, type Outcome, type Problem } from '../transport/outcome';
import { redactJson } from '../transport/redact';
import { HTTP_STATUS_FALLBACK, type MessagingErrorInfo } from '../products/errorInfo';
import type { MessagingProduct } from './products';

export function messagingAnswerReader(product: MessagingProduct): AnswerReader {
	return answerReader(messagingRules(product));
}

function messagingRules(product: MessagingProduct): AnswerRules {
	return (answer) => read(product, answer);
}

function read(product: MessagingProduct, { status, ok, body, code, said, excerpt, statusTransient, redact }: Answer): Outcome {
	if (ok && (code === undefined || code === 0) && typeof body === 'object' && body !== null) {
		// Merged into the output: a credential a server echoes in it is hidden as in errors.
		return { ok: true, response: { code: 0, message: 'success', result: redactJson(body as IDataObject, redact) } };
	}
	if (code !== undefined && code !== 0) {
		const known = product.errorCodes[code];
		if (known) return { ok: false, problem: fromTable(product, `error ${code}`, known, said, status, code) };
		// A code the product does not document: the HTTP status says what kind of failure it is.
		const byStatus = ok ? undefined : (product.statusOverrides?.[status] ?? HTTP_STATUS_FALLBACK[status]);
		const info = byStatus ?? { meaning: said || 'unknown error', check: 'Check the item against the message EngageLab returned.', credential: false };
		return {
			ok: false,
			problem: {
				...fromTable(product, `error ${code}`, { ...info, meaning: said || info.meaning }, said, status, code),
				transient: !ok && statusTransient,
				notApplied: false,
			},
		};
	}
	if (ok) {
		// A 2xx whose body is cut off or not JSON: it may have been applied and the answer lost.
		return {
			ok: false,
			problem: {
				message: `${product.title} answered HTTP ${status} with a body that is not its JSON answer`,
				description: `The service or a proxy in front of it is unavailable or overloaded, or the answer was cut off; try again later.${excerpt ? ` The body began with: ${excerpt}` : ''}`,
				httpCode: String(status),
				excerpt,
				transient: true,
				notApplied: false,
			},
		};
	}
	// An HTTP error without a code: the product's own reading of the status, then the generic one.
	const info = product.statusOverrides?.[status] ?? HTTP_STATUS_FALLBACK[status];
	const meaning = info?.meaning ?? (statusTransient ? 'The service is unavailable' : 'The request was refused');
	const check =
		info?.check ??
		(statusTransient ? 'Try again later.' : `Check the credential's host or Custom URL: it should point at the ${product.title} API.`);
	return {
		ok: false,
		problem: {
			message: `${product.title} answered HTTP ${status}: ${meaning}`,
			description: `${check}${excerpt ? ` The body began with: ${excerpt}` : ' The body was empty.'}`,
			httpCode: String(status),
			excerpt,
			transient: statusTransient,
			notApplied: false,
		},
	};
}

function fromTable(
	product: MessagingProduct,
	what: string,
	info: Omit<MessagingErrorInfo, 'httpStatus'>,
	said: string,
	status: number,
	code: number,
): Problem {
	return {
		message: `${product.title} ${what}: ${info.meaning}`,
		description: [info.check, said ? `EngageLab said: "${said}".` : undefined, `HTTP status ${status}.`].filter(Boolean).join(' '),
		httpCode: String(status),
		code,
		apiMessage: said,
		transient: info.transient === true,
		// A business refusal was not applied; an internal error may have been, in part.
		notApplied: info.transient !== true,
	};
}
