/**
 * The process's event-loop probe (Concurrency Mode Auto's own-delay check): it sees the main
 * thread held busy. On jest's fake clock, so a loaded machine cannot stall the probe between two
 * steps: holding the main thread moves the clock without firing a timer, exactly what a busy
 * n8n does to the probe.
 */
import { processLag } from '../../nodes/EngageLab/execution/eventLoopLag';

/** The main thread busy for `ms`: time passes, no timer can fire. */
const holdMainThread = (ms: number) => jest.setSystemTime(Date.now() + ms);
const nextTimer = async () => await jest.advanceTimersByTimeAsync(30);

beforeEach(() => jest.useFakeTimers());
afterEach(async () => {
	await jest.advanceTimersByTimeAsync(1_000); // lets the probe stop, so the next test starts it afresh
	jest.useRealTimers();
});

describe('processLag', () => {
	it('reports at least as long as the main thread was held, within the window asked for', async () => {
		processLag.within(0); // starts the probe
		await nextTimer();
		processLag.within(0);
		holdMainThread(150);
		expect(processLag.within(1_000)).toBeGreaterThanOrEqual(130); // the pending probe is late already
		await nextTimer();
		expect(processLag.within(1_000)).toBeGreaterThanOrEqual(130); // and remembered once it fired
	});

	it('forgets a delay older than the window asked for', async () => {
		processLag.within(0);
		holdMainThread(150);
		await nextTimer();
		for (let i = 0; i < 25; i++) {
			processLag.within(0); // a run keeps asking, so the probe keeps going
			await nextTimer();
		}
		expect(processLag.within(1_000)).toBeGreaterThanOrEqual(130);
		expect(processLag.within(200)).toBeLessThan(20);
	});

	it('stops probing once no run asks, and forgets what it measured', async () => {
		processLag.within(0);
		await nextTimer();
		holdMainThread(150);
		await jest.advanceTimersByTimeAsync(600); // longer than it keeps probing unasked
		expect(jest.getTimerCount()).toBe(0);
		expect(processLag.within(1_000)).toBe(0);
	});
});
