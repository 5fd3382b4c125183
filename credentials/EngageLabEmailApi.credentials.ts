import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

import { hostFields } from '../nodes/EngageLab/products/hostFields';
import { EMAIL_DEFAULT_HOST, EMAIL_HOST_OPTIONS, EMAIL_HOSTS } from '../nodes/EngageLab/products/email/hosts';

/** EngageLab Email's own key pair (docs/email/api.md, "Authentication"): HTTP Basic API User:API Key. */
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
		...hostFields({
			field: 'host',
			label: 'Data Center',
			options: EMAIL_HOST_OPTIONS,
			default: EMAIL_DEFAULT_HOST,
			placeholder: EMAIL_HOSTS[EMAIL_DEFAULT_HOST],
			description: 'Where your EngageLab Email account is hosted: the API_USER works only on its own data center',
		}),
	];

	/** HTTP Basic, in the function form (no expression engine per request; see EngageLabApi). */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, auth: { username: String(credentials.apiUser), password: String(credentials.apiKey) } };
	}

	// Tested by the EngageLab node's `engageLabEmailApiTest` (its credentials' testedBy): a template list call.
}
