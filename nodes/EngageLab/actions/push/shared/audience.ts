/**
 * The `to` of a push from the form's audience (docs/push/decisions.md D10, D24): "all", or any of
 * tag (OR), tag_and, tag_not, alias, registration_id and one segment, sent as built (how
 * EngageLab combines several keys is its rule, not documented).
 */
import { PUSH_LIMITS, utf8Bytes } from '../../../products/push/limits';
import type { PushProduct } from '../../../products/push/hosts';
import { type Built, listOf, problem, text } from './built';

export interface AudienceParams {
	/** "all": every device (Web Push: devices active in the last 30 days). */
	audience: 'all' | 'custom';
	tags?: unknown;
	tagsAnd?: unknown;
	tagsNot?: unknown;
	aliases?: unknown;
	registrationIds?: unknown;
	segmentId?: unknown;
}

export type PushAudience =
	| 'all'
	| {
			tag?: string[];
			tag_and?: string[];
			tag_not?: string[];
			alias?: string[];
			registration_id?: string[];
			seg?: { id: string };
	  };

const LIST_KEYS = [
	['tags', 'tag', 'Tags (Any)'],
	['tagsAnd', 'tag_and', 'Tags (All)'],
	['tagsNot', 'tag_not', 'Tags (None)'],
	['aliases', 'alias', 'Aliases'],
	['registrationIds', 'registration_id', 'Registration IDs'],
] as const;

export function buildAudience(product: PushProduct, params: AudienceParams): Built<PushAudience> {
	if (params.audience === 'all') return { ok: 'all' };
	if (params.audience !== 'custom') return problem(`Unknown audience "${String(params.audience)}"`);
	const to: Exclude<PushAudience, 'all'> = {};
	for (const [param, key, label] of LIST_KEYS) {
		const values = listOf(params[param]);
		if (values.length === 0) continue;
		if (key === 'registration_id' && values.length > PUSH_LIMITS.audienceRegistrationIds) {
			return problem(
				`${label}: ${values.length} registration IDs, more than the ${PUSH_LIMITS.audienceRegistrationIds} one push may target`,
				'Use Send Batch for more devices, or a tag.',
			);
		}
		if (key === 'alias' && values.length > PUSH_LIMITS.audienceAliases) {
			return problem(
				`${label}: ${values.length} aliases, more than the ${PUSH_LIMITS.audienceAliases} one push may target`,
				'Use Send Batch for more devices, or a tag.',
			);
		}
		if (key !== 'registration_id') {
			const limit = key === 'alias' ? PUSH_LIMITS.aliasBytes : PUSH_LIMITS.tagBytes;
			const long = values.find((v) => utf8Bytes(v) > limit);
			if (long !== undefined) {
				return problem(`${label}: "${long}" is longer than ${limit} bytes`, 'EngageLab tags and aliases are at most 40 bytes (UTF-8).');
			}
		}
		to[key] = values;
	}
	const segment = text(params.segmentId);
	if (segment !== '') {
		if (product === 'webPush') return problem('Web Push has no segments', 'Use tags, aliases or registration IDs.');
		to.seg = { id: segment };
	}
	if (Object.keys(to).length === 0) {
		return problem('The audience is empty', 'Set at least one tag, alias, registration ID or segment, or choose All Devices.');
	}
	return { ok: to };
}

