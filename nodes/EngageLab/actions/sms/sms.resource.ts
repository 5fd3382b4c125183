/** SMS: messages through EngageLab SMS, with the SMS credential (not the MA one). */
import { send } from './send.operation';
import { getTemplates } from './getTemplates.operation';
import { getTemplatesOption } from '../shared/templateList';
import type { Resource } from '../types';

export const sms: Resource = {
	resource: { name: 'SMS', value: 'sms', description: 'Text messages from an approved template (EngageLab SMS)' },
	operationHelp: 'What to do with EngageLab SMS',
	defaultOperation: 'send',
	options: [
		getTemplatesOption('SMS'),
		{
			name: 'Send',
			value: 'send',
			description: 'Send an approved SMS template with its variables to one or more numbers, now or later',
			action: 'Send an SMS from a template',
		},
	],
	operations: { getTemplates, send },
};
