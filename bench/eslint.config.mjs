// ESLint config for bench/ only (the same as test/eslint.config.mjs; see there). `npm run lint` runs n8n's community-node lint (`n8n-node lint`,
// strict mode: the root eslint.config.mjs must stay n8n's template word for word) with ESLint's
// `v10_config_lookup_from_file` flag, so each file takes the nearest eslint.config.mjs: the
// shipped code (nodes/, credentials/, package.json) gets n8n's rules from the root one, and bench/
// gets this one.
//
// n8n's rules are for code that runs inside n8n; the benchmark drives processes, timers and the
// console, and never ships (the package holds dist/ only). It is type-checked by `npm run bench`.
export default [{ ignores: ['**/*'] }];
