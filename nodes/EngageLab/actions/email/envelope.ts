/**
 * Email → Send and Send Template share the envelope (docs/email/api.md): from, to, cc,
 * bcc, reply_to, variables, label, and request_id, Email's documented one-hour dedup key. Each
 * item gets a request_id (yours, or a UUID derived from the execution, node run and item, so the
 * same on n8n's Retry On Fail) before its first attempt, so an Email send, unlike the other
 * products', may be retried after an ambiguous failure: a repeat within the hour returns the
 * first result instead of sending again.
 */
import type { IDataObject, IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runItemId } from '../../execution/runItemId';
import { EMAIL_LIMITS } from '../../products/email/email.product';
import { nameValuePairs, pairsField } from '../shared/templateFields';
import { trimmedParameter, valueOrRefuse } from '../shared/parameters';
import { addressKey, checkEmail, checkEmails, CONTROL } from '../../validation/recipients';

export function envelopeFields(show: IDisplayOptions['show']): INodeProperties[] {
	return [
		{
			displayName: 'From',
			name: 'from',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'Acme <support@mail.acme.com>',
			description: 'The sender: an address of a sending domain verified in EngageLab Email, optionally with a name (Name &lt;address&gt;)',
			displayOptions: { show },
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'ada@example.com',
			description: 'Recipient addresses (at most 100), separated by commas; each gets its own copy, an address given twice only one',
			displayOptions: { show },
		},
	];
}

export function optionsFields(show: IDisplayOptions['show'], withSubject: boolean): INodeProperties[] {
	return [
		pairsField(
			show,
			'variables',
			'Variables',
			'Values for %name% placeholders in the subject and content (name without the % signs), the same for every recipient of the item',
		),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'Optional settings of this email',
			displayOptions: { show },
			options: [
				{ displayName: 'BCC', name: 'bcc', type: 'string', default: '', description: 'Blind copy addresses (at most 100), separated by commas; one already in To or CC is left out' },
				{ displayName: 'CC', name: 'cc', type: 'string', default: '', description: 'Copy addresses (at most 100), separated by commas; one already in To is left out' },
				{ displayName: 'Label Name', name: 'labelName', type: 'string', default: '', description: 'A label for EngageLab\'s statistics (created if it does not exist)' },
				{ displayName: 'Reply To', name: 'replyTo', type: 'string', default: '', description: 'Where replies go (at most 3 addresses); default: From' },
				{
					displayName: 'Request ID',
					name: 'requestId',
					type: 'string',
					default: '',
					description:
						'EngageLab sends an email with the same Request ID only once within an hour (at most 128 characters). Leave empty for one per item (kept when n8n\'s Retry On Fail re-runs the node); set it (e.g. to your order ID) to make re-running the workflow within the hour safe. Two items of one run with the same Request ID are refused.',
				},
				...(withSubject
					? [
							{
								displayName: 'Subject',
								name: 'subject',
								type: 'string' as const,
								default: '',
								description: 'Replaces the template\'s own subject (at most 256 characters)',
							},
						]
					: []),
			],
		},
	];
}

export interface Envelope {
	from: string;
	to: string[];
	/** The Request ID is the user's (a random one is never repeated). */
	ownRequestId: boolean;
	request: IDataObject;
	body: IDataObject;
}

/** The checked envelope of one item: top-level fields and the `body` fields both operations share. */
export function readEnvelope(ctx: IExecuteFunctions, itemIndex: number): Envelope {
	const from = valueOrRefuse(ctx, checkEmail(trimmedParameter(ctx, 'from', itemIndex)), itemIndex, 'Check From: one address, optionally with a name (Acme <support@mail.acme.com>).');
	const to = valueOrRefuse(ctx, checkEmails(ctx.getNodeParameter('to', itemIndex, ''), EMAIL_LIMITS.recipients, 'To'), itemIndex, 'Check the To field.');
	const extra = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const body: IDataObject = {};
	const list = (name: string, max: number, what: string, taken?: string[]) =>
		valueOrRefuse(ctx, checkEmails(extra[name] ?? '', max, what, false, new Set(taken?.map(addressKey))), itemIndex, `Check ${what} in Additional Fields.`);
	// An address already in To (or CC) would get a second copy.
	const cc = list('cc', EMAIL_LIMITS.recipients, 'CC', to);
	const bcc = list('bcc', EMAIL_LIMITS.recipients, 'BCC', [...to, ...cc]);
	const replyTo = list('replyTo', EMAIL_LIMITS.replyTo, 'Reply To');
	if (cc.length) body.cc = cc;
	if (bcc.length) body.bcc = bcc;
	if (replyTo.length) body.reply_to = replyTo;
	const subject = String(extra.subject ?? '').trim();
	if (subject) body.subject = checkSubject(ctx, subject, itemIndex);
	const variables = nameValuePairs(ctx, 'variables', itemIndex);
	// One value per recipient (email.md): the item's value for each of its recipients.
	if (Object.keys(variables).length) body.vars = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, to.map(() => v)]));
	const label = String(extra.labelName ?? '').trim();
	if (label) body.label_name = label;
	// cc and bcc are honoured only with send_mode 1 (email.md, gap 4).
	if (cc.length || bcc.length) body.settings = { send_mode: 1 };
	const ownId = String(extra.requestId ?? '').trim();
	const requestId = ownId || runItemId(ctx, itemIndex, 'email request_id');
	if (requestId.length > EMAIL_LIMITS.requestIdCharacters) {
		throw new NodeOperationError(ctx.getNode(), `The Request ID is ${requestId.length} characters long; at most ${EMAIL_LIMITS.requestIdCharacters}`, {
			itemIndex,
			description: 'Shorten the Request ID, or leave it empty for a random one. Nothing was sent for this item.',
		});
	}
	return { from, to, body, ownRequestId: ownId !== '', request: { from, to, request_id: requestId } };
}

/**
 * Refuses a Request ID an earlier item of this run already sends with: EngageLab would send one
 * email and answer the later item with the first one's result, as if it had been sent.
 * `seen` maps each Request ID of the run to the first item that sends with it.
 */
export function claimRequestId(ctx: IExecuteFunctions, envelope: Envelope, itemIndex: number, seen: Map<string, number>): void {
	const id = envelope.request.request_id as string;
	const first = seen.get(id);
	if (first !== undefined && envelope.ownRequestId) {
		throw new NodeOperationError(ctx.getNode(), `Request ID "${id.slice(0, 80)}" is already the Request ID of item ${first}: EngageLab would send only one of the two emails`, {
			itemIndex,
			description:
				"EngageLab sends an email with the same Request ID only once within an hour and answers a repeat with the first email's result: give each item its own (e.g. an expression with your order ID), or leave it empty for a random one. Nothing was sent for this item.",
		});
	}
	if (first === undefined) seen.set(id, itemIndex);
}

export function checkSubject(ctx: IExecuteFunctions, subject: string, itemIndex: number): string {
	if (!subject) {
		throw new NodeOperationError(ctx.getNode(), 'No subject given', { itemIndex, description: 'Set Subject. Nothing was sent for this item.' });
	}
	if (CONTROL.test(subject)) {
		throw new NodeOperationError(ctx.getNode(), 'The subject holds a line break, NUL or another control character', {
			itemIndex,
			description: 'Write the subject on one line (a line break in a subject would start a new mail header). Nothing was sent for this item.',
		});
	}
	if ([...subject].length > EMAIL_LIMITS.subjectCharacters) {
		throw new NodeOperationError(ctx.getNode(), `The subject is ${[...subject].length} characters long; at most ${EMAIL_LIMITS.subjectCharacters}`, {
			itemIndex,
			description: 'Shorten the subject. Nothing was sent for this item.',
		});
	}
	return subject;
}

/** The output: who it went to, the request id, and EngageLab's email ids (one per recipient). */
export function emailOutput(envelope: Envelope, result: IDataObject): IDataObject {
	return { to: envelope.to, ...result, request_id: (result.request_id as string | undefined) || (envelope.request.request_id as string) };
}
