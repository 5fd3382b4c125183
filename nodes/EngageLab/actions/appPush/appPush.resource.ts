/** App Push: pushes to the devices of an EngageLab App Push app, with the App Push credential. */
import { directoryEntries, directoryOperations } from '../push/directory';
import { pushGetStatistics } from '../push/getStatistics.operation';
import { pushSend } from '../push/send.operation';
import { pushSendBatch } from '../push/sendBatch.operation';
import { pushWithdraw } from '../push/withdraw.operation';
import type { Resource } from '../types';

const directory = directoryEntries('appPush');

export const appPush: Resource = {
	resource: { name: 'App Push', value: 'appPush', description: 'Notifications and custom messages to Android, iOS and HarmonyOS apps (EngageLab App Push)' },
	operationHelp: 'What to do with EngageLab App Push',
	defaultOperation: 'send',
	options: [
		directory.countTagDevices,
		directory.deleteAlias,
		directory.deleteDevice,
		directory.deleteTag,
		directory.getAliasDevices,
		directory.getDevice,
		directory.getManyTags,
		{
			name: 'Get Statistics',
			value: 'getStatistics',
			description: 'Delivery and click statistics of a sent message, by its message ID',
			action: 'Get statistics of an app push',
		},
		{
			name: 'Send',
			value: 'send',
			description: 'Push a notification or custom message to an audience, or only validate it',
			action: 'Send an app push',
		},
		{
			name: 'Send Batch',
			value: 'sendBatch',
			description: 'Push each item\'s content to its registration IDs or aliases, 500 targets per request',
			action: 'Send an app push batch',
		},
		directory.updateDevice,
		directory.updateTagDevices,
		{
			name: 'Withdraw',
			value: 'withdraw',
			description: 'Withdraw a message sent in the last day, by its message ID',
			action: 'Withdraw an app push',
		},
	],
	operations: { getStatistics: pushGetStatistics('appPush', 'appPush'), send: pushSend('appPush', 'appPush'), sendBatch: pushSendBatch('appPush', 'appPush'), withdraw: pushWithdraw('appPush'), ...directoryOperations('appPush', 'appPush') },
};
