import { batchWork } from '../../nodes/EngageLab/actions/shared/batch';
import type { Job, Work } from '../../nodes/EngageLab/execution/work';

/** Items as [group, value] or 'bad'; batches of at most 2 entries. */
function run(rows: Array<[string, string] | 'bad'>, continueOnFail: boolean): string[] {
	const work = batchWork<string>({
		itemCount: rows.length,
		continueOnFail,
		read: (i) => {
			const row = rows[i];
			if (row === 'bad') throw new Error(`bad ${i}`);
			return { group: row[0], entry: row[1] };
		},
		fits: (entries) => entries.length < 2,
		toJob: (group, items, entries): Job => ({ items, call: { path: group, body: entries, itemIndex: items[0], idempotent: true }, toResults: () => [] }),
	});
	return [...(work as Iterable<Work>)].map((w) => ('call' in w ? `${w.call.path}:${w.items.join(',')}` : 'item' in w ? `fail:${w.item}` : 'deferred'));
}

describe('batchWork', () => {
	it('groups by key, sends a batch when the next item does not fit, the rest at the end in order of first item', () => {
		expect(run([['a', '1'], ['b', '2'], ['a', '3'], ['a', '4'], ['b', '5']], true)).toEqual(['a:0,2', 'b:1,4', 'a:3']);
	});

	it('with continue on fail a refused item fails at once and batches stay full', () => {
		expect(run([['a', '1'], 'bad', ['a', '3']], true)).toEqual(['fail:1', 'a:0,2']);
	});

	it('without continue on fail the open batches are sent before the refused item', () => {
		expect(run([['a', '1'], ['b', '2'], 'bad', ['a', '3']], false)).toEqual(['a:0', 'b:1', 'fail:2', 'a:3']);
	});
});
