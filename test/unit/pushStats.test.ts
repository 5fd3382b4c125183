import { bisect, chunkIds, statsIds, statsItems, statsQuery, STATS_PATHS } from '../../nodes/EngageLab/actions/push/shared/stats';
import { messageId } from '../../nodes/EngageLab/actions/push/shared/ids';
import { parseWithLongs } from '../../nodes/EngageLab/transport/longJson';

describe('push message IDs', () => {
	it('keeps digits exact past 2^53 and refuses a number that may have been rounded', () => {
		expect(messageId('1666165485030094861')).toEqual({ ok: '1666165485030094861' });
		expect(messageId(' 0042 ')).toEqual({ ok: '42' });
		expect(messageId(1828256757)).toEqual({ ok: '1828256757' });
		expect(messageId(1666165485030094861)).toMatchObject({ problem: expect.stringContaining('too large to be exact') });
		expect(messageId('1'.repeat(21))).toHaveProperty('problem');
		expect(messageId('-1')).toHaveProperty('problem');
		expect(messageId(undefined)).toHaveProperty('problem');
	});
});

describe('push statistics', () => {
	it('collects IDs from lists and comma text, drops repeats, and asks 100 per request', () => {
		const ids = statsIds(['1666165485030094861, 2', 2, ...Array.from({ length: 200 }, (_, i) => String(1000 + i))]);
		expect('ok' in ids && ids.ok.slice(0, 3)).toEqual(['1666165485030094861', '2', '1000']);
		const chunks = chunkIds('ok' in ids ? ids.ok : []);
		expect(chunks.map((c) => c.length)).toEqual([100, 100, 2]);
		expect(statsQuery(['1666165485030094861', '2'])).toBe('message_ids=1666165485030094861,2');
		expect(statsIds([])).toHaveProperty('problem');
		expect(statsIds(['12', 'abc'])).toHaveProperty('problem');
	});

	it('splits a refused chunk in halves', () => {
		expect(bisect(['1', '2', '3'])).toEqual([['1', '2'], ['3']]);
	});

	it('outputs one item per asked ID, in order, with found false for missing ones', () => {
		const answer = parseWithLongs('{"1666165485030094861":{"targets":3,"sent":3,"clicks":1,"sub":{"notification":{"target":3}}}}');
		expect(statsItems(['2', '1666165485030094861'], answer)).toEqual({
			ok: [
				{ message_id: '2', found: false },
				{ message_id: '1666165485030094861', found: true, targets: 3, sent: 3, clicks: 1, sub: { notification: { target: 3 } } },
			],
		});
		expect(statsItems(['1'], [])).toHaveProperty('problem');
	});

	it('asks App Push on /v4/status/detail and Web Push on /v4/messages/details first', () => {
		expect(STATS_PATHS.appPush[0]).toBe('/v4/status/detail');
		expect(STATS_PATHS.webPush[0]).toBe('/v4/messages/details');
	});
});
