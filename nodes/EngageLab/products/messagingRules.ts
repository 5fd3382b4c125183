/**
 * What the messaging products (SMS, OTP, Email, WhatsApp) share: how their answers read (their
 * rules for the shared reader, transport/outcome.ts) and what their credential test passes on.
 * Unlike MA, success has no `code: 0`: it is a 2xx with a JSON object or array. An error is `{code, message}` either with an HTTP error status or, in the "HTTP 200 + code" style
 * EngageLab's SMS client also handles, with a 2xx: both are read (docs/messaging/README.md,
 * decision 1). Codes come from the product's table, then the HTTP status alone (errorInfo.ts).
 * The success value is handed on as `result` in an EngageLabResponse (code 0).
 */
import type { IDataObject, INodeCredentialTestResult } from 'n8n-workflow';

import { answerReader, type Answer, type AnswerReader, type Outcome, type Problem } from '../transport/outcome';
import { redactJson, type Redactor } from '../transport/redact';
import { HTTP_STATUS_FALLBACK, type MessagingErrorInfo } from './errorInfo';
import type { CredentialProbe, Product, ProductHosts } from './product';

/** What a messaging product's file declares; messagingProduct() adds how its answers and its probe read. */
export interface MessagingFacts extends Omit<Product, 'readAnswer' | 'probe' | 'errorCodes' | 'hosts'> {
	readonly hosts: ProductHosts & { readonly field: 'host' };
	readonly errorCodes: Readonly<Record<number, MessagingErrorInfo>>;
	/** What a bare HTTP status means for this product before the generic fallback (Email's 404). */
	readonly statusOverrides?: Readonly<Record<number, Omit<MessagingErrorInfo, 'httpStatus'>>>;
	/** The cheap read-only call of the credential test (a template list, a GET) and what its real answer looks like. */
	readonly probePath: string;
	isProbeAnswer(body: unknown): boolean;
}

export function messagingProduct<const F extends MessagingFacts>(facts: F): F & Pick<Product, 'readAnswer' | 'probe'> {
	const readAnswer = answerReader((answer) => read(facts, answer));
	return { ...facts, readAnswer, probe: probeFor(facts, readAnswer) };
}

/**
 * The credential test passes only on the product's real answer: HTTP 2xx with the list's
 * documented shape. A wrong key pair fails with the product's own error text; another service,
 * a proxy page, an MA host or another product's host fails saying what came back.
 */
function probeFor(product: MessagingFacts, readAnswer: AnswerReader): CredentialProbe {
	return {
		path: product.probePath,
		judge({ status, body, headers }, url, redact: Redactor): Partial<INodeCredentialTestResult> {
			const outcome = readAnswer(status, body, headers, url, redact);
			if (outcome.ok) {
				if (product.isProbeAnswer(outcome.response.result)) return {};
				return {
					status: 'Error',
					message: redact(
						`The Base URL answered ${product.probePath.split('?')[0]} with JSON that is not ${product.title}'s template list, so it is not the ${product.title} API. Check the credential's host or Custom URL.`,
					),
				};
			}
			const { problem } = outcome;
			const where = problem.code === undefined && !problem.rateLimited ? ` Check that the host or Custom URL is the ${product.title} API.` : '';
			return { status: 'Error', message: redact(`${problem.message}. ${problem.description}${where}`) };
		},
	};
}

function read(product: MessagingFacts, { status, ok, body, code, said, excerpt, statusTransient, redact }: Answer): Outcome {
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
	product: MessagingFacts,
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
