import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { basicAuthFrom } from '../nodes/EngageLab/products/credentialFields';
import { hostFields } from '../nodes/EngageLab/products/hostFields';
import { MA_DEFAULT_HOST, MA_HOST_OPTIONS, MA_HOSTS } from '../nodes/EngageLab/products/ma/hosts';

export class EngageLabApi implements ICredentialType {
	name = 'engageLabApi';

	displayName = 'EngageLab API';

	icon = { light: 'file:../nodes/EngageLab/engagelab.svg', dark: 'file:../nodes/EngageLab/engagelab.dark.svg' } as const;

	documentationUrl = 'https://www.engagelab.com/docs/marketing-automation/rest-api/overview-guide';

	properties: INodeProperties[] = [
		{
			displayName:
				'In the EngageLab Marketing Automation console, open Data Sources and add a data source of type API: EngageLab shows its API Key and API Secret. <a href="https://www.engagelab.com/docs/marketing-automation/rest-api/overview-guide" target="_blank">EngageLab API docs</a>',
			name: 'notice',
			type: 'notice',
			default: '',
		},
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The API Key of an API-type data source (EngageLab MA console → Data Sources)',
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The API Secret shown with that API Key, in the same data source',
		},
		...hostFields({
			field: 'dataCenter',
			label: 'Data Center',
			options: MA_HOST_OPTIONS,
			default: MA_DEFAULT_HOST,
			placeholder: MA_HOSTS[MA_DEFAULT_HOST],
			description:
				'The data center your EngageLab account is hosted in (Singapore unless EngageLab set your account up in Virginia). A wrong one fails the credential test with "authentication failed" (40050).',
		}),
	];

	/** HTTP Basic apiKey:apiSecret, without n8n's expression engine per request (credentialFields.ts). */
	authenticate = basicAuthFrom('apiKey', 'apiSecret');

	// The credential test is the EngageLab node's `engageLabApiTest` (its credentials' testedBy):
	// a declarative test here would take precedence in n8n, and it can only fail on listed
	// answers, never require EngageLab's own.
}
