import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** The EUID parameter, shared by every operation that addresses a user by EUID; `description` says whose. */
export function euidField(show: IDisplayOptions['show'], description: string): INodeProperties {
	return {
		displayName: 'EUID',
		name: 'euid',
		type: 'string',
		required: true,
		default: '',
		placeholder: '10362473',
		description,
		displayOptions: { show },
	};
}
