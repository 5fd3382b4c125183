/**
 * What WhatsApp → Send Template, Send Text and Send Media share (docs/whatsapp/api.md):
 * recipients, the optional sending number and request id, and the send itself (`POST
 * /v1/messages` with `body.type` and its sub-object), never repeated after an ambiguous failure.
 */
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Job } from '../../execution/work';
import { WHATSAPP_LIMITS } from '../../products/whatsapp/whatsapp.product';
import { valueOrRefuse } from '../shared/parameters';
import { sendJob } from '../shared/perItem';
import { checkPhone, checkPhones } from '../../validation/recipients';


export function toField(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'To',
		name: 'to',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+447911123456',
		description: 'WhatsApp number in E.164 format (+, country code, number). Several (at most 100): separate them with commas; a number given twice (however written) gets one message.',
		displayOptions: { show },
	};
}

export function extraFields(show: IDisplayOptions['show']): INodeProperties {
	return {
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Optional settings of this message',
		displayOptions: { show },
		options: [
			{
				displayName: 'From',
				name: 'from',
				type: 'string',
				default: '',
				placeholder: '+8613800138000',
				description: 'The business number to send from (E.164); default: the account\'s number',
			},
			{
				displayName: 'Request ID',
				name: 'requestId',
				type: 'string',
				default: '',
				description: 'Your own ID for this message, returned in the output and in EngageLab\'s status callbacks',
			},
		],
	};
}

/** The send job of one item, with the checked recipients, sending number and request id. */
export function whatsappJob(ctx: IExecuteFunctions, itemIndex: number, body: IDataObject, output: IDataObject): Job {
	const to = valueOrRefuse(ctx, checkPhones(ctx.getNodeParameter('to', itemIndex, ''), WHATSAPP_LIMITS.recipients), itemIndex, 'Check the To field.');
	const extra = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const request: IDataObject = { to, body };
	const from = String(extra.from ?? '').trim();
	if (from) request.from = valueOrRefuse(ctx, checkPhone(from), itemIndex, 'Check From in Additional Fields.');
	const requestId = String(extra.requestId ?? '').trim();
	if (requestId) request.request_id = requestId;
	return sendJob(itemIndex, '/v1/messages', request, (result) => ({ to, ...output, ...result }));
}
