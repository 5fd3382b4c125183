/** Web Push: pushes to the devices of an EngageLab Web Push app, with the Web Push credential. */
import { pushSend } from '../push/send.operation';
import type { Resource } from '../types';

export const webPush: Resource = {
	resource: { name: 'Web Push', value: 'webPush', description: 'Notifications and custom messages to browsers (EngageLab Web Push)' },
	operationHelp: 'What to do with EngageLab Web Push',
	defaultOperation: 'send',
	options: [
		{
			name: 'Send',
			value: 'send',
			description: 'Push a notification or custom message to an audience, or only validate it',
			action: 'Send a web push',
		},
	],
	operations: { send: pushSend('webPush', 'webPush') },
};
