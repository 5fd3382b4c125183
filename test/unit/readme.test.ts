/**
 * The README is for users: what it must say (every operation with an example and its output,
 * every error code, every option with its default, the AI tool's field texts as the node has
 * them), and what belongs in docs/ instead.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { productOf } from '../../nodes/EngageLab/catalog';
import { EngageLab } from '../../nodes/EngageLab/EngageLab.node';
import { MA_ERROR_CODES } from '../../nodes/EngageLab/products/ma/errorTable';
import { DEFAULT_NODE_VERSION } from '../../nodes/EngageLab/versions';

const root = path.resolve(__dirname, '../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
const { properties } = new EngageLab().description;

/** The README's `## ` sections by heading. */
const sections = new Map(
	readme
		.split(/^## /m)
		.slice(1)
		.map((s) => [s.slice(0, s.indexOf('\n')), s] as const),
);

/** A markdown file's `## ` sections by heading. */
const sectionsOf = (file: string) =>
	new Map(
		readFileSync(path.join(root, file), 'utf8')
			.split(/^## /m)
			.slice(1)
			.map((s) => [s.slice(0, s.indexOf('\n')), s] as const),
	);
/** Each product's operations are documented in its guide, docs/<product>/guide.md (the catalog's product name). */
const guideOf = (resource: string) => `docs/${productOf(resource).docs ?? productOf(resource).name}/guide.md`;
/** GitHub's anchor for a heading: "SMS → Send" → "sms--send". */
const anchor = (heading: string) => heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');

/** Every operation the node offers, read from its description: "Resource → Operation" and its resource's value. */
function operations(): Array<{ heading: string; resource: string }> {
	const resources = properties.find((p) => p.name === 'resource')!.options as INodePropertyOptions[];
	return resources.flatMap((r) => {
		const picker = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(r.value))!;
		return (picker.options as INodePropertyOptions[]).map((o) => ({ heading: `${r.name} → ${o.name}`, resource: String(r.value) }));
	});
}

describe('README', () => {
	it('links every operation to its section in its product\'s guide, which has a JSON example and the output', () => {
		expect(operations().length).toBeGreaterThanOrEqual(12);
		for (const { heading, resource } of operations()) {
			const guide = guideOf(resource);
			expect(readme).toContain(`(${guide}#${anchor(heading)})`);
			const section = sectionsOf(guide).get(heading);
			expect({ heading, found: section !== undefined }).toEqual({ heading, found: true });
			expect(section).toMatch(/```json\n/);
			expect(section).toMatch(/^Output|[Oo]utput[,:]/m);
		}
	});

	it('lists every MA error code with the meaning the node reports, in the MA guide the README links', () => {
		const maGuide = readFileSync(path.join(root, 'docs/ma/guide.md'), 'utf8');
		expect(readme).toContain('](docs/ma/guide.md#error-codes)');
		for (const [code, info] of Object.entries(MA_ERROR_CODES)) {
			expect(maGuide).toContain(`| ${code} | ${info.meaning} |`);
		}
	});

	it('documents every node option with its default (for new nodes)', () => {
		const options = properties.find((p) => p.name === 'options')!.options as INodeProperties[];
		expect([...new Set(options.map((o) => o.name))].sort()).toEqual(['concurrency', 'concurrencyMode', 'maxAttempts', 'maxRequestsPerSecond', 'retryDelay', 'timeout']);
		const description = new EngageLab().description;
		const forNewNodes = options.filter((o) => NodeHelpers.displayParameter({}, o, { typeVersion: DEFAULT_NODE_VERSION }, description));
		for (const option of forNewNodes) {
			expect(readme).toContain(`| ${option.displayName} | ${String(option.default)}`);
		}
	});

	it("shows the AI tool's Set Contact field descriptions as the node has them", () => {
		const setContactField = (name: string) =>
			properties.find((f) => f.name === name && f.displayOptions?.show?.operation?.includes('setContact'));
		for (const name of ['euid', 'email']) {
			expect(readme).toContain(`"${name}"`);
			expect(readme).toContain(JSON.stringify(setContactField(name)?.description));
		}
	});

	it('covers install and the credential', () => {
		expect(sections.get('Install')).toContain('npm install n8n-nodes-engagelab');
		for (const field of ['API Key', 'API Secret', 'Data Center', 'Base URL']) expect(sections.get('Credential: EngageLab API')).toContain(`| ${field} |`);
	});

	it('shows the screenshot, links every example and the contributor docs, and shows the test command', () => {
		expect(readme).toContain('](docs/images/set-contact-parameters.png)');
		for (const file of readdirSync(path.join(root, 'examples'))) expect(readme).toContain(`](examples/${file})`);
		expect(readme).toContain('](docs/DEVELOPMENT.md)');
		expect(readme).toContain('](docs/BENCHMARKS.md)');
		expect(readme).toMatch(/^npm test\b/m);
	});

	// Each product's operations live in its guide (docs/<product>/guide.md); the README keeps what
	// every resource shares (install, options, the retry tables, errors, the AI tool) and one table.
	it('stays a user guide: developer and benchmark notes live in docs/', () => {
		expect(readme.split('\n').length).toBeLessThanOrEqual(300);
		for (const heading of ['Development', 'Benchmark', 'Releasing']) expect(sections.has(heading)).toBe(false);
	});
});

describe('product guides', () => {
	// Taken in the real n8n editor by tools/screenshot/messaging.ts.
	it.each([
		['docs/sms/guide.md', 'SMS → Send', 'sms-send-parameters.png'],
		['docs/otp/guide.md', 'OTP → Send', 'otp-send-parameters.png'],
		['docs/email/guide.md', 'Email → Send', 'email-send-parameters.png'],
		['docs/whatsapp/guide.md', 'WhatsApp → Send Template', 'whatsapp-send-template-parameters.png'],
		['docs/messaging/guide.md', 'Credentials', 'otp-credential.png'],
	])('%s shows the form of %s (docs/images/%s)', (guide, section, image) => {
		expect(sectionsOf(guide).get(section)).toMatch(new RegExp(`^!\\[[^\\]]+\\]\\(\\.\\./images/${image.replace('.', '\\.')}\\)$`, 'm'));
		expect(existsSync(path.join(root, 'docs/images', image))).toBe(true);
	});

	it('and every other page in docs/ link only to files that exist', () => {
		const docs = ['README.md', 'CHANGELOG.md', ...readdirSync(path.join(root, 'docs'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
		for (const file of docs) {
			const text = readFileSync(path.join(root, file), 'utf8');
			for (const [, target] of text.matchAll(/\]\(((?!https?:|#)[^)#\s]+)/g)) {
				expect({ file, target, exists: existsSync(path.resolve(root, path.dirname(file), target)) }).toEqual({ file, target, exists: true });
			}
		}
	});
});
