/**
 * The process's event-loop probe (Concurrency Mode Auto's own-delay check): it sees the main
 * thread held busy. Only lower bounds on real time: a loaded machine can make the delay longer,
 * never shorter than the thread was held.
 */
import { processLag } from '../../nodes/EngageLab/execution/eventLoopLag';

const holdMainThread = (ms: number) => {
	const until = Date.now() + ms;
	while (Date.now() < until) {
		// busy: no timer can fire
	}
};
const nextTimer = () => new Promise<void>((resolve) => setTimeout(resolve, 30));

describe('processLag', () => {
	it('reports at least as long as the main thread was held, within the window asked for, and nothing older', async () => {
		processLag.within(0); // starts the probe
		await nextTimer();
		holdMainThread(150);
		expect(processLag.within(1_000)).toBeGreaterThanOrEqual(100); // the pending probe is late already
		await nextTimer();
		expect(processLag.within(1_000)).toBeGreaterThanOrEqual(100);
	});

	it('stops probing once no run asks, and forgets what it measured', async () => {
		processLag.within(0);
		await nextTimer();
		holdMainThread(150);
		await new Promise<void>((resolve) => setTimeout(resolve, 600)); // longer than it keeps probing unasked
		expect(processLag.within(1_000)).toBe(0);
	});
});
