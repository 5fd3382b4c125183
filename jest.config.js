// Jest's settings live here, not under "jest" in package.json: n8n's community-package lint
// (npm run lint, and n8n's own scanner) checks every string and object in package.json, and
// reads jest's `<rootDir>` as an unfilled template placeholder.
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
	testTimeout: 30000,
	setupFiles: ['<rootDir>/test/harness/env.ts'],
	reporters: ['default', '<rootDir>/test/harness/summaryReporter.js'],
};
