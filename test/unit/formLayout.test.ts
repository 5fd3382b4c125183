/**
 * What a user sees in the editor, computed with n8n's own display rules (NodeHelpers): for each
 * operation, in its default state, which fields show at the top level and which are required;
 * Identify User By on every operation that acts on one user; every field a model may fill as an
 * AI tool has a description; option names in Title Case without abbreviations in brackets.
 */
import type { INodeParameters, INodeProperties } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { EngageLabApi } from '../../credentials/EngageLabApi.credentials';
import { EngageLab } from '../../nodes/EngageLab/EngageLab.node';

const { description } = new EngageLab();

function shownFields(typeVersion: number, values: INodeParameters): INodeProperties[] {
	const params = NodeHelpers.getNodeParameters(description.properties, values, true, false, { typeVersion }, description)!;
	return description.properties.filter((p) => NodeHelpers.displayParameter(params, p, { typeVersion }, description));
}

/** Top-level fields in the default state: display name, marked "required" or "optional" (collections by their own name). */
function layout(typeVersion: number, resource: string, operation: string): string[] {
	return shownFields(typeVersion, { resource, operation }).map((p) => `${p.displayName}${p.required ? ' *' : ''}`);
}

describe('version 2 form, default state (* = required)', () => {
	it.each([
		['user', 'getEuid', ['Resource', 'Operation', 'Identity Type', 'Identity Value *', 'Options']],
		[
			'user',
			'setContact',
			['Resource', 'Operation', 'Identify User By', 'EUID *', 'Email', 'Mobile Phone', 'Landline Phone', 'WhatsApp Phone', 'Options'],
		],
		[
			'user',
			'setProperties',
			['Resource', 'Operation', 'Identify User By', 'EUID *', 'Property Operation', 'Properties Input', 'Properties', 'Options'],
		],
		[
			'event',
			'report',
			['Resource', 'Operation', 'Identify User By', 'EUID *', 'Event Name *', 'Properties Input', 'Properties', 'Additional Fields', 'Options'],
		],
	])('%s → %s', (resource, operation, expected) => {
		expect(layout(2, resource, operation)).toEqual(expected);
	});

	it('Report keeps what most reports leave alone in Additional Fields, each default stated', () => {
		const collection = description.properties.find((p) => p.name === 'additionalFields' && p.displayOptions?.show?.resource?.includes('event'))!;
		const options = collection.options as INodeProperties[];
		expect(options.map((o) => o.displayName)).toEqual(['App Key', 'Batch Size', 'Event Time', 'Report ID']);
		for (const o of options) expect(o.description).toMatch(/Default: /);
		expect(options.find((o) => o.name === 'randomId')?.hint).toMatch(/unique per event/);
	});

	it('an ID instead of the EUID swaps the EUID field for Identity Value, on every user operation', () => {
		for (const [resource, operation] of [['user', 'setContact'], ['user', 'setProperties'], ['event', 'report']]) {
			for (const identifyBy of ['userId', 'anonymousId', 'registrationId']) {
				const names = shownFields(2, { resource, operation, identifyBy }).map((p) => p.displayName);
				expect(names).toContain('Identity Value');
				expect(names).not.toContain('EUID');
			}
			const identify = shownFields(2, { resource, operation }).find((p) => p.name === 'identifyBy')!;
			expect(identify.options?.map((o) => (o as { name: string }).name)).toEqual(['EUID', 'User ID', 'Anonymous ID', 'Registration ID']);
		}
	});
});

describe('version 1 form stays as it was', () => {
	it.each([
		['user', 'setContact', ['Resource', 'Operation', 'Identify User By', 'EUID *', 'Email', 'Mobile Phone', 'Landline Phone', 'WhatsApp Phone', 'Options']],
		['user', 'setProperties', ['Resource', 'Operation', 'EUID *', 'Property Operation', 'Properties Input', 'Properties', 'Options']],
		[
			'event',
			'report',
			['Resource', 'Operation', 'EUID *', 'Event Name *', 'Event Time', 'Properties Input', 'Properties', 'App Key', 'Report ID', 'Batch Size', 'Options'],
		],
	])('%s → %s', (resource, operation, expected) => {
		expect(layout(1, resource, operation)).toEqual(expected);
	});

	it('Set Contact offers EUID, User ID and Anonymous ID', () => {
		const identify = shownFields(1, { resource: 'user', operation: 'setContact' }).find((p) => p.name === 'identifyBy')!;
		expect(identify.options?.map((o) => (o as { name: string }).name)).toEqual(['EUID', 'User ID', 'Anonymous ID']);
	});
});

describe('texts', () => {
	const all = (props: INodeProperties[]): INodeProperties[] =>
		props.flatMap((p) => [p, ...all(((p.options ?? []) as INodeProperties[]).filter((o) => 'displayName' in o && 'type' in o))]);

	it('every field a model may fill (text, number, JSON, options) has a description, none speaks of 64-bit Longs', () => {
		for (const p of all(description.properties)) {
			if (['string', 'number', 'json', 'options', 'boolean'].includes(p.type)) expect({ field: p.name, description: p.description ?? '' }).toEqual({ field: p.name, description: expect.stringMatching(/\w{3}/) });
			expect(p.description ?? '').not.toMatch(/9007199254740991|64-bit|Long\b/);
		}
	});

	it('option names are Title Case, without "(Ms)"', () => {
		const options = description.properties.find((p) => p.name === 'options')!.options as INodeProperties[];
		for (const o of options) {
			expect(o.displayName).toMatch(/^([A-Z][a-z]*|\((Milliseconds|Seconds)\))( ([A-Z][a-z]*|\((Milliseconds|Seconds)\)))*$/);
		}
		expect(options.map((o) => o.displayName)).toEqual(expect.arrayContaining(['Retry Delay (Milliseconds)', 'Timeout (Milliseconds)']));
		expect(options.find((o) => o.name === 'maxRequestsPerSecond')?.hint).toMatch(/0 means no limit/);
	});

	it('operation descriptions fit the operation picker (at most 90 characters)', () => {
		const pickers = description.properties.filter((p) => p.name === 'operation');
		for (const o of pickers.flatMap((p) => p.options as Array<{ description?: string }>)) expect(o.description?.length ?? 0).toBeLessThanOrEqual(90);
	});

	it('the EUID help says what an EUID is and where the console shows it', () => {
		for (const p of description.properties.filter((x) => x.name === 'euid')) {
			expect(p.description).toMatch(/EngageLab's own ID for a user, shown on the user's profile in the EngageLab console/);
		}
	});
});

describe('credential form', () => {
	const { properties } = new EngageLabApi();

	it('says where the API Key and Secret are, links the docs, and explains the data centers and Custom', () => {
		expect(properties[0]).toMatchObject({ type: 'notice', displayName: expect.stringMatching(/Data Sources.*type API.*API Key and API Secret.*href="https:\/\/www\.engagelab\.com\/docs\//) });
		const dataCenter = properties.find((p) => p.name === 'dataCenter')!;
		expect(dataCenter.description).toMatch(/Singapore unless.*Virginia/);
		expect(dataCenter.options?.find((o) => (o as { value: string }).value === 'custom')).toMatchObject({ description: expect.stringMatching(/proxy.*private deployment.*test server/) });
	});
});
