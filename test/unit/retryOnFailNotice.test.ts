/**
 * The Retry On Fail notice, as the editor shows it: on exactly the operations that send, with the
 * text of what makes a re-run safe for that operation (the send ledger, or Push's cid) and a link
 * to the guide that explains it.
 */
import type { INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { EngageLab } from '../../nodes/EngageLab/EngageLab.node';
import { RESOURCES } from '../../nodes/EngageLab/catalog';
import { DEFAULT_NODE_VERSION } from '../../nodes/EngageLab/versions';

const description = new EngageLab().description;
const notices = description.properties.filter((p): p is INodeProperties => p.name === 'retryOnFailNotice');

/** The notice texts the editor shows for one resource and operation. */
const shown = (resource: string, operation: string) =>
	notices.filter((n) => NodeHelpers.displayParameter({ resource, operation }, n, { typeVersion: DEFAULT_NODE_VERSION }, description)).map((n) => n.displayName);

describe('Retry On Fail notice', () => {
	it('shows once on every operation that sends, and on no other', () => {
		for (const r of RESOURCES) {
			for (const [operation, op] of Object.entries(r.operations)) {
				expect({ resource: r.resource.value, operation, count: shown(r.resource.value, operation).length }).toEqual({
					resource: r.resource.value,
					operation,
					count: op.sends ? 1 : 0,
				});
			}
		}
	});

	it('says the cid protects a push, and the send ledger a message or a schedule, with the guide that explains it', () => {
		for (const resource of ['appPush', 'webPush']) {
			for (const operation of ['send', 'sendBatch']) expect(shown(resource, operation)).toEqual([expect.stringMatching(/Duplicate Protection ID \(cid\).*docs\/push\/guide\.md\.$/)]);
			expect(shown(resource, 'createSchedule')).toEqual([expect.stringMatching(/an item already sent is not sent again.*docs\/push\/guide\.md\.$/)]);
		}
		for (const [resource, operation] of [['sms', 'send'], ['email', 'sendTemplate'], ['whatsapp', 'sendText'], ['otp', 'send']]) {
			expect(shown(resource, operation)).toEqual([expect.stringMatching(/^Retry On Fail .*is safe with this send: .*docs\/messaging\/guide\.md\.$/)]);
		}
		expect(shown('user', 'setContact')).toEqual([]);
		expect(shown('appPush', 'getDevice')).toEqual([]);
	});
});
