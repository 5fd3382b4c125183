/** WhatsApp: messages through EngageLab WhatsApp Business, with the WhatsApp credential. */
import { sendMedia } from './sendMedia.operation';
import { sendTemplate } from './sendTemplate.operation';
import { sendText } from './sendText.operation';
import { getTemplates } from './getTemplates.operation';
import { getTemplatesOption } from '../shared/templateList';
import type { Resource } from '../types';

export const whatsapp: Resource = {
	resource: { name: 'WhatsApp', value: 'whatsapp', description: 'WhatsApp Business messages through EngageLab WhatsApp' },
	operationHelp: 'What to do with EngageLab WhatsApp',
	defaultOperation: 'sendTemplate',
	options: [
		getTemplatesOption('WhatsApp'),
		{
			name: 'Send Media',
			value: 'sendMedia',
			description: 'Send an image, video, audio, document or sticker by URL, within 24 h of their last message',
			action: 'Send a WhatsApp media message',
		},
		{
			name: 'Send Template',
			value: 'sendTemplate',
			description: 'Send an approved template with its variables (the only way to start a conversation)',
			action: 'Send a WhatsApp template message',
		},
		{
			name: 'Send Text',
			value: 'sendText',
			description: 'Send a text message (within 24 hours of the person\'s last message)',
			action: 'Send a WhatsApp text message',
		},
	],
	operations: { getTemplates, sendMedia, sendTemplate, sendText },
};
