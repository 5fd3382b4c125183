import { readFileSync } from 'node:fs';
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
});
