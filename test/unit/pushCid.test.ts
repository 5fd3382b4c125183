import { CidOwners, mayRepeatAmbiguous, stableCid, userCid } from '../../nodes/EngageLab/actions/push/shared/cid';

const seed = { instanceId: 'i', workflowId: 'w', executionId: '42', nodeId: 'n', runIndex: 0, itemIndex: 0 };

describe('push cid', () => {
	it('is 47 characters of [A-Za-z0-9_-], the same for the same item of the same run', () => {
		const cid = stableCid(seed);
		expect(cid).toMatch(/^n8n-[A-Za-z0-9_-]{43}$/);
		expect(stableCid({ ...seed })).toBe(cid);
	});

	it.each<[string, Partial<typeof seed> & { target?: string }]>([
		['another instance', { instanceId: 'j' }],
		['another workflow', { workflowId: 'x' }],
		['another execution', { executionId: '43' }],
		['another node', { nodeId: 'm' }],
		['another run (loop, agent tool call)', { runIndex: 1 }],
		['another item', { itemIndex: 1 }],
		['another batch target', { target: 'rid2' }],
	])('differs for %s', (_n, change) => {
		expect(stableCid({ ...seed, ...change })).not.toBe(stableCid(seed));
	});

	it('does not mix fields (no separator ambiguity)', () => {
		expect(stableCid({ ...seed, workflowId: 'a', executionId: 'b1' })).not.toBe(stableCid({ ...seed, workflowId: 'ab', executionId: '1' }));
	});

	it('is random without an execution id', () => {
		expect(stableCid({ ...seed, executionId: undefined })).not.toBe(stableCid({ ...seed, executionId: undefined }));
	});

	it('checks a user cid: 1–64 of letters, digits, _ and -', () => {
		expect(userCid(' order-1_A ')).toEqual({ ok: 'order-1_A' });
		expect(userCid('x'.repeat(64))).toHaveProperty('ok');
		expect(userCid('x'.repeat(65))).toHaveProperty('problem');
		expect(userCid('has space')).toHaveProperty('problem');
		expect(userCid('订单')).toHaveProperty('problem');
		expect(userCid('')).toMatchObject({ description: 'It is empty.' });
	});

	it('finds items of one run that share a cid: the first one owns it', () => {
		const owners = new CidOwners();
		expect(['a', 'b', 'a', 'a'].map((cid, item) => owners.claim(cid, item))).toEqual([undefined, undefined, 0, 0]);
	});

	it('repeats an ambiguous failure only with a cid and within 55 minutes', () => {
		expect(mayRepeatAmbiguous('c', 0, 55 * 60_000 - 1)).toBe(true);
		expect(mayRepeatAmbiguous('c', 0, 55 * 60_000)).toBe(false);
		expect(mayRepeatAmbiguous(undefined, 0, 1)).toBe(false);
	});
});
