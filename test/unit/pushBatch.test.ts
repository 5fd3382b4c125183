import {
	batchPlatform,
	batchRequestBody,
	buildBatchEntry,
	chunkBatch,
	takeChunk,
	readBatchAnswer,
	type BatchEntry,
} from '../../nodes/EngageLab/actions/push/shared/batch';
import { parseWithLongs } from '../../nodes/EngageLab/transport/longJson';

const entry = (target: string, itemIndex = 0): BatchEntry => {
	const built = buildBatchEntry(itemIndex, { target, platform: 'all', notification: { alert: 'hi' }, cid: `c-${target}-${itemIndex}` });
	if (!('ok' in built)) throw new Error(built.problem);
	return built.ok;
};

describe('push batch entries', () => {
	it('builds {target, platform, notification, options.cid, custom_args} with one platform string', () => {
		expect(buildBatchEntry(3, { target: ' rid1 ', platform: ['ios'], message: { msg_content: 'x' }, options: { time_to_live: 60 }, cid: 'c1', customArgs: { a: '1' } })).toEqual({
			ok: {
				itemIndex: 3,
				target: 'rid1',
				cid: 'c1',
				request: { target: 'rid1', platform: 'ios', message: { msg_content: 'x' }, options: { time_to_live: 60, cid: 'c1' }, custom_args: { a: '1' } },
			},
		});
	});

	it('refuses two platforms (not "all"), an empty target, and content both or neither', () => {
		expect(batchPlatform(['android', 'ios'])).toHaveProperty('problem');
		expect(batchPlatform('web')).toEqual({ ok: 'web' });
		expect(buildBatchEntry(0, { target: ' ', platform: 'all', notification: {} })).toHaveProperty('problem');
		expect(buildBatchEntry(0, { target: 't', platform: 'all', notification: {}, message: {} })).toHaveProperty('problem');
		expect(buildBatchEntry(0, { target: 't', platform: 'all' })).toHaveProperty('problem');
	});
});

describe('push batch chunks', () => {
	it('splits 1201 targets into 500 + 500 + 201 in order', () => {
		const entries = Array.from({ length: 1201 }, (_, i) => entry(`t${i}`, i));
		const chunks = chunkBatch(entries);
		expect(chunks.map((c) => c.length)).toEqual([500, 500, 201]);
		expect(chunks.flat()).toEqual(entries);
		expect(batchRequestBody(chunks[2]).requests).toHaveLength(201);
	});

	it('never holds more than 500, nor more than a smaller allowance', () => {
		const entries = Array.from({ length: 10 }, (_, i) => entry(`t${i}`, i));
		expect(chunkBatch(entries, 4).map((c) => c.length)).toEqual([4, 4, 2]);
		expect(chunkBatch(entries, 10_000).map((c) => c.length)).toEqual([10]);
		expect(chunkBatch(entries, 0).map((c) => c.length)).toEqual(Array(10).fill(1));
	});

	it('puts a target that is already in a request into the next one', () => {
		const chunks = chunkBatch([entry('a', 0), entry('b', 1), entry('a', 2), entry('a', 3), entry('c', 4)], 3);
		expect(chunks.map((c) => c.map((e) => `${e.target}${e.itemIndex}`))).toEqual([['a0', 'b1', 'c4'], ['a2'], ['a3']]);
	});
});

describe('push batch answers', () => {
	const chunk = [entry('a', 0), entry('b', 1), entry('c', 2), entry('d', 3)];

	it('maps results back by key: sent (long msg_id exact), failed with code, rate-limited, missing', () => {
		const text =
			'{"results":{"a":{"target":"a","success":true,"msg_id":1666165485030094861},' +
			'"b":{"target":"b","success":false,"error":{"code":20101,"message":"invalid"}},' +
			'"c":{"target":"c","success":false,"error":{"code":23008,"message":"limited"}}},' +
			'"rate_limit_info":{"message":"QPS","rate_limit_occurred":true}}';
		expect(readBatchAnswer(chunk, parseWithLongs(text))).toEqual({
			ok: {
				outcomes: [
					{ kind: 'sent', msgId: '1666165485030094861' },
					{ kind: 'failed', code: 20101, message: 'invalid' },
					{ kind: 'rateLimited', message: 'limited' },
					{ kind: 'missing' },
				],
				rateLimitOccurred: true,
				rateLimitMessage: 'QPS',
			},
		});
	});

	it('reads a msg_id string, a results array, a flat error, and rate_limit_info alone', () => {
		const answer = {
			results: [
				{ target: 'a', success: true, msg_id: '18' },
				{ target: 'b', success: false, code: '21003', message: 'bad' },
			],
			rate_limit_info: { rate_limit_occurred: true },
		};
		const read = readBatchAnswer(chunk.slice(0, 2), answer);
		expect(read).toEqual({
			ok: { outcomes: [{ kind: 'sent', msgId: '18' }, { kind: 'failed', code: 21003, message: 'bad' }], rateLimitOccurred: true },
		});
	});

	it('does not take success without a msg_id, and refuses an answer without results', () => {
		expect(readBatchAnswer(chunk.slice(0, 1), { results: { a: { success: true } } })).toMatchObject({ ok: { outcomes: [{ kind: 'failed' }] } });
		expect(readBatchAnswer(chunk, { msg_id: '1' })).toHaveProperty('problem');
		expect(readBatchAnswer(chunk, 'success')).toHaveProperty('problem');
	});
});

describe('takeChunk (entries that come back join the queue)', () => {
	const queue = (...targets: string[]) => targets.map((t, i) => ({ entry: entry(t, i) }));
	const names = (q: Array<{ entry: BatchEntry }>) => q.map((p) => p.entry.target);

	it('takes up to max from the front, each target once, and leaves the rest in order', () => {
		const pending = queue('a', 'b', 'a', 'c', 'd', 'b');
		expect(names(takeChunk(pending, 3))).toEqual(['a', 'b', 'c']);
		expect(names(pending)).toEqual(['a', 'd', 'b']);
		expect(names(takeChunk(pending, 3))).toEqual(['a', 'd', 'b']);
		expect(pending).toEqual([]);
		expect(takeChunk(pending, 3)).toEqual([]);
	});

	it('never takes more than 500 nor fewer than 1, whatever the allowance', () => {
		const pending = Array.from({ length: 1200 }, (_, i) => ({ entry: entry(`t${i}`) }));
		expect(takeChunk(pending, 10_000)).toHaveLength(500);
		expect(takeChunk(pending, 0.4)).toHaveLength(1);
		expect(takeChunk(pending, 250.9)).toHaveLength(250);
		expect(pending).toHaveLength(449);
	});
});
