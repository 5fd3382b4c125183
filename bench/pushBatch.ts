/**
 * Figure (5) of `npm run bench` (or alone: `npm run bench:push`): App Push → Send Batch with
 * 10,000 targets (BENCH_SCALE scales them) against the push emulator, which allows 500 requests
 * per second and counts a batch one per target, as EngageLab does. Our node runs in real time
 * (its real execute() in n8n-core's WorkflowExecute) with the defaults: no Max Requests Per
 * Second, so the batches keep to the account's 500 targets a second on their own. Prints the
 * requests sent, the wall time against the bound (targets ÷ 500 s), the rate limits met, and
 * targets lost or pushed twice (from the emulator's own record). Never asserts a time.
 */
import '../test/support/jest/env';

import { EngageLab } from '../nodes/EngageLab/EngageLab.node';
import { APP_PUSH } from '../nodes/EngageLab/products/push/appPush.product';
import { realTiming } from '../nodes/EngageLab/transport/clock';
import { PushEmulator } from '../test/support/emulator/push/pushEmulator';
import { packageCredentialTypes } from '../test/support/inProcess/credentialTypes';
import { TestCredentialsHelper, TestCredentialTypes } from '../test/support/inProcess/credentialsHelper';
import { NODE_TYPE } from '../test/support/inProcess/maFixture';
import { TestNodeTypes } from '../test/support/inProcess/nodeTypes';
import { runNode } from '../test/support/inProcess/runWorkflow';

export interface PushBatchMeasurement {
	targets: number;
	requests: number;
	/** Requests answered 23008 whole, and targets answered 23008 inside a 200. */
	rateLimitedRequests: number;
	rateLimitedTargets: number;
	wallMs: number;
	boundMs: number;
	outputOk: number;
	lost: number;
	duplicated: number;
}

const RATE = 500;

export async function measurePushBatch(targets: number): Promise<PushBatchMeasurement> {
	const emulator = new PushEmulator({ product: 'appPush', requestsPerSecond: RATE, realClock: true });
	const url = await emulator.start();
	try {
		const credentialsHelper = new TestCredentialsHelper(new TestCredentialTypes(packageCredentialTypes()));
		credentialsHelper.setCredentials({ [APP_PUSH.credentialType]: { appKey: emulator.options.appKey, masterSecret: emulator.options.masterSecret, host: 'custom', baseUrl: url } });
		const nodeTypes = new TestNodeTypes({ [NODE_TYPE]: new EngageLab(realTiming) });
		const items = Array.from({ length: targets }, (_, i) => ({ target: `rid${i}`, order: i }));
		const started = performance.now();
		const result = await runNode(
			{ nodeTypes, credentialsHelper },
			{
				type: NODE_TYPE,
				name: 'EngageLab',
				typeVersion: 2,
				parameters: { resource: 'appPush', operation: 'sendBatch', targetType: 'regid', target: '={{ $json.target }}', platform: ['android'], content: 'notification', alert: '={{ "Order " + $json.order }}' },
				credentialTypes: [APP_PUSH.credentialType],
			},
			items,
		);
		const wallMs = performance.now() - started;
		const batches = emulator.requests.filter((r) => r.path.startsWith('/v4/batch/'));
		const perTarget = new Map<string, number>();
		for (const s of emulator.sent) perTarget.set(s.target ?? '', (perTarget.get(s.target ?? '') ?? 0) + 1);
		return {
			targets,
			requests: batches.length,
			rateLimitedRequests: batches.filter((r) => r.status !== 200).length,
			rateLimitedTargets: countTargetRateLimits(emulator),
			wallMs,
			boundMs: (targets / RATE) * 1000,
			outputOk: result.items.filter((i) => i.json.success === true).length,
			lost: items.filter((i) => !perTarget.has(i.target)).length,
			duplicated: [...perTarget.values()].filter((n) => n > 1).length,
		};
	} finally {
		await emulator.stop();
	}
}

/** Targets the emulator answered 23008 inside a batch answer: entries sent more often than they were pushed. */
function countTargetRateLimits(emulator: PushEmulator): number {
	let entries = 0;
	for (const r of emulator.requests) {
		if (!r.path.startsWith('/v4/batch/') || r.status !== 200) continue;
		entries += (JSON.parse(r.body) as { requests: unknown[] }).requests.length;
	}
	return entries - emulator.sent.length;
}

export function pushBatchRow(m: PushBatchMeasurement): string {
	const s = (ms: number) => (ms / 1000).toFixed(1);
	return (
		`| (5) App Push → Send Batch, ${m.targets.toLocaleString('en-US')} targets, emulator at ${RATE} requests/s (a batch costs one per target) | ` +
		`${s(m.wallMs)} s, ${m.requests} requests, ${m.rateLimitedRequests} whole-request 23008, ${m.rateLimitedTargets} targets 23008 | ` +
		`bound ${s(m.boundMs)} s (targets ÷ ${RATE}) | ${(m.wallMs / m.boundMs).toFixed(2)}× | ${m.outputOk} ok, ${m.lost} lost, ${m.duplicated} duplicated |`
	);
}

if (require.main === module) {
	const scale = Number(process.env.BENCH_SCALE ?? '1');
	measurePushBatch(Math.max(100, Math.round(10_000 * scale)))
		.then((m) => {
			if (process.send) process.send(m);
			else process.stdout.write(`${pushBatchRow(m)}\n`);
		})
		.catch((error: unknown) => {
			process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
			process.exitCode = 1;
		});
}
