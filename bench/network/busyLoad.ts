/**
 * bench:network's loaded pass: N busy loops beside n8n (as `yes > /dev/null` would be), each a
 * process of its own, and the machine's load average sampled while they run. The loops stop when
 * the bench stops them, and on their own once their parent is gone (a bench killed with SIGKILL
 * leaves none spinning): each checks its parent between short bursts of work.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';

const LOOP = 'const p = process.ppid; for (;;) { for (let i = 0; i < 5e7; i++); if (process.ppid !== p) process.exit(0); }';
const SAMPLE_MS = 2_000;

export class BusyLoad {
	private readonly loops: ChildProcess[] = [];
	private readonly samples: Array<{ at: number; load: number }> = [];
	private readonly sampler = setInterval(() => this.samples.push({ at: Date.now(), load: os.loadavg()[0] }), SAMPLE_MS);
	private readonly onExit = () => this.stop();
	private readonly onSignal = (signal: NodeJS.Signals) => {
		this.stop();
		process.kill(process.pid, signal); // this handler is off now: the signal's default, exit
	};

	constructor(readonly count: number) {
		for (let i = 0; i < count; i++) this.loops.push(spawn(process.execPath, ['-e', LOOP], { stdio: 'ignore' }));
		process.once('exit', this.onExit);
		process.once('SIGINT', this.onSignal);
		process.once('SIGTERM', this.onSignal);
	}

	/** The 1-minute load average sampled since `since` (ms, Date.now()): lowest, mean, highest. */
	loadSince(since: number): { min: number; mean: number; max: number } {
		const loads = this.samples.filter((s) => s.at >= since).map((s) => s.load);
		if (loads.length === 0) loads.push(os.loadavg()[0]);
		return { min: Math.min(...loads), mean: loads.reduce((a, b) => a + b, 0) / loads.length, max: Math.max(...loads) };
	}

	stop(): void {
		clearInterval(this.sampler);
		process.off('exit', this.onExit);
		process.off('SIGINT', this.onSignal);
		process.off('SIGTERM', this.onSignal);
		for (const loop of this.loops) if (loop.exitCode === null && loop.signalCode === null) loop.kill('SIGKILL');
	}
}
