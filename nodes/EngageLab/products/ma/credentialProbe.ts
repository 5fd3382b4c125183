/**
 * The MA credential's test: the probe the node would send, passing only on EngageLab's own
 * answer: the expected rejection of an empty Set Contact (40007 "EUID is empty"), or another code
 * EngageLab documents that does not mean the key or secret is wrong. Nothing is written.
 */
import type { INodeCredentialTestResult } from 'n8n-workflow';

import type { Redactor } from '../../transport/redact';
import type { CredentialProbe, ProbeAnswer } from '../product';
import { readMaAnswer } from './answer';
import { MA_ERROR_CODES } from './errorTable';

const PROBE_PATH = '/v1/user/contact';
/** A Set Contact without an EUID: EngageLab checks the key and secret first, then refuses the body. */
const PROBE_BODY = '{"contacts":{}}';

/** The verdict on the probe's answer: nothing for a pass, or what came back instead. */
function judge({ status, body, headers }: ProbeAnswer, url: string, redact: Redactor): Partial<INodeCredentialTestResult> {
	const error = (message: string): Partial<INodeCredentialTestResult> => ({ status: 'Error', message: redact(message) });
	// A redirect, a wrong key, an HTTP error: the transport's own reading, word for word.
	const outcome = readMaAnswer(status, body, headers, url, redact);
	if (outcome.ok) {
		return error(
			`The Base URL answered "success" (code 0) to a request EngageLab always refuses (a contact without an EUID), so it is not the EngageLab MA API. Check the credential's data center or Base URL.`,
		);
	}
	const { problem } = outcome;
	const code = problem.code;
	const info = code === undefined ? undefined : MA_ERROR_CODES[code];
	if (problem.rateLimited) return error(`${problem.message}. ${problem.description} Test the credential again in a moment.`);
	if (info && !info.credential && !info.transient && status !== 404 && status < 500) return {};
	if (status === 404) {
		return error(
			`The Base URL answered HTTP 404 at ${PROBE_PATH}: there is no EngageLab MA API there. Check the credential's data center or Base URL.${problem.excerpt ? ` The body began with: ${problem.excerpt}` : ''}`,
		);
	}
	if (info) return error(`${problem.message}. ${problem.description}`);
	if (code !== undefined) {
		return error(
			`The Base URL answered with code ${code}, which EngageLab does not use, so it is probably not the EngageLab MA API. ${problem.description}`,
		);
	}
	const text = typeof body === 'string' ? body.trim() : '';
	if (problem.redirectTo !== undefined || (status >= 300 && status < 400)) return error(`${problem.message}. ${problem.description}`);
	if (/^</.test(text)) {
		return error(
			`The Base URL answered HTTP ${status} with an HTML page, not EngageLab's JSON: it is not the EngageLab MA API. Check the credential's data center or Base URL. The page began with: ${problem.excerpt ?? ''}`,
		);
	}
	if (!text) {
		return error(`The Base URL answered HTTP ${status} with an empty body, not EngageLab's JSON answer. Check the credential's data center or Base URL.`);
	}
	return error(
		`The Base URL answered HTTP ${status} with something that is not an EngageLab answer (no numeric "code"). Check the credential's data center or Base URL. The body began with: ${problem.excerpt ?? ''}`,
	);
}

export const MA_PROBE: CredentialProbe = { path: PROBE_PATH, body: PROBE_BODY, judge };
