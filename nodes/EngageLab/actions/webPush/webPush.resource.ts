/** Web Push: pushes to the devices of an EngageLab Web Push app, with the Web Push credential. */
import { directoryEntries, directoryOperations } from '../push/directory';
import { pushGetStatistics } from '../push/getStatistics.operation';
import { pushSend } from '../push/send.operation';
import { pushSendBatch } from '../push/sendBatch.operation';
import { pushWithdraw } from '../push/withdraw.operation';
import type { Resource } from '../types';

const directory = directoryEntries('webPush');

export const webPush: Resource = {
	resource: { name: 'Web Push', value: 'webPush', description: 'Notifications and custom messages to browsers (EngageLab Web Push)' },
	operationHelp: 'What to do with EngageLab Web Push',
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
			action: 'Get statistics of a web push',
		},
		{
			name: 'Send',
			value: 'send',
			description: 'Push a notification or custom message to an audience, or only validate it',
			action: 'Send a web push',
		},
		{
			name: 'Send Batch',
			value: 'sendBatch',
			description: 'Push each item\'s content to its registration IDs or aliases, 500 targets per request',
			action: 'Send a web push batch',
		},
		directory.updateDevice,
		directory.updateTagDevices,
		{
			name: 'Withdraw',
			value: 'withdraw',
			description: 'Withdraw a message sent in the last day, by its message ID',
			action: 'Withdraw a web push',
		},
	],
	operations: { getStatistics: pushGetStatistics('webPush', 'webPush'), send: pushSend('webPush', 'webPush'), sendBatch: pushSendBatch('webPush', 'webPush'), withdraw: pushWithdraw('webPush'), ...directoryOperations('webPush', 'webPush') },
};
