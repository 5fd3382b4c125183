/**
 * App Push / Web Push → Create Schedule (`POST /v4/schedules`, D18): a name, a Single or
 * Periodical trigger and the push itself, built as Send builds it (its cid dedups the pushes the
 * schedule makes, not the creation). Every check is made before anything is sent.
 *
 * Creating is not idempotent and EngageLab documents no dedup key for it, so the POST is never
 * repeated after an ambiguous failure: the node reads the schedule list instead, and a schedule
 * equal to the one sent (name, trigger and push) is the item's output with `recovered: true`;
 * none (or several) and the item fails "may or may not have been created". n8n's Retry On Fail
 * re-runs the node: the send ledger gives the re-run the first POST's answer (or its failure,
 * which is then recovered again) instead of a second POST.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { sendLedgerFor } from '../../../execution/sendLedger';
import type { Work } from '../../../execution/work';
import type { PushProduct } from '../../../products/push/hosts';
import { JsonLong } from '../../../transport/longJson';
import type { EngageLabResponse, RequestCall } from '../../../transport/request';
import { mayHaveBeenApplied } from '../../../transport/unsure';
import type { Operation, WorkContext } from '../../types';
import { builtOrRefuse, refuseRepeatedCid } from '../pushItem';
import { buildItem } from '../send.operation';
import { sendFields } from '../sendFields';
import type { JsonObject } from '../shared/built';
import { CidOwners } from '../shared/cid';
import { buildSchedule, scheduleName } from '../shared/schedule';
import { readSchedules } from './scheduleList';
import { readTrigger, triggerFields } from './triggerFields';

const OPERATION = 'createSchedule';

const NOT_REPEATED =
	'Creating a schedule twice would make two schedules (EngageLab has no duplicate check for it), so the node did not send it again.';

function description(product: PushProduct, resource: string) {
	const show = { resource: [resource], operation: [OPERATION] };
	return [
		{
			displayName: 'Schedule Name',
			name: 'scheduleName',
			type: 'string' as const,
			required: true,
			default: '',
			placeholder: 'weekly_digest',
			description: 'Letters, digits and _ only (no spaces), at most 255 bytes',
			displayOptions: { show },
		},
		{
			displayName: 'Trigger',
			name: 'trigger',
			type: 'options' as const,
			options: [
				{ name: 'Single', value: 'single', description: 'Send once, at a set time' },
				{ name: 'Periodical', value: 'periodical', description: 'Send again and again between a start and an end' },
			],
			default: 'single',
			description: 'When the schedule sends',
			displayOptions: { show },
		},
		...triggerFields(show, 'trigger'),
		...sendFields(product, show).filter((field) => field.name !== 'validateOnly'),
	];
}

/** Key order, white space and the type of a number (a long ID read back as digits) do not count (D18). */
function canonical(value: unknown): string {
	if (value instanceof JsonLong) return JSON.stringify(value.digits);
	if (typeof value === 'number' || typeof value === 'bigint') return JSON.stringify(String(value));
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const entries = Object.entries(value as JsonObject).filter(([, v]) => v !== undefined);
		entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
		return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
	}
	return JSON.stringify(value ?? null);
}

const sameSchedule = (a: JsonObject, b: JsonObject) => canonical({ n: a.name, t: a.trigger, p: a.push }) === canonical({ n: b.name, t: b.trigger, p: b.push });

/** D8 as in Send: the schedules' pushes would share one cid, and EngageLab sends a cid once an hour. */
const REPEATED_CID = (earlier: number) =>
	`The push of this schedule would carry the same cid as item ${earlier}'s: when both go out within an hour, EngageLab answers the later one with the earlier one's message ID and sends nothing, so this schedule was not created.`;

type Send = (call: RequestCall) => Promise<EngageLabResponse>;

/** After an ambiguous failure: the schedule it may have created, found in the list, or the item's error. */
async function recover(node: INode, send: Send, itemIndex: number, sent: JsonObject, cause: Error): Promise<IDataObject> {
	const listed = await readSchedules(node, send, itemIndex).then(
		(schedules) => ({ schedules }),
		(error: unknown) => ({ error }),
	);
	const unsure = (why: string) =>
		new NodeOperationError(node, `Schedule ${String(sent.name)} may or may not have been created`, {
			itemIndex,
			description: `${cause.message}. ${why} Check the schedules in the EngageLab console before running this item again: running it again could create it twice.`,
		});
	if ('error' in listed) throw unsure(`The schedule list, read to find out, could not be read either (${listed.error instanceof Error ? listed.error.message : String(listed.error)}).`);
	const found = listed.schedules.filter((s) => sameSchedule(s as JsonObject, sent));
	if (found.length === 1) return { schedule_id: String(found[0].schedule_id), name: found[0].name, recovered: true } as IDataObject;
	throw unsure(found.length === 0 ? 'No schedule in the list equals the one sent.' : `${found.length} schedules in the list equal the one sent, so the node cannot tell which one this item made.`);
}

function* work(ctx: IExecuteFunctions, product: PushProduct, { itemCount, scheduler }: WorkContext): Generator<Work> {
	const ledger = sendLedgerFor(ctx);
	const node = ctx.getNode();
	const cidOwners = new CidOwners();
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) {
		try {
			const name = builtOrRefuse(ctx, scheduleName(ctx.getNodeParameter('scheduleName', itemIndex, '')), itemIndex);
			const kind = ctx.getNodeParameter('trigger', itemIndex, 'single') === 'periodical' ? 'periodical' : 'single';
			const trigger = readTrigger(ctx, itemIndex, kind, scheduler.settings.timing.now());
			const push = buildItem(ctx, product, itemIndex);
			if (push.cid !== undefined) refuseRepeatedCid(ctx, cidOwners, push.cid, itemIndex, REPEATED_CID);
			const body = buildSchedule(name, trigger, push.body);
			const call: RequestCall = { path: '/v4/schedules', body, itemIndex, idempotent: false, notRepeatedBecause: NOT_REPEATED };
			yield {
				items: [itemIndex],
				list: async (send) => {
					const post = async () => await send(call);
					const settled = await (ledger ? ledger.send(call, post) : post()).then(
						(response) => ({ response }),
						(error: unknown) => ({ error }),
					);
					if ('error' in settled) {
						if (settled.error instanceof Error && mayHaveBeenApplied.has(settled.error)) return [await recover(node, send, itemIndex, body, settled.error)];
						throw settled.error;
					}
					const answer = (settled.response.result ?? {}) as IDataObject;
					const id = answer.schedule_id;
					if (typeof id === 'string' && id !== '') return [{ ...answer, schedule_id: id }];
					// A 2xx without the ID: it was probably created; the list tells.
					return [await recover(node, send, itemIndex, body, new Error('EngageLab answered the create without a schedule ID'))];
				},
			};
		} catch (error) {
			yield { item: itemIndex, error };
		}
	}
}

export function pushCreateSchedule(product: PushProduct, resource: string): Operation {
	return { description: description(product, resource), work: (ctx, run) => work(ctx, product, run), sends: true };
}
