import type { ICredentialType, INodeProperties } from 'n8n-workflow';

import { basicAuthFrom, keyIdField } from '../nodes/EngageLab/products/credentialFields';
import { hostFields } from '../nodes/EngageLab/products/hostFields';
import { APP_PUSH_HOST_OPTIONS, APP_PUSH_HOSTS } from '../nodes/EngageLab/products/push/hosts';

/** EngageLab App Push's own key pair (docs/push/api.md, "Authentication"): HTTP Basic AppKey:Master Secret. */
export class EngageLabAppPushApi implements ICredentialType {
	name = 'engageLabAppPushApi';

	displayName = 'EngageLab App Push API';

	icon = { light: 'file:../nodes/EngageLab/engagelab.svg', dark: 'file:../nodes/EngageLab/engagelab.dark.svg' } as const;

	documentationUrl = 'https://www.engagelab.com/docs/app-push/rest-api/rest-api-overview';

	properties: INodeProperties[] = [
		keyIdField('AppKey', 'appKey', 'The AppKey of the app (App Push console → Application Settings → Application Info)'),
		{ displayName: 'Master Secret', name: 'masterSecret', type: 'string', typeOptions: { password: true }, required: true, default: '', description: 'The Master Secret of the same app (not the App Secret used by the client SDK)' },
		...hostFields({
			field: 'host',
			label: 'Data Center',
			options: APP_PUSH_HOST_OPTIONS,
			default: 'singapore',
			placeholder: APP_PUSH_HOSTS.singapore,
			description: 'The data center the app was created in; data centers are isolated, so another one answers "verification failed"',
		}),
	];

	/** HTTP Basic appKey:masterSecret, without n8n's expression engine per request (credentialFields.ts). */
	authenticate = basicAuthFrom('appKey', 'masterSecret');

	// Tested by the EngageLab node's `engageLabAppPushApiTest` (its credentials' testedBy): a tag count, which writes nothing.
}
