/**
 * End-to-end tests: the packed package installed into real n8n 2.41.1 and 1.123.x (see
 * test/e2e/). Run with `npm run test:e2e`, in band: each file starts n8n processes of ~800 MB.
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	testPathIgnorePatterns: ['/node_modules/', '/\\.work/'],
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.test.json' }] },
	globalSetup: '<rootDir>/test/e2e/support/globalSetup.ts',
	globalTeardown: '<rootDir>/test/e2e/support/globalTeardown.ts',
	// Hooks that start n8n pass their own, longer timeouts.
	testTimeout: 120_000,
	maxWorkers: 1,
};
