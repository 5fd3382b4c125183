import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { basicAuthFrom, keyIdField } from '../nodes/EngageLab/products/credentialFields';
import { hostFields } from '../nodes/EngageLab/products/hostFields';
import { OTP_DEFAULT_HOST, OTP_HOST_OPTIONS, OTP_HOSTS } from '../nodes/EngageLab/products/otp/hosts';

/** EngageLab OTP's own key pair (docs/otp/api.md, "Authentication"): HTTP Basic Dev Key:Dev Secret. */
export class EngageLabOtpApi implements ICredentialType {
	name = 'engageLabOtpApi';

	displayName = 'EngageLab OTP API';

	icon = { light: 'file:../nodes/EngageLab/engagelab.svg', dark: 'file:../nodes/EngageLab/engagelab.dark.svg' } as const;

	documentationUrl = 'https://www.engagelab.com/docs/otp/ways-to-use/api';

	properties: INodeProperties[] = [
		keyIdField('Dev Key', 'devKey', 'The dev_key from "API Keys" in the OTP console of your application (not the MA, SMS or WhatsApp key)'),
		{ displayName: 'Dev Secret', name: 'devSecret', type: 'string', typeOptions: { password: true }, required: true, default: '', description: 'The dev_secret of the same OTP API key' },
		...hostFields({
			field: 'host',
			label: 'Host',
			options: OTP_HOST_OPTIONS,
			default: OTP_DEFAULT_HOST,
			placeholder: OTP_HOSTS[OTP_DEFAULT_HOST],
			description: 'The EngageLab OTP API address',
		}),
	];

	/** HTTP Basic devKey:devSecret, without n8n's expression engine per request (credentialFields.ts). */
	authenticate = basicAuthFrom('devKey', 'devSecret');

	// Tested by the EngageLab node's `engageLabOtpApiTest` (its credentials' testedBy): a template list call.
}
