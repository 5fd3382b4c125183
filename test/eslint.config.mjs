// ESLint config for test/ only. `npm run lint` runs n8n's community-node lint (`n8n-node lint`,
// strict mode: the root eslint.config.mjs must stay n8n's template word for word) with ESLint's
// `v10_config_lookup_from_file` flag, so each file takes the nearest eslint.config.mjs: the
// shipped code (nodes/, credentials/, package.json) gets n8n's rules from the root one, and test/
// gets this one.
//
// n8n's rules are for code that runs inside n8n (no process, no timers, no child_process, no
// console); the tests, the emulator and the e2e driver need exactly those, and never ship (the
// package holds dist/ only). They are type-checked in strict mode by `npm run typecheck`.
export default [{ ignores: ['**/*'] }];
