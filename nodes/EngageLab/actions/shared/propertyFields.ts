/**
 * Properties given as name/value pairs or as a JSON object, shared by User → Set Properties and
 * Event → Report. Values keep their types (numbers, text, true/false, lists; dates become
 * EngageLab's `yyyy-MM-dd HH:mm:ss`, UTC); names follow the naming rules (validation/properties.ts).
 */
import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { parseJsonInput } from '../../validation/jsonInput';
import {
	checkPropertyName,
	checkPropertyValue,
	formatDateTime,
	outputValue,
	type PropertyOperation,
	type PropertyValue,
} from '../../validation/propertyValues';

/** Name → checked value; every name an own key (even "__proto__"), in the order given. */
export type PropertyValues = Record<string, PropertyValue>;

/** The properties as the node's output shows them: exact big integers as text of digits. */
export function propertiesOutput(properties: PropertyValues): Record<string, ReturnType<typeof outputValue>> {
	return Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, outputValue(v)]));
}

/**
 * An ISO 8601 date-time with a time zone (Z or ±hh:mm): what n8n makes of a date in an expression
 * ({{ $now }}, DateTime, Date) in a text field. Sent as EngageLab's datetime, in UTC.
 */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/;

function asDateTime(value: unknown): unknown {
	if (typeof value !== 'string' || !ISO_DATE_TIME.test(value.trim())) return value;
	const ms = Date.parse(value.trim());
	return Number.isFinite(ms) ? formatDateTime(new Date(ms)) : value;
}

/** The three parameters (mode, pairs, JSON) for one operation; `what` is "user property" or "event property". */
export function propertiesFields(show: IDisplayOptions['show'], what: string, extra = ''): INodeProperties[] {
	const jsonDescription = `A JSON object of ${what}s, name → value. Values may be text, numbers, true/false, lists of those, or dates as "yyyy-MM-dd HH:mm:ss" text.${extra}`;
	return [
		{
			displayName: 'Properties Input',
			name: 'propertiesInput',
			type: 'options',
			options: [
				{ name: 'Name/Value Pairs', value: 'pairs', description: `Add each ${what} as a name and a value` },
				{ name: 'JSON', value: 'json', description: `Give all ${what}s as one JSON object, name → value` },
			],
			default: 'pairs',
			description: `How the ${what}s are given: as name/value pairs, or as one JSON object (best for numbers, true/false and lists, or when an earlier node already built the object)`,
			displayOptions: { show },
		},
		{
			displayName: 'Properties',
			name: 'properties',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Property',
			default: {},
			description: `The ${what}s to send.${extra}`,
			displayOptions: { show: { ...show, propertiesInput: ['pairs'] } },
			options: [
				{
					displayName: 'Property',
					name: 'property',
					values: [
						{
							displayName: 'Name',
							name: 'name',
							type: 'string',
							default: '',
							placeholder: 'vip_level',
							description: `Name of the ${what}: letters, digits and _ only, at most 64 characters`,
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							placeholder: 'gold',
							description:
								'The value. Typed text is sent as text; to send a number, true/false, a list or a date use an expression, e.g. {{ 42 }}, {{ true }}, {{ ["a","b"] }} or {{ $now }} (dates, and ISO 8601 text with a time zone, are sent as yyyy-MM-dd HH:mm:ss, UTC).',
						},
					],
				},
			],
		},
		{
			displayName: 'Properties (JSON)',
			name: 'propertiesJson',
			type: 'json',
			default: '{}',
			placeholder: '{ "vip_level": "gold", "points": 120, "tags": ["new", "web"] }',
			description: jsonDescription,
			displayOptions: { show: { ...show, propertiesInput: ['json'] } },
		},
	];
}

/**
 * One item's properties, checked. `operation` decides value rules (`increase` wants whole
 * numbers; `delete` needs no value: an empty one is sent as ""). Throws NodeOperationError.
 */
export function readProperties(
	ctx: IExecuteFunctions,
	itemIndex: number,
	operation: PropertyOperation,
	what: string,
): PropertyValues {
	const node = ctx.getNode();
	const fail = (message: string, description: string): never => {
		throw new NodeOperationError(node, message, { itemIndex, description });
	};
	const mode = ctx.getNodeParameter('propertiesInput', itemIndex, 'pairs') as string;
	let entries: Array<[string, unknown]>;
	if (mode === 'json') {
		let raw = ctx.getNodeParameter('propertiesJson', itemIndex, '{}') as unknown;
		if (typeof raw === 'string') {
			try {
				raw = raw.trim() === '' ? {} : parseJsonInput(raw);
			} catch (error) {
				fail(`Properties (JSON) is not valid JSON: ${(error as Error).message}`, `Write a JSON object of ${what}s, e.g. {"vip_level": "gold", "points": 120}.`);
			}
		}
		if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
			fail('Properties (JSON) must be a JSON object', `Write a JSON object of ${what}s, name → value, e.g. {"vip_level": "gold"}; not a list or a single value.`);
		}
		entries = Object.keys(raw as object).map((k) => [k, (raw as Record<string, unknown>)[k]]);
	} else {
		const pairs = (ctx.getNodeParameter('properties.property', itemIndex, []) ?? []) as Array<{ name?: unknown; value?: unknown }>;
		entries = pairs.map((p) => [typeof p.name === 'string' ? p.name : String(p.name ?? ''), p.value]);
	}
	// A Map, not `key in {}`: names such as constructor or __proto__ are ordinary property names here.
	const properties = new Map<string, PropertyValue>();
	for (const [rawName, rawValue] of entries) {
		const name = checkPropertyName(rawName);
		if (!name.ok) fail(name.problem, `Name each ${what} with letters, digits and _ only (at most 64 characters), e.g. vip_level.`);
		const key = (name as { value: string }).value;
		if (properties.has(key)) fail(`The ${what} "${key}" is given twice`, `Give each ${what} once.`);
		if (operation === 'delete' && (rawValue === undefined || rawValue === null || rawValue === '')) {
			properties.set(key, '');
			continue;
		}
		const value = checkPropertyValue(key, asDateTime(rawValue), operation);
		if (!value.ok) {
			fail(
				value.problem,
				operation === 'increase'
					? `"increase" adds a whole number to an integer property: give "${key}" an amount such as 5 or -3 (digits only, no decimals, hex or exponent), from -9223372036854775808 to 9223372036854775807.`
					: `Give "${key}" a value: text, a number, true/false, a date or a list of those.`,
			);
		}
		properties.set(key, (value as { value: PropertyValue }).value);
	}
	// Object.fromEntries defines own keys, so "__proto__" stays a property and never a prototype.
	return Object.fromEntries(properties) as PropertyValues;
}
