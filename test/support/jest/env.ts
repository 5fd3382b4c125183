/**
 * Jest `setupFiles` entry: runs before any test module (and so before n8n-core) is imported.
 *
 * n8n-core's `InstanceSettings` (constructed lazily by every node execution context via the DI container)
 * reads/writes `<N8N_USER_FOLDER>/.n8n/config` and needs an encryption key. Point it at a throw-away
 * folder so tests never touch ~/.n8n. `N8N_LOG_LEVEL=silent` mutes the real winston Logger
 * (ErrorReporter logs every node error at level "error"); override with N8N_LOG_LEVEL=debug when debugging.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
process.env.N8N_ENCRYPTION_KEY ??= 'harness-test-encryption-key';
process.env.N8N_LOG_LEVEL ??= 'silent';
process.env.N8N_DIAGNOSTICS_ENABLED ??= 'false';
