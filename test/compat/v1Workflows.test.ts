/**
 * Workflows saved with version 1 of the node (test/fixtures/v1-workflows/*.json, made by the node
 * as it was before versions existed) must keep sending the same requests and giving the same
 * outputs. The expected requests and outputs were recorded once, before any change, and are
 * committed beside them (expected/*.json): never re-record them to make this test pass.
 * `RECORD_V1_EXPECTED=1 npx jest test/compat` writes missing expected files only.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { IDataObject, INode } from 'n8n-workflow';

import { CREDENTIAL_TYPE, EngageLabFixture } from '../support/inProcess/maFixture';
import { runNode } from '../support/inProcess/runWorkflow';

const DIR = join(__dirname, '..', 'fixtures', 'v1-workflows');
const EXPECTED = join(DIR, 'expected');

interface SavedWorkflow {
	about: string;
	/** The EngageLab node exactly as n8n saves it in a workflow (defaults left out). */
	node: INode;
	input: IDataObject[];
	/** Users the emulator knows: "type:value" → EUID. */
	identities?: Record<string, string>;
}

interface Expected {
	/** "path body" of every request, sorted (concurrent requests arrive in any order). */
	requests: string[];
	status: string;
	outputs: unknown[];
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}/g;
/** Random Report IDs (UUIDs) differ on every run; everything else must match exactly. */
const stable = (text: string) => text.replace(UUID, '<uuid>');

const fx = new EngageLabFixture();
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => fx.reset());

const names = readdirSync(DIR)
	.filter((f) => f.endsWith('.json'))
	.map((f) => f.replace(/\.json$/, ''));

it('has saved version-1 workflows to check', () => {
	expect(names.length).toBeGreaterThanOrEqual(5);
});

describe.each(names)('version-1 workflow %s', (name) => {
	it('sends the same requests and gives the same outputs as when it was saved', async () => {
		const saved = JSON.parse(readFileSync(join(DIR, `${name}.json`), 'utf8')) as SavedWorkflow;
		expect(saved.node.typeVersion).toBe(1);
		for (const [key, euid] of Object.entries(saved.identities ?? {})) fx.emulator.ma.identities.set(key, BigInt(euid));

		const { type, typeVersion, parameters, onError } = saved.node;
		const result = await runNode(
			{ nodeTypes: fx.nodeTypes, credentialsHelper: fx.credentialsHelper },
			{ type, typeVersion, parameters, onError, name: saved.node.name, credentialTypes: [CREDENTIAL_TYPE] },
			saved.input,
		);
		const actual: Expected = {
			requests: fx.emulator.received.map((r) => stable(`${r.path} ${r.rawBody}`)).sort(),
			status: result.status,
			outputs: JSON.parse(stable(JSON.stringify(result.items.map((i) => ({ json: i.json, pairedItem: i.pairedItem }))))),
		};
		const file = join(EXPECTED, `${name}.json`);
		if (!existsSync(file) && process.env.RECORD_V1_EXPECTED === '1') {
			writeFileSync(file, JSON.stringify(actual, null, '\t') + '\n');
		}
		expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
	});
});
