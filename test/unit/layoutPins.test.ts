/**
 * Pins for the layout move (issue 23): what n8n and users see of the package, recorded once from
 * main before any file moved, must come out the same after every step. The fixtures in
 * test/fixtures/layout/ are never re-recorded while the move is under way; a difference here is a
 * behaviour change, not a stale fixture. With a fixture missing the test fails, unless
 * RECORD_LAYOUT_PINS=1 asks it to write that fixture (done once, on main).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ICredentialType, IHttpRequestOptions, INodeParameters, INodeProperties, INodeType } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { EngageLab } from '../../nodes/EngageLab/EngageLab.node';
import { EngageLabTrigger } from '../../nodes/EngageLabTrigger/EngageLabTrigger.node';

const root = path.resolve(__dirname, '../..');
const fixtures = path.join(root, 'test/fixtures/layout');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { n8n: { credentials: string[] } };

/** The value as JSON sees it (functions dropped), so it compares with what a fixture holds. */
function plain(value: unknown): unknown {
	return JSON.parse(JSON.stringify(value)) as unknown;
}

function pinned(name: string, actual: unknown): void {
	const file = path.join(fixtures, `${name}.json`);
	if (!existsSync(file)) {
		if (process.env.RECORD_LAYOUT_PINS !== '1') throw new Error(`${file} is missing: it is recorded once, from main (RECORD_LAYOUT_PINS=1)`);
		mkdirSync(fixtures, { recursive: true });
		writeFileSync(file, `${JSON.stringify(plain(actual), null, '\t')}\n`);
	}
	expect(plain(actual)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}

/** Every option value of a top-level `options` parameter named `name` shown for `shown` (or for all). */
function optionValues(properties: INodeProperties[], name: string, resource?: string): string[] {
	const values = properties
		.filter((p) => p.name === name && (!resource || (p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource)))
		.flatMap((p) => (p.options ?? []).map((o) => String((o as { value: unknown }).value)));
	return [...new Set(values)];
}

/**
 * Operations added after the pins were recorded (`resource:operation`), left out of what is
 * compared: the pins hold that nothing which existed changed; a new operation's own fields and
 * picker entry are tested by its own tests. One line per operation, so branches merge cleanly.
 */
const ADDED_AFTER_PIN = new Set([
	'email:getComplaints',
	'email:getDeliveryStatus',
	'email:getStatistics',
	'email:getTemplates',
	'email:getUnsubscribes',
	'otp:getTemplates',
	'sms:getTemplates',
	'whatsapp:getTemplates',
]);

const addedAfterPin = (resource: unknown, operations: unknown): boolean =>
	Array.isArray(operations) && operations.length > 0 && operations.every((o) => ADDED_AFTER_PIN.has(`${String(resource)}:${String(o)}`));

/** The description without the operations added after the pins: their picker entries and the fields only they show. */
function asPinned(description: INodeType['description']): INodeType['description'] {
	const properties = description.properties
		.filter((p) => {
			const show = p.displayOptions?.show;
			return !(show?.resource as unknown[] | undefined)?.every((r) => addedAfterPin(r, show?.operation));
		})
		.map((p) => {
			if (p.name !== 'operation' || !p.options) return p;
			const resource = (p.displayOptions?.show?.resource as unknown[] | undefined)?.[0];
			return { ...p, options: p.options.filter((o) => !addedAfterPin(resource, ['value' in o ? o.value : undefined])) } as INodeProperties;
		});
	// The version-2 subtitle's map names every operation: without the added ones' entries.
	const subtitle = [...ADDED_AFTER_PIN].reduce((text, key) => text?.replace(new RegExp(`"${key}":"[^"]*",?`), ''), description.subtitle);
	return { ...description, properties, subtitle };
}

/** The parameters n8n stores, per version, resource and operation (defaults filled in, hidden ones left out). */
function storedParameters(type: INodeType): Record<string, INodeParameters> {
	const { description } = type;
	const versions = Array.isArray(description.version) ? description.version : [description.version];
	const out: Record<string, INodeParameters> = {};
	for (const typeVersion of versions) {
		for (const resource of optionValues(description.properties, 'resource')) {
			for (const operation of optionValues(description.properties, 'operation', resource)) {
				const values = { resource, operation };
				out[`${typeVersion} ${resource}:${operation}`] = NodeHelpers.getNodeParameters(description.properties, values, true, false, { typeVersion }, description)!;
			}
		}
	}
	return out;
}

function credentialClasses(): ICredentialType[] {
	return manifest.n8n.credentials.map((dist) => {
		const source = path.join(root, dist.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
		const exports = require(source) as Record<string, new () => ICredentialType>;
		const [Class] = Object.values(exports);
		return new Class();
	});
}

describe('layout pins (issue 23: files move, nothing users or n8n see changes)', () => {
	it('the EngageLab node: description, every version\'s stored parameters, editor method names', async () => {
		const node = new EngageLab();
		const unchanged = { description: asPinned(node.description) } as INodeType;
		pinned('node.description', unchanged.description);
		pinned('node.parameters', storedParameters(unchanged));
		pinned('node.methods', {
			credentialTest: Object.keys(node.methods.credentialTest),
			listSearch: Object.keys(node.methods.listSearch),
			resourceMapping: Object.keys(node.methods.resourceMapping),
		});
	});

	it('the EngageLab Trigger: description, every version\'s stored parameters, editor method names', () => {
		const trigger = new EngageLabTrigger();
		pinned('trigger.description', trigger.description);
		const versions = trigger.description.version as number[];
		pinned(
			'trigger.parameters',
			Object.fromEntries(
				versions.flatMap((typeVersion) =>
					optionValues(trigger.description.properties, 'product').map((product) => [
						`${typeVersion} ${product}`,
						NodeHelpers.getNodeParameters(trigger.description.properties, { product }, true, false, { typeVersion }, trigger.description),
					]),
				),
			),
		);
		pinned('trigger.methods', { credentialTest: Object.keys(trigger.methods.credentialTest) });
	});

	it('every credential class: name, form, icon, docs link, and what its authenticate adds to a request', async () => {
		const out: Record<string, unknown> = {};
		for (const credential of credentialClasses()) {
			const data = Object.fromEntries(credential.properties.map((p) => [p.name, `value of ${p.name}`]));
			const request: IHttpRequestOptions = { url: 'https://example.invalid/v1/x', method: 'POST' };
			const authenticate = credential.authenticate;
			const authenticated = typeof authenticate === 'function' ? await authenticate(data, request) : authenticate;
			out[credential.name] = { class: credential.constructor.name, ...plain(credential) as object, authenticated };
		}
		pinned('credentials', out);
	});

	it('package.json\'s n8n block', () => {
		pinned('package.n8n', manifest.n8n);
	});
});
