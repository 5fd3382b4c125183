// Copies the non-TypeScript assets (icons, codex JSON) next to the compiled files in dist/,
// where n8n resolves `file:` icon paths relative to each node and credential.
const { src, dest } = require('gulp');

function buildAssets() {
	return src(['nodes/**/*.{svg,png,json}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	);
}

exports['build:assets'] = buildAssets;
