import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ERROR_CODES } from '../../nodes/EngageLab/transport/errorCodes';

const readme = readFileSync(path.resolve(__dirname, '../../README.md'), 'utf8');

describe('README', () => {
	it('lists every error code with the meaning the node reports', () => {
		for (const [code, info] of Object.entries(ERROR_CODES)) {
			expect(readme).toContain(`| ${code} | ${info.meaning} |`);
		}
	});

	it('shows the test command', () => {
		expect(readme).toMatch(/^npm test\b/m);
	});
});
