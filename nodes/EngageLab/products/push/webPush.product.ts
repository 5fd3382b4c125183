/** EngageLab Web Push (docs/push/api.md): its credential, data centers, error table and credential test. */
import type { Product } from '../product';
import { pushAnswerReader, pushProbe } from './answer';
import { WEB_PUSH_ERROR_CODES } from './errorTable';
import { WEB_PUSH_HOSTS, stripPushBaseUrl } from './hosts';

const readAnswer = pushAnswerReader('webPush');

export const WEB_PUSH = {
	name: 'webPush',
	docs: 'push',
	title: 'EngageLab Web Push',
	credentialType: 'engageLabWebPushApi',
	testName: 'engageLabWebPushApiTest',
	userField: 'appKey',
	passwordField: 'masterSecret',
	hosts: {
		field: 'host',
		urls: WEB_PUSH_HOSTS,
		default: 'singapore',
		urlProblemPrefix: 'EngageLab Web Push credential: ',
		customUrl: stripPushBaseUrl,
	},
	errorCodes: WEB_PUSH_ERROR_CODES,
	readAnswer,
	probe: pushProbe('webPush', readAnswer),
} as const satisfies Product;
