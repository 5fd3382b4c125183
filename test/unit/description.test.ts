/**
 * What n8n (and an AI agent using the node as a tool) reads from the package besides the code: the
 * node's parameter descriptions, the codex file, the icons. The same things are checked as the
 * real editor serves them in test/e2e/examples.test.ts.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { EngageLabApi } from '../../credentials/EngageLabApi.credentials';
import { EngageLab } from '../../nodes/EngageLab/EngageLab.node';

const root = path.resolve(__dirname, '../..');
const nodeDir = path.join(root, 'nodes/EngageLab');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string };
const description = new EngageLab().description;

/** Every parameter, collection entry and option choice, with a path for the failure message. */
function described(properties: INodeProperties[], prefix = ''): Array<{ path: string; text: string; displayName: string }> {
	return properties.flatMap((p) => {
		const here = `${prefix}${p.name}`;
		const nested = (p.options ?? []).flatMap((o) =>
			'type' in o
				? described([o as INodeProperties], `${here}.`)
				: 'value' in o
					? [{ path: `${here}=${String(o.value)}`, text: (o as INodePropertyOptions).description ?? '', displayName: o.name }]
					: [],
		);
		return [{ path: here, text: p.description ?? '', displayName: p.displayName }, ...nested];
	});
}

describe('node description, for people and AI agents', () => {
	it('every parameter, option and choice has a description that says more than its name', () => {
		const entries = described(description.properties);
		expect(entries.length).toBeGreaterThanOrEqual(10);
		const weak = entries.filter((e) => e.text.trim().length < 20 || e.text.trim().toLowerCase() === e.displayName.toLowerCase());
		expect(weak.map((e) => `${e.path}: "${e.text}"`)).toEqual([]);
	});

	it('every operation has an action (n8n turns it into the tool description "<action> in EngageLab")', () => {
		const operations = description.properties.filter((p) => p.name === 'operation').flatMap((p) => p.options as INodePropertyOptions[]);
		expect(operations.length).toBeGreaterThan(0);
		for (const operation of operations) expect(operation.action).toMatch(/^[A-Z][a-z]+ .{10,}/);
	});

	it('is usable as an AI tool, with an icon for each theme and a subtitle', () => {
		expect(description).toMatchObject({
			usableAsTool: true,
			icon: { light: 'file:engagelab.svg', dark: 'file:engagelab.dark.svg' },
			subtitle: expect.stringContaining('$parameter["operation"]'),
		});
	});
});

describe('codex file (nodes/EngageLab/EngageLab.node.json)', () => {
	const codex = JSON.parse(readFileSync(path.join(nodeDir, 'EngageLab.node.json'), 'utf8')) as Record<string, any>;

	it('names the node, puts it in n8n categories and links EngageLab docs', () => {
		expect(codex.node).toBe(`${manifest.name}.${description.name}`);
		expect(codex.categories).toEqual(['Marketing', 'Communication']);
		const urls = [...codex.resources.primaryDocumentation, ...codex.resources.credentialDocumentation].map((r: { url: string }) => r.url);
		expect(urls.length).toBeGreaterThanOrEqual(2);
		for (const url of urls) expect(url).toMatch(/^https:\/\/www\.engagelab\.com\/docs\/marketing-automation\/rest-api\/[a-z-]+$/);
		expect(codex.resources.credentialDocumentation[0].url).toBe(new EngageLabApi().documentationUrl);
	});
});

describe('icons', () => {
	const svg = (file: string) => readFileSync(path.join(nodeDir, file), 'utf8');

	it('are SVG, one for light and a different one for dark themes', () => {
		for (const file of ['engagelab.svg', 'engagelab.dark.svg']) {
			expect(svg(file)).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" width="60" height="60" viewBox="0 0 60 60">[\s\S]*<\/svg>\s*$/);
		}
		expect(svg('engagelab.svg')).not.toBe(svg('engagelab.dark.svg'));
	});

	it('are the credential\'s icons too, by paths that resolve from credentials/ (and from dist/credentials/)', () => {
		const { icon } = new EngageLabApi() as unknown as { icon: { light: string; dark: string } };
		for (const ref of [icon.light, icon.dark]) {
			expect(ref).toMatch(/^file:/);
			expect(existsSync(path.resolve(root, 'credentials', ref.slice('file:'.length)))).toBe(true);
			expect(existsSync(path.resolve(root, 'dist/credentials', ref.slice('file:'.length)))).toBe(true); // npm run build first
		}
	});
});

describe('examples/ai-agent-set-contact.json', () => {
	const workflow = JSON.parse(readFileSync(path.join(root, 'examples/ai-agent-set-contact.json'), 'utf8')) as {
		nodes: Array<{ type: string; parameters: Record<string, unknown> }>;
	};
	const tool = workflow.nodes.find((n) => n.type === `${manifest.name}.${description.name}Tool`);

	it("lets the model fill every Set Contact field, with the field's own description as the model's instructions", () => {
		// The user is addressed by EUID (a fixed choice); the model fills the fields shown for it.
		expect(tool?.parameters.identifyBy).toBe('euid');
		const fields = description.properties.filter(
			(p) => p.displayOptions?.show?.operation?.includes('setContact') && p.name !== 'identifyBy' && (p.displayOptions.show.identifyBy ?? ['euid']).includes('euid'),
		);
		expect(fields.map((f) => f.name)).toEqual(['euid', 'email', 'mobilePhone', 'landlinePhone', 'whatsappPhone']);
		for (const field of fields) {
			const expression = String(tool?.parameters[field.name]);
			const call = /\$fromAI\('(\w+)', `([^`]*)`, 'string'\)/.exec(expression);
			expect({ field: field.name, key: call?.[1], description: call?.[2] }).toEqual({ field: field.name, key: field.name, description: field.description });
		}
	});
});
