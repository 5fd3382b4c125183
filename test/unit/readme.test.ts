/**
 * The README is for users: what it must say (every operation with an example and its output,
 * every error code, every option with its default, the AI tool's field texts as the node has
 * them), and what belongs in docs/ instead.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

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

/** The messaging guide's `## ` sections: the messaging operations are documented there, listed in the README's table. */
const guide = readFileSync(path.join(root, 'docs/messaging/guide.md'), 'utf8');
const guideSections = new Map(
	guide
		.split(/^## /m)
		.slice(1)
		.map((s) => [s.slice(0, s.indexOf('\n')), s] as const),
);
const MESSAGING_RESOURCES = ['SMS', 'OTP', 'Email', 'WhatsApp'];
/** GitHub's anchor for a heading: "SMS → Send" → "sms--send". */
const anchor = (heading: string) => heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');

/** "Resource → Operation" for every operation the node offers, read from its description. */
function operations(): string[] {
	const resources = properties.find((p) => p.name === 'resource')!.options as INodePropertyOptions[];
	return resources.flatMap((r) => {
		const picker = properties.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(r.value))!;
		return (picker.options as INodePropertyOptions[]).map((o) => `${r.name} → ${o.name}`);
	});
}

describe('README', () => {
	it('has a section per operation, with a JSON example of the request or output', () => {
		expect(operations().length).toBeGreaterThanOrEqual(4);
		for (const operation of operations()) {
			const messaging = MESSAGING_RESOURCES.includes(operation.split(' → ')[0]);
			// Messaging operations: a row in the README's table, linking their section in the guide.
			if (messaging) expect(readme).toContain(`(docs/messaging/guide.md#${anchor(operation)})`);
			const section = (messaging ? guideSections : sections).get(operation);
			expect({ operation, found: section !== undefined }).toEqual({ operation, found: true });
			expect(section).toMatch(/```json\n/);
			expect(section).toMatch(/^Output|[Oo]utput[,:]/m);
		}
	});

	it('lists every error code with the meaning the node reports', () => {
		for (const [code, info] of Object.entries(MA_ERROR_CODES)) {
			expect(readme).toContain(`| ${code} | ${info.meaning} |`);
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

	// About 250 lines was the aim; the retry and idempotency tables (what may have been applied) and
	// the trigger belong in front of users, and so does the one table of the messaging operations
	// (their guides live in docs/messaging/guide.md), so the bound is 440. Lab notes stay in docs/.
	it('stays a user guide: developer and benchmark notes live in docs/', () => {
		expect(readme.split('\n').length).toBeLessThanOrEqual(440);
		for (const heading of ['Development', 'Benchmark', 'Releasing']) expect(sections.has(heading)).toBe(false);
	});
});

describe('messaging guide', () => {
	// Taken in the real n8n editor by tools/screenshot/messaging.ts.
	it.each([
		['SMS → Send', 'sms-send-parameters.png'],
		['OTP → Send', 'otp-send-parameters.png'],
		['Email → Send', 'email-send-parameters.png'],
		['WhatsApp → Send Template', 'whatsapp-send-template-parameters.png'],
		['Credentials', 'otp-credential.png'],
	])('shows the form of %s (docs/images/%s)', (section, image) => {
		expect(guideSections.get(section)).toMatch(new RegExp(`^!\\[[^\\]]+\\]\\(\\.\\./images/${image.replace('.', '\\.')}\\)$`, 'm'));
		expect(existsSync(path.join(root, 'docs/images', image))).toBe(true);
	});
});
