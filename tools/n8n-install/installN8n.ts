/**
 * `npm run n8n:install`: installs (or checks, and repairs when broken) every pinned n8n the suite and
 * the demo use, with one line per version. CI runs it as a phase of its own so its time shows.
 */
import { ensureN8n, N8N_VERSIONS } from '../../test/support/realN8n/install';

async function main(): Promise<void> {
	for (const target of N8N_VERSIONS) {
		const started = Date.now();
		const install = await ensureN8n(target);
		console.log(`n8n ${target.version}: ready in ${install.dir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
	}
}

main().catch((error: unknown) => {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
});
