import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { BASE_URL_EXPRESSION } from '../nodes/EngageLab/transport/dataCenters';
import { ERROR_CODES } from '../nodes/EngageLab/transport/errorCodes';

/** Codes that mean the key/secret pair is wrong (errorCodes.ts says which); the test fails with their meaning. */
const CREDENTIAL_CODES = Object.entries(ERROR_CODES)
	.filter(([, info]) => info.failsCredentialTest)
	.map(([code]) => Number(code));

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
			description: 'The address requests go to, without the /v1/... path',
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

	/**
	 * A Set Contact request without an EUID: EngageLab checks the key and secret first, then
	 * rejects the body (40007 "EUID is empty"), so a valid credential passes and nothing is written.
	 * HTTP error statuses are read as answers too, so the reason shows whichever way it is sent.
	 */
	test: ICredentialTestRequest = {
		request: {
			baseURL: BASE_URL_EXPRESSION,
			url: '/v1/user/contact',
			method: 'POST',
			body: { contacts: {} },
			json: true,
			ignoreHttpStatusErrors: true,
		},
		rules: CREDENTIAL_CODES.map((code) => ({
			type: 'responseSuccessBody' as const,
			properties: {
				key: 'code',
				value: code,
				message: `EngageLab error ${code}: ${ERROR_CODES[code].meaning}. ${ERROR_CODES[code].check}`,
			},
		})),
	};
}
