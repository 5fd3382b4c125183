/**
 * The messaging credentials' "Test" buttons (the node's methods.credentialTest, named in each
 * credential's testedBy). Each makes its product's cheapest read-only call (a template list) by
 * the transport's rules and passes only on that product's real answer: HTTP 2xx with the list's
 * documented shape. A wrong key pair fails with the product's own error text; another service,
 * a proxy page, an MA host or another product's host fails saying what came back.
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { networkProblem } from '../transport/outcome';
import { CREDENTIAL_TEST_TIMEOUT_MS, probe } from '../transport/credentialTest';
import { redactorFor } from '../transport/redact';
import { messagingAnswerReader } from './answer';
import { messagingBaseUrl } from './baseUrl';
import { PRODUCTS, type MessagingProduct } from './products';

type CredentialTest = (
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
) => Promise<INodeCredentialTestResult>;

function credentialTestFor(product: MessagingProduct): CredentialTest {
	return async function (this: ICredentialTestFunctions, credential) {
		const data = credential.data ?? {};
		const redact = redactorFor(data[product.userField], data[product.passwordField]);
		const baseUrl = messagingBaseUrl(product, data);
		if (!baseUrl.ok) return { status: 'Error', message: baseUrl.problem };
		const url = `${baseUrl.url}${product.probePath}`;
		const auth = { user: String(data[product.userField] ?? ''), pass: String(data[product.passwordField] ?? '') };
		const result = await probe(this, url, auth);
		if ('error' in result) {
			const problem = networkProblem(baseUrl.url, result.error, { timedOut: result.timedOut ? CREDENTIAL_TEST_TIMEOUT_MS : undefined });
			return { status: 'Error', message: redact(`${problem.message}. ${problem.description}`) };
		}
		const outcome = messagingAnswerReader(product)(result.status, result.body, result.headers, url, redact);
		if (outcome.ok) {
			if (product.isProbeAnswer(outcome.response.result)) return { status: 'OK', message: 'Connection successful!' };
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
	};
}

/** Every messaging credential test by name, for the node's methods.credentialTest. */
export const MESSAGING_CREDENTIAL_TESTS: Record<string, CredentialTest> = Object.fromEntries(
	PRODUCTS.map((p) => [p.testName, credentialTestFor(p)]),
);
