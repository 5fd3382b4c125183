import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { basicAuthFrom, keyIdField } from '../nodes/EngageLab/products/credentialFields';
import { hostFields } from '../nodes/EngageLab/products/hostFields';
import { EMAIL_DEFAULT_HOST, EMAIL_HOST_OPTIONS, EMAIL_HOSTS } from '../nodes/EngageLab/products/email/hosts';

/** EngageLab Email's own key pair (docs/email/api.md, "Authentication"): HTTP Basic API User:API Key. */
export class EngageLabEmailApi implements ICredentialType {
	name = 'engageLabEmailApi';

	displayName = 'EngageLab Email API';

	icon = { light: 'file:../nodes/EngageLab/engagelab.svg', dark: 'file:../nodes/EngageLab/engagelab.dark.svg' } as const;

	documentationUrl = 'https://www.engagelab.com/docs/email/rest-api/deliverlies';

	properties: INodeProperties[] = [
		keyIdField('API User', 'apiUser', 'The API_USER (sending account) from the EngageLab Email console'),
		{ displayName: 'API Key', name: 'apiKey', type: 'string', typeOptions: { password: true }, required: true, default: '', description: 'The API_KEY of that API_USER' },
		...hostFields({
			field: 'host',
			label: 'Data Center',
			options: EMAIL_HOST_OPTIONS,
			default: EMAIL_DEFAULT_HOST,
			placeholder: EMAIL_HOSTS[EMAIL_DEFAULT_HOST],
			description: 'Where your EngageLab Email account is hosted: the API_USER works only on its own data center',
		}),
	];

	/** HTTP Basic apiUser:apiKey, without n8n's expression engine per request (credentialFields.ts). */
	authenticate = basicAuthFrom('apiUser', 'apiKey');

	// Tested by the EngageLab node's `engageLabEmailApiTest` (its credentials' testedBy): a template list call.
}
