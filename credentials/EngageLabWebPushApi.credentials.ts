import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { basicAuthFrom, keyIdField } from '../nodes/EngageLab/products/credentialFields';
import { hostFields } from '../nodes/EngageLab/products/hostFields';
import { WEB_PUSH_HOST_OPTIONS, WEB_PUSH_HOSTS } from '../nodes/EngageLab/products/push/hosts';

/** EngageLab Web Push's own key pair (docs/push/api.md, "Authentication"): HTTP Basic AppKey:Master Secret. */
export class EngageLabWebPushApi implements ICredentialType {
	name = 'engageLabWebPushApi';

	displayName = 'EngageLab Web Push API';

	icon = { light: 'file:../nodes/EngageLab/engagelab.svg', dark: 'file:../nodes/EngageLab/engagelab.dark.svg' } as const;

	documentationUrl = 'https://www.engagelab.com/docs/web-push/rest-api/rest-api-overview';

	properties: INodeProperties[] = [
		keyIdField('AppKey', 'appKey', 'The AppKey of the app (Web Push console → Application Settings → Application Info)'),
		{ displayName: 'Master Secret', name: 'masterSecret', type: 'string', typeOptions: { password: true }, required: true, default: '', description: 'The Master Secret of the same app' },
		...hostFields({
			field: 'host',
			label: 'Data Center',
			options: WEB_PUSH_HOST_OPTIONS,
			default: 'singapore',
			placeholder: WEB_PUSH_HOSTS.singapore,
			description: 'The data center the app was created in; data centers are isolated, so another one answers "verification failed"',
		}),
	];

	/** HTTP Basic appKey:masterSecret, without n8n's expression engine per request (credentialFields.ts). */
	authenticate = basicAuthFrom('appKey', 'masterSecret');

	// Tested by the EngageLab node's `engageLabWebPushApiTest` (its credentials' testedBy): a tag count, which writes nothing.
}
