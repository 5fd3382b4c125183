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

/**
 * Products added after the pins were recorded (issue 24: App Push, Web Push): left out of what is
 * compared, so the pins still prove that nothing recorded changed, and the additions are tested
 * by their own tests.
 */
const ADDED_RESOURCES = ['appPush', 'webPush'];
const ADDED_CREDENTIALS = ['engageLabAppPushApi', 'engageLabWebPushApi'];
const isAddedCredentialFile = (file: string) => /EngageLab(App|Web)PushApi\.credentials\.js$/.test(file);

function onlyAdded(resources: unknown): boolean {
	return Array.isArray(resources) && resources.length > 0 && resources.every((r) => ADDED_RESOURCES.includes(String(r)));
}

function withoutAddedProducts(description: INodeType['description']): unknown {
	const d = plain(description) as {
		credentials: Array<{ name: string; displayOptions?: { hide?: { resource?: string[] } } }>;
		properties: Array<{ name: string; options?: Array<{ value?: unknown }>; displayOptions?: { show?: { resource?: unknown } } }>;
	};
	d.credentials = d.credentials.filter((c) => !ADDED_CREDENTIALS.includes(c.name));
	for (const c of d.credentials) {
		if (c.displayOptions?.hide?.resource) c.displayOptions.hide.resource = c.displayOptions.hide.resource.filter((r) => !ADDED_RESOURCES.includes(r));
	}
	d.properties = d.properties.filter((p) => !onlyAdded(p.displayOptions?.show?.resource));
	for (const p of d.properties) {
		if (p.name === 'resource' && p.options) p.options = p.options.filter((o) => !ADDED_RESOURCES.includes(String(o.value)));
	}
	// The subtitle's map of operation names: the added products' entries dropped.
	const subtitle = (d as { subtitle?: string }).subtitle;
	if (subtitle) (d as { subtitle?: string }).subtitle = subtitle.replace(new RegExp(`"(${ADDED_RESOURCES.join('|')}):[A-Za-z]+":"[^"]*",?`, 'g'), '');
	return d;
}

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
		pinned('node.description', withoutAddedProducts(node.description));
		pinned(
			'node.parameters',
			Object.fromEntries(Object.entries(storedParameters(node)).filter(([key]) => !ADDED_RESOURCES.includes(key.split(' ')[1].split(':')[0]))),
		);
		pinned('node.methods', {
			credentialTest: Object.keys(node.methods.credentialTest).filter((name) => !ADDED_CREDENTIALS.some((c) => name === `${c}Test`)),
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
			if (ADDED_CREDENTIALS.includes(credential.name)) continue;
			const data = Object.fromEntries(credential.properties.map((p) => [p.name, `value of ${p.name}`]));
			const request: IHttpRequestOptions = { url: 'https://example.invalid/v1/x', method: 'POST' };
			const authenticate = credential.authenticate;
			const authenticated = typeof authenticate === 'function' ? await authenticate(data, request) : authenticate;
			out[credential.name] = { class: credential.constructor.name, ...plain(credential) as object, authenticated };
		}
		pinned('credentials', out);
	});

	it('package.json\'s n8n block', () => {
		pinned('package.n8n', { ...manifest.n8n, credentials: manifest.n8n.credentials.filter((file) => !isAddedCredentialFile(file)) });
	});
});
