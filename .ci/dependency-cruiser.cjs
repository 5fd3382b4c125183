// The folders of the shipped code import one way (docs/DEVELOPMENT.md, "Dependency direction"):
// npm run layers checks it in CI. A folder may import itself and the folders listed after it;
// anything else under nodes/EngageLab/ is a violation. In .ci/, not the repository's top level:
// only CI and `npm run layers` read it.
const N = '^nodes/EngageLab/';
const downOnly = (from, ...to) => ({
	name: `${from.replace(/\W/g, '')}-imports-down-only`,
	severity: 'error',
	from: { path: `${N}${from}` },
	to: { path: N, pathNot: [from, ...to].map((p) => `${N}${p}`) },
});

module.exports = {
	forbidden: [
		{ name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
		downOnly('transport/'),
		downOnly('validation/', 'transport/'),
		downOnly('products/', 'transport/'),
		downOnly('execution/', 'transport/'),
		downOnly('methods/', 'products/', 'transport/'),
		downOnly('actions/', 'execution/', 'products/', 'validation/', 'transport/', 'versions\\.ts$'),
		downOnly('catalog\\.ts$', 'actions/', 'methods/', 'products/'),
		{
			name: 'credentials-read-products-only',
			severity: 'error',
			from: { path: '^credentials/' },
			to: { path: '^nodes/', pathNot: `${N}products/` },
		},
		{
			name: 'trigger-shares-transport-only',
			severity: 'error',
			from: { path: '^nodes/EngageLabTrigger/' },
			to: { path: N, pathNot: `${N}transport/` },
		},
		{
			name: 'shipped-code-imports-no-tests',
			severity: 'error',
			from: { path: '^(nodes|credentials)/' },
			to: { path: '^(test|tools|bench)/' },
		},
		{
			// Tools and benchmarks share the tests' emulators and n8n installer, not the tests.
			name: 'tools-and-bench-use-test-support-only',
			severity: 'error',
			from: { path: '^(tools|bench)/' },
			to: { path: '^test/', pathNot: '^test/support/' },
		},
	],
	options: {
		doNotFollow: { path: 'node_modules' },
		tsConfig: { fileName: 'tsconfig.json' },
		tsPreCompilationDeps: true,
		exclude: { path: '^(dist|(tools|bench)/\\.build)/' },
	},
};
