/**
 * The node's versions as n8n's editor loads them: one description that declares versions 1 and 2
 * (2 for new nodes), and per version the fields and defaults n8n computes from it with its own
 * helpers (NodeHelpers.getNodeParameters, the expression engine for the subtitle).
 */
import type { INode, INodeProperties, INodeParameters } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';

import { EngageLab } from '../../nodes/EngageLab/EngageLab.node';
import { VERSION_DEFAULTS } from '../../nodes/EngageLab/versions';
import { NODE_TYPE } from '../support/inProcess/maFixture';
import { TestNodeTypes } from '../support/inProcess/nodeTypes';
import { setupN8nRuntime } from '../support/inProcess/runtime';

const type = new EngageLab();
const { description } = type;

/** The parameters n8n stores for a node of this version with `values` set (defaults filled in, hidden ones left out). */
function parametersOf(typeVersion: number, values: INodeParameters): INodeParameters {
	return NodeHelpers.getNodeParameters(description.properties, values, true, false, { typeVersion }, description)!;
}

function subtitleOf(typeVersion: number, parameters: INodeParameters): unknown {
	setupN8nRuntime();
	const node: INode = { id: 'e', name: 'EngageLab', type: NODE_TYPE, typeVersion, position: [0, 0], parameters: parametersOf(typeVersion, parameters) };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new TestNodeTypes({ [NODE_TYPE]: type }) });
	return workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {});
}

describe('node versions', () => {
	it('declares versions 1 and 2, and new nodes get 2', () => {
		expect(description.version).toEqual([1, 2]);
		expect(description.defaultVersion).toBe(2);
	});

	it('version 1 keeps Report\'s Event Time, App Key, Report ID and Batch Size at the top level, with their defaults', () => {
		const v1 = parametersOf(1, { resource: 'event', operation: 'report' });
		expect(v1).toMatchObject({ eventTime: '', appKey: '', randomId: '', batchSize: 50 });
		expect(v1).not.toHaveProperty('additionalFields');
	});

	it('version 2 puts them in Additional Fields, empty by default', () => {
		const v2 = parametersOf(2, { resource: 'event', operation: 'report' });
		expect(v2).toMatchObject({ additionalFields: {} });
		for (const name of ['eventTime', 'appKey', 'randomId', 'batchSize']) expect(v2).not.toHaveProperty(name);
		const collection = description.properties.find((p) => p.name === 'additionalFields' && p.displayOptions?.show?.resource?.includes('event'))!;
		expect((collection.options as INodeProperties[]).map((o) => [o.displayName, o.default])).toEqual([
			['App Key', ''],
			['Batch Size', 50],
			['Event Time', ''],
			['Report ID', ''],
		]);
	});

	it('every other field is the same in both versions, but for Identify User By on Set Properties (version 2 on)', () => {
		for (const [resource, operation] of [['user', 'setContact'], ['user', 'getEuid']]) {
			expect(parametersOf(2, { resource, operation })).toEqual(parametersOf(1, { resource, operation }));
		}
		const setProperties = { resource: 'user', operation: 'setProperties' };
		expect(parametersOf(2, setProperties)).toEqual({ ...parametersOf(1, setProperties), identifyBy: 'euid' });
	});

	it("the subtitle is `operation: resource` in version 1 and the operation's name in version 2", () => {
		expect(subtitleOf(1, {})).toBe('setContact: user');
		expect(subtitleOf(1, { operation: 'getEuid' })).toBe('getEuid: user');
		expect(subtitleOf(2, {})).toBe('Set Contact');
		expect(subtitleOf(2, { operation: 'getEuid' })).toBe('Get EUID');
		expect(subtitleOf(2, { resource: 'event', operation: 'report' })).toBe('Report');
	});

	/** The defaults of the Options fields named `name` that the editor shows in a version (one, if the version has it). */
	const shownDefaults = (name: string, version: 1 | 2) => {
		const options = description.properties.find((p) => p.name === 'options')!.options as INodeProperties[];
		const shown = options.filter((o) => o.name === name && NodeHelpers.displayParameter({}, o, { typeVersion: version }, description));
		return shown.map((o) => o.default);
	};

	it("each version's Concurrency default is the one in versions.ts", () => {
		for (const version of [1, 2] as const) {
			expect(shownDefaults('concurrency', version)).toEqual([VERSION_DEFAULTS[version].concurrency]);
		}
	});

	it("each version's Concurrency Mode default is the one in versions.ts: Fixed in 1, Auto from 2", () => {
		for (const version of [1, 2] as const) {
			expect(shownDefaults('concurrencyMode', version)).toEqual([VERSION_DEFAULTS[version].concurrencyMode]);
		}
		expect([VERSION_DEFAULTS[1].concurrencyMode, VERSION_DEFAULTS[2].concurrencyMode]).toEqual(['fixed', 'auto']);
	});
});
