/**
 * The benchmark's EngageLab: the test emulator in a process of its own, so its work is not
 * counted as the node's. Keeps counters only (no request log). Tells its parent its URL; takes
 * `{ latencyMs }` and `{ reset: true }` messages, answering each with its counters; exits when the parent goes.
 */
import { EngageLabEmulator } from '../test/support/emulator/ma/maEmulator';

/** What the emulator counted since the last reset: contacts written (valid auth and body), most requests at once, requests finished, and the span from the first arrival to the last finish. */
export interface EmulatorCounters {
	writes: number;
	maxInFlight: number;
	finished: number;
	firstArrivalAt?: number;
	lastFinishedAt?: number;
}

async function main(): Promise<void> {
	const emulator = new EngageLabEmulator({ record: false });
	const url = await emulator.start();
	process.on('message', (message: { latencyMs?: number; reset?: boolean }) => {
		if (message.latencyMs !== undefined) emulator.latencyMs = message.latencyMs;
		if (message.reset) {
			emulator.writes = 0;
			emulator.maxInFlight = 0;
			emulator.finished = 0;
			emulator.firstArrivalAt = undefined;
			emulator.lastFinishedAt = undefined;
		}
		const { writes, maxInFlight, finished, firstArrivalAt, lastFinishedAt } = emulator;
		process.send?.({ writes, maxInFlight, finished, firstArrivalAt, lastFinishedAt } satisfies EmulatorCounters);
	});
	process.on('disconnect', () => void emulator.stop().then(() => process.exit(0)));
	process.send?.({ url });
}

if (require.main === module) void main();
