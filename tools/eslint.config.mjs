// ESLint config for tools/ only (the same as test/eslint.config.mjs; see there). `npm run lint` runs n8n's community-node lint
// (`n8n-node lint`, strict mode) with ESLint's `v10_config_lookup_from_file` flag, so each file takes the nearest
// eslint.config.mjs: the shipped code gets n8n's rules from the root one, and tools/ gets this one.
//
// n8n's rules are for code that runs inside n8n; the demo, dev and screenshot programs start processes, use the
// console and files, and never ship (the package holds dist/ only). They are type-checked by `npm run typecheck`.
export default [{ ignores: ['**/*'] }];
