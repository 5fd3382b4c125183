import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { basicAuthFrom, keyIdField } from '../nodes/EngageLab/products/credentialFields';
import { hostFields } from '../nodes/EngageLab/products/hostFields';
import { WHATSAPP_DEFAULT_HOST, WHATSAPP_HOST_OPTIONS, WHATSAPP_HOSTS } from '../nodes/EngageLab/products/whatsapp/hosts';

/** EngageLab WhatsApp's own key pair (docs/whatsapp/api.md, "Authentication"): HTTP Basic Dev Key:Dev Secret. */
export class EngageLabWhatsAppApi implements ICredentialType {
	name = 'engageLabWhatsAppApi';

	displayName = 'EngageLab WhatsApp API';

	icon = { light: 'file:../nodes/EngageLab/engagelab.svg', dark: 'file:../nodes/EngageLab/engagelab.dark.svg' } as const;

	documentationUrl = 'https://engagelab.com/docs/whatsapp/rest-api/send-message-api';

	properties: INodeProperties[] = [
		keyIdField('Dev Key', 'devKey', 'The DevKey from "Configuration management → API key" in the EngageLab WhatsApp console (not the MA, SMS or OTP key)'),
		{ displayName: 'Dev Secret', name: 'devSecret', type: 'string', typeOptions: { password: true }, required: true, default: '', description: 'The DevSecret of the same WhatsApp API key' },
		...hostFields({
			field: 'host',
			label: 'Host',
			options: WHATSAPP_HOST_OPTIONS,
			default: WHATSAPP_DEFAULT_HOST,
			placeholder: WHATSAPP_HOSTS[WHATSAPP_DEFAULT_HOST],
			description: 'The EngageLab WhatsApp API address',
		}),
	];

	/** HTTP Basic devKey:devSecret, without n8n's expression engine per request (credentialFields.ts). */
	authenticate = basicAuthFrom('devKey', 'devSecret');

	// Tested by the EngageLab node's `engageLabWhatsAppApiTest` (its credentials' testedBy): a template list call.
}
