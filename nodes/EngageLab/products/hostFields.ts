/**
 * A credential's host choice and its Custom Base URL, as the credential form shows them: the
 * options and URLs come from the product's hosts.ts, so no host is written in a credential file.
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

export interface HostField {
	/** The credential field: MA's `dataCenter`, the messaging products' `host`. */
	field: 'dataCenter' | 'host';
	label: string;
	options: readonly INodePropertyOptions[];
	default: string;
	/** The default's URL: the Base URL field's placeholder and example. */
	placeholder: string;
	description: string;
}

export function hostFields({ field, label, options, default: choice, placeholder, description }: HostField): INodeProperties[] {
	return [
		{ displayName: label, name: field, type: 'options', options: [...options], default: choice, description },
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder,
			required: true,
			description: `Only http:// or https://, the host and an optional port, e.g. ${placeholder} or http://10.0.0.5:8080. No /v1 or other path: the node adds it. Redirects are not followed, so enter the final address.`,
			displayOptions: { show: { [field]: ['custom'] } },
		},
	];
}
