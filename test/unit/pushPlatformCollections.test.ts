/**
 * App Push's Android, iOS and HarmonyOS collections (docs/push/decisions.md D42), computed with
 * n8n's own parameter rules (NodeHelpers.getNodeParameters, which n8n runs on a stored node before
 * executing it, and which the editor runs on every change): in node versions 1 and 2 each
 * collection shows whatever Platforms says, so values stored for a platform the push no longer
 * lists reach the node (which refuses the item, D12) instead of being dropped unseen. The second
 * block shows why: had the collection `show: { platform: [...] }`, n8n would drop those values.
 */
import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { EngageLab } from '../../nodes/EngageLab/EngageLab.node';

const { description } = new EngageLab();

const COLLECTIONS = ['android', 'ios', 'hmos'] as const;
const OPERATIONS: Array<[string, INodeParameters]> = [
	['send', {}],
	['sendBatch', {}],
	['createSchedule', {}],
	['updateSchedule', { newPush: 'replace' }],
];
const PLATFORMS: Array<[string, unknown]> = [
	['Android only', ['android']],
	['iOS only', ['ios']],
	['none', []],
	['an expression', '={{ $json.platforms }}'],
];

/** The node's parameters as n8n resolves them before a run (defaults added, hidden ones dropped). */
function resolved(properties: INodeProperties[], typeVersion: number, values: INodeParameters): INodeParameters {
	return NodeHelpers.getNodeParameters(properties, values, true, false, { typeVersion }, { ...description, properties })!;
}

const stored = (operation: string, extra: INodeParameters, platform: unknown): INodeParameters => ({
	resource: 'appPush',
	operation,
	...extra,
	content: 'notification',
	platform: platform as INodeParameters[string],
	android: { title: 'A' },
	ios: { title: 'I' },
	hmos: { title: 'H' },
});

describe.each([1, 2])('node version %i: the platform collections show whatever Platforms says', (typeVersion) => {
	it.each(OPERATIONS.flatMap(([operation, extra]) => PLATFORMS.map(([what, platform]) => [operation, what, extra, platform] as const)))(
		'%s, Platforms %s: every collection keeps its stored values',
		(operation, _what, extra, platform) => {
			const params = resolved(description.properties, typeVersion, stored(operation, extra, platform));
			expect(COLLECTIONS.map((c) => params[c])).toEqual([{ title: 'A' }, { title: 'I' }, { title: 'H' }]);
		},
	);
});

describe('why they are not hidden: n8n drops the values of a hidden collection before the node runs', () => {
	/** The description as it would be with each collection shown only when Platforms lists its platform. */
	const hiding = description.properties.map((p) =>
		(COLLECTIONS as readonly string[]).includes(p.name) && p.type === 'collection' && p.displayOptions?.show?.content
			? { ...p, displayOptions: { show: { ...p.displayOptions.show, platform: [p.name] } } }
			: p,
	);

	it('Platforms Android only: the iOS and HarmonyOS values are gone, unseen (the node could no longer refuse the item)', () => {
		const params = resolved(hiding, 2, stored('send', {}, ['android']));
		expect(COLLECTIONS.map((c) => params[c])).toEqual([{ title: 'A' }, undefined, undefined]);
	});

	it('Platforms as an expression: n8n shows (and keeps) every collection', () => {
		const params = resolved(hiding, 2, stored('send', {}, '={{ $json.platforms }}'));
		expect(COLLECTIONS.map((c) => params[c])).toEqual([{ title: 'A' }, { title: 'I' }, { title: 'H' }]);
	});
});
