/**
 * The credential's "Test" button (the node's `methods.credentialTest`, named in its credentials'
 * `testedBy`). It sends the probe the node would send, by the transport's rules (no redirects, a
 * limit on the whole attempt, answers read by interpretAnswer), and passes only on EngageLab's
 * own answer: the expected rejection of an empty Set Contact (40007 "EUID is empty"), or another
 * code EngageLab documents that does not mean the key or secret is wrong. Nothing is written.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IDataObject,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { interpretAnswer } from './maAnswer';
import { networkProblem } from './outcome';
import { baseUrlFor } from './dataCenters';
import { ERROR_CODES } from './errorCodes';
import { redactorFor } from './redact';
import { realTiming } from './clock';

export const CREDENTIAL_TEST_NAME = 'engageLabApiTest';

/** The whole credential test ends within this time, even against a server that never answers. */
export const CREDENTIAL_TEST_TIMEOUT_MS = 15_000;

const PROBE_PATH = '/v1/user/contact';
/** A Set Contact without an EUID: EngageLab checks the key and secret first, then refuses the body. */
const PROBE_BODY = '{"contacts":{}}';

export async function engageLabApiTest(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const redact = redactorFor(data.apiKey, data.apiSecret);
	const baseUrl = baseUrlFor(data);
	if (!baseUrl.ok) return { status: 'Error', message: baseUrl.problem };
	const url = `${baseUrl.url}${PROBE_PATH}`;

	const result = await probe(this, url, { user: String(data.apiKey ?? ''), pass: String(data.apiSecret ?? '') }, PROBE_BODY);
	if ('error' in result) {
		const problem = networkProblem(baseUrl.url, result.error, { timedOut: result.timedOut ? CREDENTIAL_TEST_TIMEOUT_MS : undefined });
		return { status: 'Error', message: redact(`${problem.message}. ${problem.description}`) };
	}
	return { status: 'OK', message: 'Connection successful!', ...judge(result.status, result.body, result.headers, url, redact) };
}

export type ProbeResult = { status: number; body: unknown; headers?: IDataObject } | { error: unknown; timedOut: boolean };

/**
 * Credential tests get only n8n's legacy `request` helper (CredentialTestContext): no
 * httpRequestWithAuthentication and no abort signal. It is told not to follow redirects and
 * raced against the time limit, so the test answers within CREDENTIAL_TEST_TIMEOUT_MS.
 */
export async function probe(
	ctx: ICredentialTestFunctions,
	url: string,
	auth: { user: string; pass: string },
	/** A POST's JSON body; without one, a GET (the messaging products' template lists). */
	body?: string,
): Promise<ProbeResult> {
	const finished = new AbortController();
	// Destructured: `request` is the only HTTP helper n8n gives a credential test.
	const { helpers } = ctx;
	const sent = helpers
		.request({
			method: body === undefined ? 'GET' : 'POST',
			uri: url,
			...(body !== undefined && { body }),
			headers: body === undefined ? { Accept: 'application/json' } : { 'Content-Type': 'application/json; charset=utf-8', Accept: 'application/json' },
			auth,
			json: false,
			simple: false,
			resolveWithFullResponse: true,
			followRedirect: false,
			followAllRedirects: false,
			// A backstop only: the race below ends the test first.
			timeout: CREDENTIAL_TEST_TIMEOUT_MS + 1_000,
		})
		.then(
			(response: { statusCode: number; body: unknown; headers?: IDataObject }): ProbeResult => ({
				status: response.statusCode,
				body: response.body,
				headers: response.headers,
			}),
			(error: unknown): ProbeResult => ({ error, timedOut: false }),
		);
	// n8n-workflow's plain `sleep` in slices (sleepWithAbort is gone from newer n8n-workflow).
	const timeout = realTiming
		.sleep(CREDENTIAL_TEST_TIMEOUT_MS, finished.signal)
		.then((): ProbeResult => ({ error: new Error('timeout'), timedOut: true }));
	try {
		return await Promise.race([sent, timeout]);
	} finally {
		finished.abort();
	}
}

/** The verdict on the probe's answer: nothing for a pass, or what came back instead. */
function judge(
	status: number,
	body: unknown,
	headers: IDataObject | undefined,
	url: string,
	redact: (text: string) => string,
): Partial<INodeCredentialTestResult> {
	const error = (message: string): Partial<INodeCredentialTestResult> => ({ status: 'Error', message: redact(message) });
	// A redirect, a wrong key, an HTTP error: the transport's own reading, word for word.
	const outcome = interpretAnswer(status, body, headers, url, redact);
	if (outcome.ok) {
		return error(
			`The Base URL answered "success" (code 0) to a request EngageLab always refuses (a contact without an EUID), so it is not the EngageLab MA API. Check the credential's data center or Base URL.`,
		);
	}
	const { problem } = outcome;
	const code = problem.code;
	const info = code === undefined ? undefined : ERROR_CODES[code];
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
