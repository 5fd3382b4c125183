/**
 * How an App Push or Web Push answer reads (docs/push/decisions.md D4, D6, D7, D9): errors in
 * both shapes (`{"error":{code,message}}` and flat `{code,message}`) under any HTTP status, 23008
 * as the rate limit whatever its status, and the void mutations' empty or `success` bodies.
 * Longs arrive as digit strings (the shared reader parses with longJson).
 */
import type { IDataObject, INodeCredentialTestResult } from 'n8n-workflow';

import { answerReader, type Answer, type AnswerReader, type Outcome, type Problem } from '../../transport/outcome';
import { redactJson, type Redactor } from '../../transport/redact';
import { HTTP_STATUS_FALLBACK } from '../errorInfo';
import type { CredentialProbe } from '../product';
import type { PushProduct } from './hosts';
import { pushErrorInfo } from './errorTable';

/** Set on a 2xx whose body was empty or the text `success`: only void mutations take it (D6). */
export const NO_DATA = 'pushAnswerWithoutData';

const TITLES: Readonly<Record<PushProduct, string>> = { appPush: 'EngageLab App Push', webPush: 'EngageLab Web Push' };

/** The EngageLab error of a body: its nested `error` object first, then a flat `code` (D4). */
function errorOf(body: unknown): { code: number; said: unknown } | undefined {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
	const nested = (body as IDataObject).error;
	if (typeof nested === 'object' && nested !== null && !Array.isArray(nested)) {
		const code = Number((nested as IDataObject).code);
		if (Number.isInteger(code) && (nested as IDataObject).code !== '' && code !== 0) return { code, said: (nested as IDataObject).message };
	}
	const flat = (body as IDataObject).code;
	if (typeof flat === 'number' && Number.isInteger(flat) && flat !== 0) return { code: flat, said: (body as IDataObject).message };
	return undefined;
}

function codeProblem(product: PushProduct, code: number, said: string, status: number): Problem {
	const title = TITLES[product];
	const info = pushErrorInfo(product, code);
	const meaning = info?.meaning ?? (said || 'unknown error');
	const check = info?.check ?? 'Check the item against the message EngageLab returned.';
	const problem: Problem = {
		message: info ? `${title} error ${code}: ${meaning}` : `${title} error ${code}: ${said || 'unknown error'}`,
		description: [check, said ? `EngageLab said: "${said}".` : undefined, `HTTP status ${status}.`].filter(Boolean).join(' '),
		httpCode: String(status),
		code,
		apiMessage: said,
		transient: info?.transient === true,
		// A refusal was not applied; an internal error (21030, 27000) may have been, in part.
		notApplied: info?.transient !== true,
	};
	// D7: the rate limiter turned it away before any processing: pause the node, then repeat.
	if (info?.rateLimit) return { ...problem, notApplied: true, transient: true, rateLimited: true };
	return problem;
}

function read(product: PushProduct, { status, ok, body, excerpt, statusTransient, redact }: Answer): Outcome {
	const title = TITLES[product];
	const error = errorOf(body);
	if (error) return { ok: false, problem: codeProblem(product, error.code, typeof error.said === 'string' ? redact(error.said) : '', status) };
	if (ok) {
		if (typeof body === 'object' && body !== null) {
			const result = Array.isArray(body) ? { items: body } : body;
			return { ok: true, response: { code: 0, message: 'success', result: redactJson(result as IDataObject, redact) } };
		}
		const bare = excerpt.replace(/^"|"$/g, '').trim().toLowerCase();
		if (bare === '' || bare === 'success' || body === null) {
			return { ok: true, response: { code: 0, message: 'success', result: {}, [NO_DATA]: true } };
		}
		// Text or a cut-off body on a 2xx: it may have been applied and the answer lost.
		return {
			ok: false,
			problem: {
				message: `${title} answered HTTP ${status} with a body that is not its JSON answer`,
				description: `The answer was cut off, or the host is not EngageLab's (check the credential's data center or Custom URL). The body began with: ${excerpt}`,
				httpCode: String(status),
				excerpt,
				transient: true,
				notApplied: false,
			},
		};
	}
	const info = HTTP_STATUS_FALLBACK[status];
	const meaning = info?.meaning ?? (statusTransient ? 'The service is unavailable' : 'The request was refused');
	const check = info?.check ?? (statusTransient ? 'Try again later.' : `Check the credential's data center or Custom URL: it should point at the ${title} API.`);
	return {
		ok: false,
		problem: {
			message: `${title} answered HTTP ${status}: ${meaning}`,
			description: `${check}${excerpt ? ` The body began with: ${excerpt}` : ' The body was empty.'}`,
			httpCode: String(status),
			excerpt,
			transient: statusTransient,
			notApplied: false,
		},
	};
}

export function pushAnswerReader(product: PushProduct): AnswerReader {
	return answerReader((answer) => read(product, answer));
}

/** Codes that say the key pair was accepted and only the probe's parameter was not liked (D3). */
const PAIR_ACCEPTED = [21003, 21015, 21016];

/**
 * D3: a tag count of a tag nobody uses, read-only and tiny. Passes on EngageLab's `tagsCount`
 * answer, or on a parameter refusal (the pair was read and accepted); fails on anything else.
 */
export function pushProbe(product: PushProduct, readAnswer: AnswerReader): CredentialProbe {
	const platform = product === 'appPush' ? 'android' : 'web';
	const path = `/v4/tags_count?tags=n8n_credential_test&platform=${platform}`;
	return {
		path,
		judge({ status, body, headers }, url, redact: Redactor): Partial<INodeCredentialTestResult> {
			const outcome = readAnswer(status, body, headers, url, redact);
			if (outcome.ok) {
				const count = (outcome.response.result as IDataObject | undefined)?.tagsCount;
				if (typeof count === 'object' && count !== null && !Array.isArray(count)) return {};
				return {
					status: 'Error',
					message: `The Base URL answered /v4/tags_count without EngageLab's tag count, so it is not the ${TITLES[product]} API. Check the credential's data center or Custom URL.`,
				};
			}
			const { problem } = outcome;
			if (problem.code !== undefined && PAIR_ACCEPTED.includes(problem.code) && !problem.rateLimited) return {};
			const again = problem.rateLimited ? ' The pair could not be checked: test again in a moment.' : '';
			const where = problem.code === undefined && !problem.rateLimited ? ` Check that the data center or Custom URL is the ${TITLES[product]} API.` : '';
			return { status: 'Error', message: redact(`${problem.message}. ${problem.description}${again}${where}`) };
		},
	};
}
