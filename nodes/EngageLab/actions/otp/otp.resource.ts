/** OTP: verification codes through EngageLab OTP, with the OTP credential. */
import { send } from './send.operation';
import { verify } from './verify.operation';
import { getTemplates } from './getTemplates.operation';
import { getTemplatesOption } from '../shared/templateList';
import type { Resource } from '../types';

export const otp: Resource = {
	resource: { name: 'OTP', value: 'otp', description: 'One-time verification codes by SMS, WhatsApp, email or voice (EngageLab OTP)' },
	operationHelp: 'What to do with EngageLab OTP',
	defaultOperation: 'send',
	options: [
		getTemplatesOption('OTP'),
		{
			name: 'Send',
			value: 'send',
			description: 'Send a verification code to a phone number or email address through an OTP template',
			action: 'Send a verification code',
		},
		{
			name: 'Verify',
			value: 'verify',
			description: 'Check the code a person entered against the one EngageLab sent',
			action: 'Verify a code a person entered',
		},
	],
	operations: { getTemplates, send, verify },
};
