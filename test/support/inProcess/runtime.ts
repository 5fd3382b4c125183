/**
 * What n8n-core needs before a node runs in tests. Everything it takes from the DI container builds
 * itself from the environment (env.ts); the one thing to fix is SSHClientsManager, built by every
 * ExecuteContext, whose 60 s cleanup interval is not unref'd and would keep jest from exiting.
 */
import { Container } from '@n8n/di';
import { InstanceSettings } from 'n8n-core';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';

let done = false;

export function setupN8nRuntime(): void {
	if (done) return;
	const settings = Container.get(InstanceSettings);
	if (!settings.n8nFolder.startsWith(process.env.N8N_USER_FOLDER ?? '\0')) {
		throw new Error(`n8n-core uses ${settings.n8nFolder}: test/support/jest/env.ts did not run first`);
	}
	(Container.get(SSHClientsManager) as unknown as { cleanupTimer?: NodeJS.Timeout }).cleanupTimer?.unref();
	done = true;
}
