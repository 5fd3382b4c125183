/** EngageLab App Push (docs/push/api.md): its credential, data centers, error table and credential test. */
import type { Product } from '../product';
import { pushAnswerReader, pushProbe } from './answer';
import { APP_PUSH_ERROR_CODES } from './errorTable';
import { APP_PUSH_HOSTS, stripPushBaseUrl } from './hosts';

const readAnswer = pushAnswerReader('appPush');

export const APP_PUSH = {
	name: 'appPush',
	docs: 'push',
	title: 'EngageLab App Push',
	credentialType: 'engageLabAppPushApi',
	testName: 'engageLabAppPushApiTest',
	userField: 'appKey',
	passwordField: 'masterSecret',
	hosts: {
		field: 'host',
		urls: APP_PUSH_HOSTS,
		default: 'singapore',
		urlProblemPrefix: 'EngageLab App Push credential: ',
		customUrl: stripPushBaseUrl,
	},
	errorCodes: APP_PUSH_ERROR_CODES,
	readAnswer,
	probe: pushProbe('appPush', readAnswer),
} as const satisfies Product;
