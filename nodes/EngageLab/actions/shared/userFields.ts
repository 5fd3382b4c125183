import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/** What an EUID is and where to find it, in a marketer's words (the technical note on long IDs is in the README). */
export const EUID_HELP =
	"The EUID is EngageLab's own ID for a user, shown on the user's profile in the EngageLab console (Data Management → User); User → Get EUID finds it from your own user ID.";

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

/** The identifier parameter (a user_id, anonymous_id or registration_id) of Get EUID and Identify User By. */
export function identityValueField(show: IDisplayOptions['show'], description: string): INodeProperties {
	return {
		displayName: 'Identity Value',
		name: 'identityValue',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'crm-000123',
		description,
		displayOptions: { show },
	};
}
