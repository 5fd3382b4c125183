/**
 * The benchmark's EngageLab: the test emulator in a process of its own, so its work is not
 * counted as the node's. Keeps counters only (no request log). Tells its parent its URL; takes
 * `{ latencyMs }` messages; exits when the parent goes.
 */
import { EngageLabEmulator } from '../test/emulator/server';

async function main(): Promise<void> {
	const emulator = new EngageLabEmulator({ record: false });
	const url = await emulator.start();
	process.on('message', (message: { latencyMs?: number; reset?: boolean }) => {
		if (message.latencyMs !== undefined) emulator.latencyMs = message.latencyMs;
		if (message.reset) {
			emulator.writes = 0;
			emulator.maxInFlight = 0;
		}
		process.send?.({ writes: emulator.writes, maxInFlight: emulator.maxInFlight });
	});
	process.on('disconnect', () => void emulator.stop().then(() => process.exit(0)));
	process.send?.({ url });
}

void main();
