/** App Push: pushes to the devices of an EngageLab App Push app, with the App Push credential. */
import { pushSend } from '../push/send.operation';
import type { Resource } from '../types';

export const appPush: Resource = {
	resource: { name: 'App Push', value: 'appPush', description: 'Notifications and custom messages to Android, iOS and HarmonyOS apps (EngageLab App Push)' },
	operationHelp: 'What to do with EngageLab App Push',
	defaultOperation: 'send',
	options: [
		{
			name: 'Send',
			value: 'send',
			description: 'Push a notification or custom message to an audience, or only validate it',
			action: 'Send an app push',
		},
	],
	operations: { send: pushSend('appPush', 'appPush') },
};
