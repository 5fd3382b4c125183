/** Email → Send (`POST /v1/mail/send`, docs/email/api.md): one email per item, HTML and/or text. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Work } from '../../execution/work';
import { trimmedParameter } from '../shared/parameters';
import { perItem, sendJob } from '../shared/perItem';
import type { Operation, WorkContext } from '../types';
import { checkSubject, claimRequestId, emailOutput, envelopeFields, optionsFields, readEnvelope } from './envelope';

const show = { resource: ['email'], operation: ['send'] };

const description: INodeProperties[] = [
	...envelopeFields(show),
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		required: true,
		default: '',
		description: 'At most 256 characters; %name% variables allowed',
		displayOptions: { show },
	},
	{
		displayName: 'HTML',
		name: 'html',
		type: 'string',
		typeOptions: { rows: 5 },
		default: '',
		description: 'The HTML content. HTML, Text or both must be given.',
		displayOptions: { show },
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		description: 'The plain-text content. HTML, Text or both must be given.',
		displayOptions: { show },
	},
	...optionsFields(show, false),
];

function work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Iterator<Work> {
	const requestIds = new Map<string, number>();
	return perItem(itemCount, (itemIndex) => {
		const envelope = readEnvelope(ctx, itemIndex);
		const subject = checkSubject(ctx, trimmedParameter(ctx, 'subject', itemIndex), itemIndex);
		const html = String(ctx.getNodeParameter('html', itemIndex, '') ?? '');
		const plain = String(ctx.getNodeParameter('text', itemIndex, '') ?? '');
		if (!html.trim() && !plain.trim()) {
			throw new NodeOperationError(ctx.getNode(), 'The email has no content', {
				itemIndex,
				description: 'Fill in HTML, Text or both. Nothing was sent for this item.',
			});
		}
		const content = { ...(html.trim() && { html }), ...(plain.trim() && { text: plain }) };
		const body = { ...envelope.request, body: { ...envelope.body, subject, content } };
		// Idempotent thanks to request_id (envelope.ts): retried like an MA call.
		claimRequestId(ctx, envelope, itemIndex, requestIds);
		return sendJob(itemIndex, '/v1/mail/send', body, (result) => emailOutput(envelope, result), true);
	});
}

/** email:send as its resource lists it: the fields above and the work of a run. */
export const send: Operation = { description, work, sends: true };
