/**
 * The send ledger's rules and bounds (nodes/EngageLab/execution/sendLedger.ts) on a fake clock:
 * what a try sent is replayed, not sent; a different request for the same item is sent; entries
 * expire; a run over its share evicts its own oldest entries, and only a full process another
 * run's, least recently used first. Through n8n with Retry On Fail: test/integration/retryOnFail.test.ts.
 */
import { NodeApiError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { LedgerStore, RunLedger } from '../../nodes/EngageLab/execution/sendLedger';
import type { EngageLabCall, EngageLabResponse } from '../../nodes/EngageLab/transport/request';
import { mayHaveBeenApplied } from '../../nodes/EngageLab/transport/unsure';

const node: INode = { id: 'n', name: 'EngageLab', type: 't', typeVersion: 2, position: [0, 0], parameters: {} };
const call = (itemIndex: number, to = `+6591${itemIndex}`): EngageLabCall => ({ path: '/v1/messages', body: { to: [to] }, itemIndex, idempotent: false });
const answer = (id: string): EngageLabResponse => ({ code: 0, message: 'ok', result: { message_id: id } });

function setup(limits = { ttlMs: 60_000, maxEntries: 100, maxPerRun: 50 }) {
	let now = 0;
	const store = new LedgerStore(() => now, limits);
	let sent = 0;
	const send = (id = `m${sent}`) => async () => {
		sent++;
		return answer(id);
	};
	return { store, send, sent: () => sent, advance: (ms: number) => (now += ms) };
}

describe('RunLedger: what a try sent is not sent again', () => {
	it('an answered call gives the same answer on the next try, without sending', async () => {
		const { store, send, sent } = setup();
		const first = await new RunLedger('e1/n/0', store).send(call(0), send('A'));
		const again = await new RunLedger('e1/n/0', store).send(call(0), send('B'));
		expect([first, again, sent()]).toEqual([answer('A'), answer('A'), 1]);
	});

	it('a call that may have been applied fails again with the same error, without sending', async () => {
		const { store, sent } = setup();
		const error = new NodeApiError(node, {}, { message: 'x: the change may or may not have been applied' });
		mayHaveBeenApplied.add(error);
		const failing = async (): Promise<EngageLabResponse> => {
			throw error;
		};
		await expect(new RunLedger('e1/n/0', store).send(call(0), failing)).rejects.toBe(error);
		await expect(new RunLedger('e1/n/0', store).send(call(0), async () => answer('B'))).rejects.toBe(error);
		expect(sent()).toBe(0);
	});

	it('a failure that applied nothing is not kept: the next try sends', async () => {
		const { store, send, sent } = setup();
		await expect(new RunLedger('e1/n/0', store).send(call(0), async () => Promise.reject(new Error('HTTP 429')))).rejects.toThrow('429');
		expect(await new RunLedger('e1/n/0', store).send(call(0), send('B'))).toEqual(answer('B'));
		expect(sent()).toBe(1);
	});

	it('another execution, node run or item, or a different request, is sent; idempotent calls are never kept', async () => {
		const { store, send, sent } = setup();
		await new RunLedger('e1/n/0', store).send(call(0), send());
		await new RunLedger('e2/n/0', store).send(call(0), send());
		await new RunLedger('e1/n/1', store).send(call(0), send());
		await new RunLedger('e1/n/0', store).send(call(1), send());
		await new RunLedger('e1/n/0', store).send(call(0, '+6599999999'), send());
		await new RunLedger('e1/n/0', store).send({ ...call(5), idempotent: true }, send());
		await new RunLedger('e1/n/0', store).send({ ...call(5), idempotent: true }, send());
		expect(sent()).toBe(7);
		expect(store.size).toBe(4); // one entry per item: item 0's other request replaced its first
	});

	it('a run that ended without an error on its first item is forgotten at once (n8n does not retry it)', async () => {
		const { store, send } = setup();
		const ledger = new RunLedger('e1/n/0', store);
		await ledger.send(call(0), send());
		ledger.finished([{ json: { error: { message: 'x' } } }]);
		expect(store.size).toBe(1);
		ledger.finished([{ json: {} }]);
		expect(store.size).toBe(0);
	});
});

describe('LedgerStore: bounded', () => {
	it('a run unused for the TTL expires; a run in use does not', () => {
		const { store, advance } = setup();
		store.record('e1', 0, 'd', { answer: answer('A') });
		advance(30_000);
		store.record('e2', 0, 'd', { answer: answer('B') });
		advance(31_000);
		expect(store.lookup('e1', 0, 'd')).toBeUndefined();
		expect(store.lookup('e2', 0, 'd')).toEqual({ answer: answer('B') });
		advance(59_000);
		expect(store.lookup('e2', 0, 'd')).toEqual({ answer: answer('B') }); // its TTL restarted when used
		expect(store.size).toBe(1);
	});

	it('a run over its share evicts its own oldest entries, not another run\'s', () => {
		const { store } = setup({ ttlMs: 60_000, maxEntries: 100, maxPerRun: 50 });
		for (let i = 0; i < 10; i++) store.record('small', i, 'd', { answer: answer(`s${i}`) });
		for (let i = 0; i < 500; i++) store.record('flood', i, 'd', { answer: answer(`f${i}`) });
		expect(store.size).toBe(60);
		expect(Array.from({ length: 10 }, (_, i) => store.lookup('small', i, 'd') !== undefined)).toEqual(Array(10).fill(true));
		expect(store.lookup('flood', 449, 'd')).toBeUndefined();
		expect(store.lookup('flood', 450, 'd')).toEqual({ answer: answer('f450') });
	});

	it('a full process evicts the least recently used other run, never beyond the cap', () => {
		const { store } = setup({ ttlMs: 60_000, maxEntries: 100, maxPerRun: 50 });
		for (const run of ['a', 'b', 'c']) for (let i = 0; i < 40; i++) store.record(run, i, 'd', { answer: answer(run) });
		expect(store.size).toBeLessThanOrEqual(100);
		expect(store.lookup('a', 0, 'd')).toBeUndefined();
		expect(store.lookup('c', 39, 'd')).toEqual({ answer: answer('c') });
		expect(store.lookup('b', 0, 'd')).toEqual({ answer: answer('b') });
	});

	it('200,000 entries through the default bounds stay within them', () => {
		const store = new LedgerStore();
		for (let i = 0; i < 200_000; i++) store.record(`run${i % 7}`, i, 'd', { answer: answer('x') });
		expect(store.size).toBeLessThanOrEqual(store.limits.maxEntries);
	});
});
