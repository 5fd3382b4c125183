import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { INodeProperties } from 'n8n-workflow';

import { EngageLab } from '../../nodes/EngageLab/EngageLab.node';
import { ERROR_CODES } from '../../nodes/EngageLab/transport/errorCodes';

const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

describe('README', () => {
	it('lists every error code with the meaning the node reports', () => {
		for (const [code, info] of Object.entries(ERROR_CODES)) {
			expect(readme).toContain(`| ${code} | ${info.meaning} |`);
		}
	});

	it('documents every node option with its default', () => {
		const options = new EngageLab().description.properties.find((p) => p.name === 'options')!.options as INodeProperties[];
		expect(options.map((o) => o.name).sort()).toEqual(['concurrency', 'maxAttempts', 'maxRequestsPerSecond', 'retryDelay', 'timeout']);
		for (const option of options) {
			expect(readme).toContain(`| ${option.displayName} | ${String(option.default)}`);
		}
	});

	it('shows the test command', () => {
		expect(readme).toMatch(/^npm test\b/m);
	});

	it("shows the AI tool's field descriptions as the node has them", () => {
		const fields = new EngageLab().description.properties;
		for (const name of ['euid', 'email']) {
			expect(readme).toContain(`"${name}"`);
			expect(readme).toContain(JSON.stringify(fields.find((f) => f.name === name)?.description));
		}
	});

	it('shows the screenshot, and links every example', () => {
		expect(readme).toContain('](docs/images/set-contact-parameters.png)');
		for (const file of readdirSync(path.resolve(__dirname, '../../examples'))) expect(readme).toContain(`](examples/${file})`);
	});
});
