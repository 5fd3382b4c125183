/** Event: what users did, reported to EngageLab. */
import type { Resource } from '../types';
import { reportFields, reportWork } from './report.operation';
import { identifyByEverywhere, resolveUsers } from '../shared/identifyUser';

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
	operations: {
		report: {
			description: reportFields,
			work: (ctx, run) =>
				reportWork(
					ctx,
					run.itemCount,
					run.continueOnFail,
					run.version,
					identifyByEverywhere(run.version) ? resolveUsers(ctx, run.scheduler, run.itemCount, run.version) : undefined,
				),
		},
	},
};
