/** App Push: pushes to the devices of an EngageLab App Push app, with the App Push credential. */
import { directoryEntries, directoryOperations } from '../push/directory';
import { pushGetStatistics } from '../push/getStatistics.operation';
import { pushSend } from '../push/send.operation';
import { pushSendBatch } from '../push/sendBatch.operation';
import { pushWithdraw } from '../push/withdraw.operation';
import { pushCreateSchedule } from '../push/schedule/createSchedule.operation';
import { pushDeleteSchedule } from '../push/schedule/deleteSchedule.operation';
import { pushGetSchedule } from '../push/schedule/getSchedule.operation';
import { pushGetSchedules } from '../push/schedule/getSchedules.operation';
import { pushUpdateSchedule } from '../push/schedule/updateSchedule.operation';
import type { Resource } from '../types';

const directory = directoryEntries('appPush');

export const appPush: Resource = {
	resource: { name: 'App Push', value: 'appPush', description: 'Notifications and custom messages to Android, iOS and HarmonyOS apps (EngageLab App Push)' },
	operationHelp: 'What to do with EngageLab App Push',
	defaultOperation: 'send',
	options: [
		directory.countTagDevices,
		{
			name: 'Create Schedule',
			value: 'createSchedule',
			description: 'Schedule a push: once at a set time, or again and again between a start and an end',
			action: 'Create a schedule of app pushes',
		},
		directory.deleteAlias,
		directory.deleteDevice,
		{
			name: 'Delete Schedule',
			value: 'deleteSchedule',
			description: 'Delete a schedule by its schedule ID',
			action: 'Delete a schedule of app pushes',
		},
		directory.deleteTag,
		directory.getAliasDevices,
		directory.getDevice,
		{
			name: 'Get Many Schedules',
			value: 'getSchedules',
			description: 'List the schedules of the app: all of them, or up to a limit',
			action: 'Get many schedules of app pushes',
		},
		directory.getManyTags,
		{
			name: 'Get Schedule',
			value: 'getSchedule',
			description: 'Read a schedule by its schedule ID',
			action: 'Get a schedule of app pushes',
		},
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
		{
			name: 'Update Schedule',
			value: 'updateSchedule',
			description: 'Change a schedule\'s name, on/off state, trigger or push',
			action: 'Update a schedule of app pushes',
		},
		directory.updateTagDevices,
		{
			name: 'Withdraw',
			value: 'withdraw',
			description: 'Withdraw a message sent in the last day, by its message ID',
			action: 'Withdraw an app push',
		},
	],
	operations: {
		getStatistics: pushGetStatistics('appPush', 'appPush'),
		send: pushSend('appPush', 'appPush'),
		sendBatch: pushSendBatch('appPush', 'appPush'),
		withdraw: pushWithdraw('appPush'),
		...directoryOperations('appPush', 'appPush'),
		createSchedule: pushCreateSchedule('appPush', 'appPush'),
		deleteSchedule: pushDeleteSchedule('appPush'),
		getSchedule: pushGetSchedule('appPush'),
		getSchedules: pushGetSchedules('appPush'),
		updateSchedule: pushUpdateSchedule('appPush', 'appPush'),
	},
};
