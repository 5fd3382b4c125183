/**
 * What every property-based test asserts about one generated input, run through the node's real
 * execute() against the emulator: either the request carries exactly the intended value, or the
 * item fails with a NodeOperationError that names the field and the item and nothing was sent.
 * Never a TypeError or any other error type; Object.prototype never changes.
 */
import type * as fcTypes from 'fast-check';
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { EngageLabFixture } from './maFixture';
import type { NodeRunResult } from './runWorkflow';

/**
 * Seeded and bounded: the same inputs on every run, a few seconds per file (each input is one
 * whole workflow run). For a deeper search set ENGAGELAB_PROPERTY_RUNS (inputs per property) and
 * ENGAGELAB_PROPERTY_SEED, e.g. ENGAGELAB_PROPERTY_RUNS=500 npx jest test/property.
 */
export const RUN: fcTypes.Parameters<unknown> = {
	seed: Number(process.env.ENGAGELAB_PROPERTY_SEED ?? 172026),
	numRuns: Number(process.env.ENGAGELAB_PROPERTY_RUNS ?? 25),
	endOnFailure: true,
};

const prototypeNames = Object.getOwnPropertyNames(Object.prototype).sort().join(',');

export function expectPrototypeUntouched(): void {
	expect(Object.getOwnPropertyNames(Object.prototype).sort().join(',')).toBe(prototypeNames);
	expect(({} as IDataObject).polluted).toBeUndefined();
	expect(Object.getPrototypeOf({})).toBe(Object.prototype);
}

export type Outcome = { sent: true; body: IDataObject } | { sent: false; error: NodeOperationError };

/**
 * The outcome of a one-item run: the body EngageLab received, or the refusal. Fails the test for
 * anything else: an error of another type, a refusal that does not name `field` or item 0, a
 * refusal after something was sent, or a request together with an error.
 */
export function outcome(fx: EngageLabFixture, result: NodeRunResult, field: RegExp): Outcome {
	expectPrototypeUntouched();
	const error = result.error;
	if (fx.emulator.received.length > 0) {
		// Sent: once, as JSON; the item may still fail on EngageLab's answer (e.g. an unknown identifier), never on our checks.
		expect(fx.emulator.received).toHaveLength(1);
		expect(fx.emulator.received[0].status).toBe(200);
		if (result.status !== 'success') expect(error).not.toBeInstanceOf(NodeOperationError);
		const body = fx.emulator.received[0].body;
		expect(body).toBeDefined();
		return { sent: true, body: body as IDataObject };
	}
	if (!(error instanceof NodeOperationError)) {
		throw new Error(`nothing was sent, yet no NodeOperationError: got ${error instanceof NodeApiError ? 'a NodeApiError' : String(error)}: ${(error as Error)?.stack ?? ''}`);
	}
	expect(result.status).toBe('error');
	expect(error.context.itemIndex).toBe(0);
	expect(error.message).toMatch(field);
	expect(error.description).toBeTruthy();
	return { sent: false, error };
}
