/**
 * The credentials' "Test" buttons (the node's methods.credentialTest, named in each credential's
 * testedBy): one function for every product. It sends the product's probe by the transport's
 * rules (no redirects, a limit on the whole attempt) and lets the product judge the answer
 * (products/<p>/: MA's credentialProbe.ts, the messaging products' messagingRules.ts).
 */
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
} from 'n8n-workflow';

import { baseUrlOf } from '../products/connection';
import type { Product } from '../products/product';
import { networkProblem } from '../transport/outcome';
import { CREDENTIAL_TEST_TIMEOUT_MS, probe } from '../transport/probe';
import { redactorFor } from '../transport/redact';

type CredentialTest = (
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted<ICredentialDataDecryptedObject>,
) => Promise<INodeCredentialTestResult>;

/** The test of `product`'s credential (catalog.ts maps each product's testName to it). */
export function credentialTestFor(product: Product): CredentialTest {
	return async function (this: ICredentialTestFunctions, credential) {
		const data = credential.data ?? {};
		const redact = redactorFor(data[product.userField], data[product.passwordField]);
		const baseUrl = baseUrlOf(product, data);
		if (!baseUrl.ok) return { status: 'Error', message: baseUrl.problem };
		const url = `${baseUrl.url}${product.probe.path}`;
		const auth = { user: String(data[product.userField] ?? ''), pass: String(data[product.passwordField] ?? '') };
		const result = await probe(this, url, auth, product.probe.body);
		if ('error' in result) {
			const problem = networkProblem(baseUrl.url, result.error, { timedOut: result.timedOut ? CREDENTIAL_TEST_TIMEOUT_MS : undefined });
			return { status: 'Error', message: redact(`${problem.message}. ${problem.description}`) };
		}
		return { status: 'OK', message: 'Connection successful!', ...product.probe.judge(result, url, redact) };
	};
}
