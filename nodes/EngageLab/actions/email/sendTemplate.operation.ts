/** Email → Send Template (`POST /v1/mail/sendtemplate`, docs/email/api.md): a stored template by invoke name. */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Work } from '../../execution/work';
import { templateField, templateValue } from '../shared/templateFields';
import { perItem, sendJob } from '../shared/perItem';
import type { Operation, WorkContext } from '../types';
import { claimRequestId, emailOutput, envelopeFields, optionsFields, readEnvelope } from './envelope';

const show = { resource: ['email'], operation: ['sendTemplate'] };

const description: INodeProperties[] = [
	...envelopeFields(show),
	templateField(
		show,
		'searchEmailTemplates',
		{ displayName: 'Invoke Name', placeholder: 'month_bill' },
		'An email template (Email console → Templates), by its invoke name',
	),
	...optionsFields(show, true),
];

function work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Iterator<Work> {
	const requestIds = new Map<string, number>();
	return perItem(itemCount, (itemIndex) => {
		const envelope = readEnvelope(ctx, itemIndex);
		const template = templateValue(ctx, itemIndex);
		const body = { ...envelope.request, body: { ...envelope.body, template_invoke_name: template } };
		claimRequestId(ctx, envelope, itemIndex, requestIds);
		return sendJob(itemIndex, '/v1/mail/sendtemplate', body, (result) => ({ template, ...emailOutput(envelope, result) }), true);
	});
}

/** email:sendTemplate as its resource lists it: the fields above and the work of a run. */
export const sendTemplate: Operation = { description, work, sends: true };
