/**
 * The catalog (nodes/EngageLab/catalog.ts) is the one list of products; the node's credential
 * entries stay written out for n8n's lint, so this checks them against it: same credentials, same
 * testedBy, same order, each shown by the catalog's rule, and one credential test per entry.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { EngageLab } from '../../nodes/EngageLab/EngageLab.node';
import { CATALOG, credentialDisplay, productOf, RESOURCES } from '../../nodes/EngageLab/catalog';

const node = new EngageLab();
const manifest = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { n8n: { credentials: string[] } };

describe('the catalog of products', () => {
	it('the node\'s credential entries are the catalog\'s products, in order, each with its testedBy and display rule', () => {
		const entries = node.description.credentials ?? [];
		expect(entries.map((c) => [c.name, c.testedBy, c.required])).toEqual(CATALOG.map(({ product }) => [product.credentialType, product.testName, true]));
		entries.forEach((entry, k) => expect(entry.displayOptions).toEqual(credentialDisplay(CATALOG[k].product)));
	});

	it('methods.credentialTest holds exactly one test per product, named as its testedBy', () => {
		expect(Object.keys(node.methods.credentialTest)).toEqual(CATALOG.map(({ product }) => product.testName));
	});

	it('every product\'s credential is in package.json\'s n8n block', () => {
		for (const { product } of CATALOG) {
			const file = `EngageLab${product.credentialType.replace(/^engageLab/, '')}.credentials.js`;
			expect(manifest.n8n.credentials).toContain(`dist/credentials/${file}`);
		}
	});

	it('the first product\'s credential is hidden for every other product\'s resources; the others are shown for their own', () => {
		expect(credentialDisplay(CATALOG[0].product)).toEqual({ hide: { resource: ['appPush', 'email', 'otp', 'sms', 'webPush', 'whatsapp'] } });
		for (const { product, resources } of CATALOG.slice(1)) {
			expect(credentialDisplay(product)).toEqual({ show: { resource: resources.map((r) => r.resource.value) } });
		}
	});

	it('every resource belongs to one product, and an unknown one falls to the first', () => {
		expect(RESOURCES.map((r) => r.resource.value)).toEqual(['appPush', 'email', 'event', 'otp', 'sms', 'user', 'webPush', 'whatsapp']);
		for (const { product, resources } of CATALOG) for (const r of resources) expect(productOf(r.resource.value)).toBe(product);
		expect(productOf('nothing')).toBe(CATALOG[0].product);
	});
});
