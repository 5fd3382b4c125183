/**
 * The messaging operations as an AI agent's tool sees them: n8n offers the node as a tool
 * (usableAsTool) and a model fills the fields from their descriptions, so every field of every
 * messaging operation, down to collection options and the name/value rows of variable lists, says
 * what goes in it. (test/unit/description.test.ts checks the node's top-level choices and options.)
 */
import type { INodeProperties, INodePropertyCollection, INodePropertyOptions } from 'n8n-workflow';

import { EngageLab } from '../../nodes/EngageLab/EngageLab.node';

const { properties } = new EngageLab().description;
const MESSAGING = ['sms', 'otp', 'email', 'whatsapp'];

/** Every field under a parameter: collection options, fixedCollection rows' values, option choices. */
function fields(property: INodeProperties, prefix = ''): Array<{ path: string; displayName: string; description: string }> {
	const here = `${prefix}${property.name}`;
	const nested = (property.options ?? []).flatMap((option) => {
		if ('type' in option) return fields(option as INodeProperties, `${here}.`);
		if ('values' in option) return (option as INodePropertyCollection).values.flatMap((v) => fields(v, `${here}.${option.name}.`));
		const choice = option as INodePropertyOptions;
		return [{ path: `${here}=${String(choice.value)}`, displayName: choice.name, description: choice.description ?? '' }];
	});
	return [{ path: here, displayName: property.displayName, description: property.description ?? '' }, ...nested];
}

const operations = properties
	.filter((p) => p.name === 'operation' && MESSAGING.includes(String(p.displayOptions?.show?.resource?.[0])))
	.flatMap((p) => (p.options as INodePropertyOptions[]).map((o) => [String(p.displayOptions!.show!.resource![0]), String(o.value)] as const));

describe('messaging fields, for people and AI agents', () => {
	it('covers every messaging operation', () => {
		expect(operations.map(([r, o]) => `${r}.${o}`).sort()).toEqual(
			['email.getComplaints', 'email.getDeliveryStatus', 'email.getStatistics', 'email.getTemplates', 'email.getUnsubscribes', 'otp.getTemplates', 'sms.getTemplates', 'whatsapp.getTemplates', 'email.send', 'email.sendTemplate', 'otp.send', 'otp.verify', 'sms.send', 'whatsapp.sendMedia', 'whatsapp.sendTemplate', 'whatsapp.sendText'].sort(),
		);
	});

	it.each(operations)('%s → %s: every field, nested ones too, has a description that says more than its name', (resource, operation) => {
		const shown = properties.filter((p) => p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions.show.operation?.includes(operation));
		const all = shown.flatMap((p) => fields(p));
		expect(all.length).toBeGreaterThanOrEqual(2);
		const weak = all.filter((f) => f.description.trim().length < 20 || f.description.trim().toLowerCase() === f.displayName.toLowerCase());
		expect(weak.map((f) => `${f.path}: "${f.description}"`)).toEqual([]);
	});
});
