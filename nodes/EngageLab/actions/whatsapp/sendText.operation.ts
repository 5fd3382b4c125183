/** WhatsApp → Send Text: a text message (only within 24 hours of the person's last message, per WhatsApp's rules). */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Work } from '../../execution/work';
import { WHATSAPP_LIMITS } from '../../products/whatsapp/whatsapp.product';
import { perItem } from '../shared/perItem';
import type { Operation, WorkContext } from '../types';
import { extraFields, toField, whatsappJob } from './envelope';

const show = { resource: ['whatsapp'], operation: ['sendText'] };

const description: INodeProperties[] = [
	toField(show),
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		description:
			'The message, at most 4096 characters. WhatsApp delivers it only if the person wrote to you in the last 24 hours; otherwise send a template.',
		displayOptions: { show },
	},
	extraFields(show),
];

function work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Iterator<Work> {
	return perItem(itemCount, (itemIndex) => {
		const text = String(ctx.getNodeParameter('text', itemIndex, '') ?? '');
		const length = [...text].length;
		if (!text.trim() || length > WHATSAPP_LIMITS.textCharacters) {
			throw new NodeOperationError(ctx.getNode(), text.trim() ? `The text is ${length} characters long; at most ${WHATSAPP_LIMITS.textCharacters}` : 'No text given', {
				itemIndex,
				description: 'Set Text to 1 to 4096 characters. Nothing was sent for this item.',
			});
		}
		return whatsappJob(ctx, itemIndex, { type: 'text', text: { body: text } }, {});
	});
}

/** whatsapp:sendText as its resource lists it: the fields above and the work of a run. */
export const sendText: Operation = { description, work, sends: true };
