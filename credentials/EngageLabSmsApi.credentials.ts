import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { basicAuthFrom, keyIdField } from '../nodes/EngageLab/products/credentialFields';
import { hostFields } from '../nodes/EngageLab/products/hostFields';
import { SMS_DEFAULT_HOST, SMS_HOST_OPTIONS, SMS_HOSTS } from '../nodes/EngageLab/products/sms/hosts';

/** EngageLab SMS's own key pair (docs/sms/api.md, "Authentication"): HTTP Basic Dev Key:Dev Secret. */
export class EngageLabSmsApi implements ICredentialType {
	name = 'engageLabSmsApi';

	displayName = 'EngageLab SMS API';

	icon = { light: 'file:../nodes/EngageLab/engagelab.svg', dark: 'file:../nodes/EngageLab/engagelab.dark.svg' } as const;

	documentationUrl = 'https://www.engagelab.com/docs/sms/api/authentication';

	properties: INodeProperties[] = [
		keyIdField('Dev Key', 'devKey', 'The dev_key from "API Key" in the EngageLab SMS console (not the MA, OTP or WhatsApp key)'),
		{ displayName: 'Dev Secret', name: 'devSecret', type: 'string', typeOptions: { password: true }, required: true, default: '', description: 'The dev_secret of the same SMS API key' },
		...hostFields({
			field: 'host',
			label: 'Host',
			options: SMS_HOST_OPTIONS,
			default: SMS_DEFAULT_HOST,
			placeholder: SMS_HOSTS[SMS_DEFAULT_HOST],
			description: 'The EngageLab SMS API address',
		}),
	];

	/** HTTP Basic devKey:devSecret, without n8n's expression engine per request (credentialFields.ts). */
	authenticate = basicAuthFrom('devKey', 'devSecret');

	// Tested by the EngageLab node's `engageLabSmsApiTest` (its credentials' testedBy): a template list call.
}
