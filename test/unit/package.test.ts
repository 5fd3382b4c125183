/** What users install: the packed tarball and the manifest n8n reads. Needs `npm run build` first. */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');
const manifest = require(path.join(root, 'package.json')) as Record<string, any>;

describe('package.json', () => {
	it('is an n8n community package with no runtime dependencies', () => {
		expect(manifest.name).toBe('n8n-nodes-engagelab');
		expect(manifest.license).toBe('MIT');
		expect(manifest.keywords).toContain('n8n-community-node-package');
		expect(manifest.dependencies).toBeUndefined();
		expect(manifest.peerDependencies).toEqual({ 'n8n-workflow': '*' });
		expect(manifest.files).toEqual(['dist']);
		expect(manifest.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
		expect(manifest.n8n).toEqual({
			n8nNodesApiVersion: 1,
			strict: true,
			credentials: [
				'dist/credentials/EngageLabApi.credentials.js',
				'dist/credentials/EngageLabWebhookApi.credentials.js',
				'dist/credentials/EngageLabSmsApi.credentials.js',
				'dist/credentials/EngageLabOtpApi.credentials.js',
				'dist/credentials/EngageLabEmailApi.credentials.js',
				'dist/credentials/EngageLabWhatsAppApi.credentials.js',
				'dist/credentials/EngageLabAppPushApi.credentials.js',
				'dist/credentials/EngageLabWebPushApi.credentials.js',
			],
			nodes: ['dist/nodes/EngageLab/EngageLab.node.js', 'dist/nodes/EngageLabTrigger/EngageLabTrigger.node.js'],
		});
	});
});

describe('npm pack', () => {
	it('holds only dist, README, LICENSE and package.json', () => {
		expect(existsSync(path.join(root, 'dist/nodes/EngageLab/EngageLab.node.js'))).toBe(true); // npm run build first
		const [report] = JSON.parse(
			execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
		) as Array<{ files: Array<{ path: string }> }>;
		const files = report.files.map((f) => f.path);

		expect(files.filter((f) => !f.startsWith('dist/')).sort()).toEqual(['LICENSE', 'README.md', 'package.json']);
		for (const entry of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) expect(files).toContain(entry);
		expect(files).toContain('dist/nodes/EngageLab/engagelab.svg');
		expect(files).toContain('dist/nodes/EngageLab/engagelab.dark.svg');
		expect(files).toContain('dist/nodes/EngageLab/EngageLab.node.json'); // the codex, next to the node
		expect(files.filter((f) => f.startsWith('dist/test') || f.includes('.test.'))).toEqual([]);
	});
});

describe('publish metadata', () => {
	it('has an author with an email, and homepage, repository and bugs on one GitHub repository', () => {
		expect(manifest.author).toEqual({ name: expect.stringMatching(/\S/), email: expect.stringMatching(/^[^@\s]+@[^@\s]+\.[a-z]+$/) });
		const repo = /^git\+(https:\/\/github\.com\/[\w.-]+\/[\w.-]+)\.git$/.exec(manifest.repository?.url)?.[1];
		expect(repo).toBeDefined();
		expect(manifest.homepage).toBe(`${repo}#readme`);
		expect(manifest.bugs).toEqual({ url: `${repo}/issues` });
	});

	it('the changelog has an entry for the version in package.json', () => {
		const changelog = readFileSync(path.join(root, 'CHANGELOG.md'), 'utf8');
		expect(changelog).toMatch(new RegExp(`^## \\[${manifest.version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
	});

	it('the publish workflow runs on version tags, lints, scans and tests, then publishes with provenance', () => {
		const workflow = readFileSync(path.join(root, '.github/workflows/publish.yml'), 'utf8');
		expect(workflow).toMatch(/^on:\n {2}push:\n {4}tags:\n {6}- '\*\.\*\.\*'$/m);
		expect(workflow).toMatch(/^ {6}id-token: write\b/m);
		const steps = ['npm ci --ignore-scripts', 'npm run lint', 'npm run scan', 'npm test', 'npm publish --provenance --access public'];
		const at = steps.map((step) => workflow.indexOf(step));
		expect(at.every((index) => index > 0)).toBe(true);
		expect([...at].sort((a, b) => a - b)).toEqual(at);
	});
});
