/**
 * The credential tests' one request (methods/credentialTest.ts): sent by the transport's rules
 * (no redirects, a limit on the whole attempt), the answer handed back unread.
 */
import type { ICredentialTestFunctions, IDataObject } from 'n8n-workflow';

import { realTiming } from './clock';

/** The whole credential test ends within this time, even against a server that never answers. */
export const CREDENTIAL_TEST_TIMEOUT_MS = 15_000;

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
	/** A POST's JSON body; without one, a GET. */
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
	// realTiming's plain `sleep` in slices: n8n-workflow's sleepWithAbort is not in every version this package supports.
	const timeout = realTiming
		.sleep(CREDENTIAL_TEST_TIMEOUT_MS, finished.signal)
		.then((): ProbeResult => ({ error: new Error('timeout'), timedOut: true }));
	try {
		return await Promise.race([sent, timeout]);
	} finally {
		finished.abort();
	}
}
