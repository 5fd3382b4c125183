/**
 * Every credential type the package declares (package.json's `n8n.credentials`), built from this
 * repository's classes, so a new product's credential reaches the harness without a list to edit.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { ICredentialType } from 'n8n-workflow';

import { REPO_ROOT } from '../realN8n/paths';

export function packageCredentialTypes(): ICredentialType[] {
	const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { n8n: { credentials: string[] } };
	return manifest.n8n.credentials.map((dist) => {
		// dist/credentials/EngageLabSmsApi.credentials.js → the class EngageLabSmsApi in credentials/EngageLabSmsApi.credentials,
		// required from here so that it resolves to the .ts under jest and to the compiled .js in bench/'s build.
		const name = path.basename(dist, '.credentials.js');
		const exported = require(path.join(__dirname, '../../../credentials', `${name}.credentials`)) as Record<string, new () => ICredentialType>;
		return new exported[name]();
	});
}
