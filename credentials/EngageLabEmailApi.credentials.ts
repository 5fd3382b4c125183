import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { EMAIL_HOST_OPTIONS } from '../nodes/EngageLab/products/email/hosts';

/** EngageLab Email's own key pair (docs/messaging/email.md, "Authentication"): HTTP Basic API User:API Key. */
export class EngageLabEmailApi implements ICredentialType {
	name = 'engageLabEmailApi';

	displayName = 'EngageLab Email API';

	icon = { light: 'file:../nodes/EngageLab/engagelab.svg', dark: 'file:../nodes/EngageLab/engagelab.dark.svg' } as const;

	documentationUrl = 'https://www.engagelab.com/docs/email/rest-api/deliverlies';

	properties: INodeProperties[] = [
		{
			displayName: 'API User',
			name: 'apiUser',
			type: 'string',
			required: true,
			default: '',
			description: 'The API_USER (sending account) from the EngageLab Email console',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The API_KEY of that API_USER',
		},
		{
			displayName: 'Data Center',
			name: 'host',
			type: 'options',
			options: [...EMAIL_HOST_OPTIONS],
			default: 'singapore',
			description: 'Where your EngageLab Email account is hosted: the API_USER works only on its own data center',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://email.api.engagelab.cc',
			required: true,
			description:
				'Only http:// or https://, the host and an optional port, e.g. https://email.api.engagelab.cc or http://10.0.0.5:8080. No /v1 or other path: the node adds it. Redirects are not followed, so enter the final address.',
			displayOptions: { show: { host: ['custom'] } },
		},
	];

	/** HTTP Basic, in the function form (no expression engine per request; see EngageLabApi). */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, auth: { username: String(credentials.apiUser), password: String(credentials.apiKey) } };
	}

	// Tested by the EngageLab node's `engageLabEmailApiTest` (its credentials' testedBy): a template list call.
}
