import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The repository root, found from here whether this file runs from test/ (jest) or tools/.build/ (the tools). */
function findRepoRoot(): string {
	for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
		const manifest = path.join(dir, 'package.json');
		if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'n8n-nodes-engagelab') {
			return dir;
		}
	}
	throw new Error(`no n8n-nodes-engagelab package.json above ${__dirname}`);
}

export const REPO_ROOT = findRepoRoot();
export const E2E_DIR = path.join(REPO_ROOT, 'test/e2e');
