/** Event: what users did, reported to EngageLab. */
import { report } from './report.operation';
import type { Resource } from '../types';

export const event: Resource = {
	resource: {
		name: 'Event',
		value: 'event',
		description: 'Something a user did (signed up, bought, logged in…), reported to EngageLab for analytics and automations',
	},
	operationHelp: 'What to do with the events',
	defaultOperation: 'report',
	options: [
		{
			name: 'Report',
			value: 'report',
			description: 'Report what users did (signed up, bought…), many events per request',
			action: 'Report user events',
		},
	],
	operations: { report },
};
