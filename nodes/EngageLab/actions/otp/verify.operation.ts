/**
 * OTP → Verify (`POST /v1/verifications`, docs/otp/api.md): is this the code EngageLab sent
 * with this message? A wrong code is an answer (`verified: false`), not an error. Not repeated
 * after an ambiguous failure: a code verified once cannot be verified again (3003), so a retry
 * would report a correct code as expired.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Work } from '../../execution/work';
import { trimmedParameter, valueOrRefuse } from '../shared/parameters';
import { perItem, sendJob } from '../shared/perItem';
import type { Operation, WorkContext } from '../types';

const show = { resource: ['otp'], operation: ['verify'] };

const description: INodeProperties[] = [
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '',
		placeholder: '1725407449772531712',
		description: 'The message_id OTP → Send returned for the code (keep it as text)',
		displayOptions: { show },
	},
	{
		displayName: 'Code',
		name: 'verifyCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: '123456',
		description: 'The code the person entered',
		displayOptions: { show },
	},
];

const VERIFY_NOT_REPEATED =
	'A verification is not safe to repeat: EngageLab may have checked the code before the answer was lost, and a code can be verified only once (a second try answers "expired or already verified"), so the node did not try again. Ask the person for a new code if needed.';

function work(ctx: IExecuteFunctions, { itemCount }: WorkContext): Iterator<Work> {
	return perItem(itemCount, (itemIndex) => {
		const messageId = valueOrRefuse(
			ctx,
			((id: string) => (/^\S{1,64}$/.test(id) ? { ok: true as const, value: id } : { ok: false as const, problem: id ? `"${id}" is not a message ID` : 'No message ID given' }))(
				trimmedParameter(ctx, 'messageId', itemIndex),
			),
			itemIndex,
			'Set Message ID to the message_id that OTP → Send returned.',
		);
		const code = trimmedParameter(ctx, 'verifyCode', itemIndex);
		valueOrRefuse(ctx, code ? { ok: true, value: code } : { ok: false, problem: 'No code given' }, itemIndex, 'Set Code to the code the person entered.');
		const job = sendJob(itemIndex, '/v1/verifications', { message_id: messageId, verify_code: code }, (result) => ({
			message_id: messageId,
			verified: result.verified === true,
		}));
		job.call.notRepeatedBecause = VERIFY_NOT_REPEATED;
		// The code a person typed is kept out of what the node prints, like an own code on Send.
		job.call.secrets = [code];
		return job;
	});
}

/** otp:verify as its resource lists it: the fields above and the work of a run. */
export const verify: Operation = { description, work };
