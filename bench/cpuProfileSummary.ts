/**
 * `node bench/.build/bench/cpuProfileSummary.js <file.cpuprofile> [top]`: where a V8 CPU profile's
 * time went, grouped by whose code it is (this package, n8n-core, n8n-workflow, axios, the rest of
 * n8n, Node itself, GC/idle), and the functions with the most self time. Used with
 * BENCH_CPU_PROF=<dir> (bench/n8nWorkflowRuns.ts) to find a request's main-thread cost in real n8n.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
	startTime: number;
	endTime: number;
}

/** Whose code a script URL is: the package of its innermost node_modules folder. */
function owner(url: string, name: string): string {
	if (name === '(garbage collector)') return 'GC';
	if (name === '(idle)' || name === '(program)') return name;
	if (url.startsWith('node:') || url === '') return 'Node itself';
	const m = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
	if (!m) return 'other';
	return m[1] === 'n8n-nodes-engagelab' ? 'this package' : m[1];
}

function main(): void {
	const [file, topArg] = process.argv.slice(2);
	if (!file) throw new Error('usage: cpuProfileSummary <file.cpuprofile> [top]');
	const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const self = new Map<number, number>();
	profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
	const total = [...self.values()].reduce((a, b) => a + b, 0);
	const groups = new Map<string, number>();
	const functions = new Map<string, number>();
	for (const [id, us] of self) {
		const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
		const who = owner(url, functionName);
		groups.set(who, (groups.get(who) ?? 0) + us);
		const key = `${functionName || '(anonymous)'} ${url.split('/node_modules/').pop()}:${lineNumber + 1} [${who}]`;
		functions.set(key, (functions.get(key) ?? 0) + us);
	}
	const pct = (us: number) => `${((100 * us) / total).toFixed(1)} %`;
	const ms = (us: number) => `${(us / 1000).toFixed(0)} ms`;
	const busy = total - (groups.get('(idle)') ?? 0);
	process.stdout.write(`${file}: ${ms(total)} sampled, ${ms(busy)} busy\n\nby owner (self time):\n`);
	for (const [who, us] of [...groups].sort((a, b) => b[1] - a[1])) process.stdout.write(`  ${pct(us).padStart(7)}  ${ms(us).padStart(8)}  ${who}\n`);
	process.stdout.write(`\ntop functions (self time):\n`);
	for (const [key, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg ?? '30'))) process.stdout.write(`  ${pct(us).padStart(7)}  ${ms(us).padStart(8)}  ${key}\n`);
}

main();
