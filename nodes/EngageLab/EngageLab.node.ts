import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { setContact, setContactFields } from './actions/user/setContact';
import { CREDENTIAL_TYPE, DEFAULT_TIMEOUT_MS, getBaseUrl, type RequestSettings } from './transport/request';
import { asNodeError, failedItem } from './transport/failedItem';

export class EngageLab implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'EngageLab',
		name: 'engageLab',
		icon: { light: 'file:engagelab.svg', dark: 'file:engagelab.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Manage users in EngageLab Marketing Automation: set their contact information',
		defaults: { name: 'EngageLab' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [{ name: 'User', value: 'user', description: 'A user (contact) in EngageLab Marketing Automation, addressed by their EUID' }],
				default: 'user',
				description: 'What to work with in EngageLab',
			},
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				displayOptions: { show: { resource: ['user'] } },
				options: [
					{
						name: 'Set Contact',
						value: 'setContact',
						description:
							"Set or update a user's email address, mobile phone (SMS), landline phone and WhatsApp phone, which EngageLab uses to reach them. Empty fields leave that contact unchanged.",
						action: 'Set contact information of a user',
					},
				],
				default: 'setContact',
				description: 'What to do with the user',
			},
			...setContactFields,
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				description: 'Settings for how the node talks to EngageLab',
				options: [
					{
						displayName: 'Timeout (Ms)',
						name: 'timeout',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: DEFAULT_TIMEOUT_MS,
						description: 'How long to wait for EngageLab to answer a request before it counts as failed, in milliseconds',
					},
				],
			},
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const resource = this.getNodeParameter('resource', 0) as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		if (resource !== 'user' || operation !== 'setContact') {
			throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
		}
		// Awaited per item, so with "continue on fail" a credential problem fails each item, not the run.
		const timeout = this.getNodeParameter('options.timeout', 0, DEFAULT_TIMEOUT_MS) as number;
		const settings = getBaseUrl(this).then((baseUrl): RequestSettings => ({ baseUrl, timeout }));
		settings.catch(() => undefined);
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			let json: IDataObject;
			try {
				json = await setContact(this, itemIndex, await settings);
			} catch (error) {
				if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
				output.push(failedItem(this, error, itemIndex));
				continue;
			}
			output.push({ json, pairedItem: { item: itemIndex } });
		}
		return [output];
	}
}
