// Jest's settings live here, not under "jest" in package.json: n8n's community-package lint
// (npm run lint, and n8n's own scanner) checks every string and object in package.json, and
// reads jest's `<rootDir>` as an unfilled template placeholder.
/** @type {import('jest').Config} */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['**/*.test.ts'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json' }] },
	// Generous for a loaded 2-core machine (a test that times out leaves its run going into the next
	// tests), yet a hang still ends. Real-n8n tests set their own.
	testTimeout: 120_000,
	setupFiles: ['<rootDir>/test/support/jest/env.ts'],
	reporters: ['default', '<rootDir>/test/support/jest/summaryReporter.js'],
};
