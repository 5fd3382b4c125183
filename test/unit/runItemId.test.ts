/**
 * runItemId (nodes/EngageLab/execution/runItemId.ts): Email's request_id and Report's random_id
 * when the user sets none. The same for the same execution, node run and item (n8n's Retry On
 * Fail calls the node again with a new context for the same run), different for anything else.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { runItemId } from '../../nodes/EngageLab/execution/runItemId';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function context({ execution = '41', node = 'n1', run = 0, workflow = 'w1', instance = 'i1' } = {}): IExecuteFunctions {
	return {
		getExecutionId: () => execution,
		getInstanceId: () => instance,
		getWorkflow: () => ({ id: workflow, name: 'W', active: false }),
		getNode: () => ({ id: node, name: 'EngageLab', type: 't', typeVersion: 2, position: [0, 0], parameters: {} }),
		getWorkflowDataProxy: () => ({ $runIndex: run }),
	} as unknown as IExecuteFunctions;
}

describe('runItemId', () => {
	it('is the same on every try of the same node run, for the same item, shaped as a version-4 UUID', () => {
		const first = runItemId(context(), 3, 'email request_id');
		expect(first).toMatch(UUID_V4);
		expect(runItemId(context(), 3, 'email request_id')).toBe(first);
	});

	it('differs for another item, run index, node, execution, workflow, instance or purpose', () => {
		const ids = [
			runItemId(context(), 3, 'email request_id'),
			runItemId(context(), 4, 'email request_id'),
			runItemId(context({ run: 1 }), 3, 'email request_id'),
			runItemId(context({ node: 'n2' }), 3, 'email request_id'),
			runItemId(context({ execution: '42' }), 3, 'email request_id'),
			runItemId(context({ workflow: 'w2' }), 3, 'email request_id'),
			runItemId(context({ instance: 'i2' }), 3, 'email request_id'),
			runItemId(context(), 3, 'report random_id'),
		];
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('is random without an execution id (nothing to tie it to)', () => {
		const a = runItemId(context({ execution: '' }), 0, 'email request_id');
		expect(a).toMatch(UUID_V4);
		expect(runItemId(context({ execution: '' }), 0, 'email request_id')).not.toBe(a);
	});
});
