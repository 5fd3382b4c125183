/**
 * EngageLab MA error codes (docs/ma/api.md, "Error codes"): what each means and what the user
 * should check. The only place these texts live.
 */
import type { ErrorCodeInfo } from '../errorInfo';

const CHECK_KEY_SECRET =
	'Check the API Key and API Secret in the EngageLab credential: they come from an API-type data source in the EngageLab MA console.';

export const MA_ERROR_CODES: Readonly<Record<number, ErrorCodeInfo>> = {
	40050: {
		meaning: 'Interface authentication failed',
		check: `${CHECK_KEY_SECRET} Make sure the credential's data center matches the one your EngageLab account is in.`,
		credential: true,
	},
	40007: {
		meaning: 'EUID is empty',
		check: 'Check the EUID field: it must hold the EngageLab user ID (digits only).',
	},
	50031: {
		meaning: 'Invalid project ID',
		check: `${CHECK_KEY_SECRET} The API Key was not recognised as a project.`,
		credential: true,
	},
	50034: {
		meaning: 'Project ID does not exist',
		check: `${CHECK_KEY_SECRET} The project may have been deleted.`,
		credential: true,
	},
	50074: {
		meaning: 'API data source does not exist',
		check: `${CHECK_KEY_SECRET} The API data source may have been deleted: create a new one and update the credential.`,
		credential: true,
	},
	55004: {
		meaning: 'Invalid business parameter',
		check: 'Check the fields of the request: names, types and values.',
	},
	55101: {
		meaning: 'Too many user identifiers',
		check: 'Send no more than 100 identifier values in one request.',
	},
	55102: {
		meaning: 'Invalid user attribute name',
		check: 'Check the attribute names: not empty, no special characters, not too long.',
	},
	55103: {
		meaning: 'User attribute value is empty',
		check: 'Check that no value in the request is empty.',
	},
	55105: {
		meaning: 'User identifier value is longer than 256 characters',
		check: 'Shorten each identifier value to at most 256 characters.',
	},
	55106: {
		meaning: 'Unsupported user identifier name',
		check: 'The identifier type must be user_id, anonymous_id or registration_id.',
	},
	55107: {
		meaning: 'User identifier value is empty',
		check: 'Check that every identifier value is filled in.',
	},
	55108: {
		meaning: 'Invalid EUID',
		check: 'Check the EUID value: it must be the ID of an existing EngageLab user.',
	},
	[-1]: {
		meaning: 'EngageLab internal server error',
		check: 'Try again later; if it keeps happening, contact EngageLab technical support.',
		transient: true,
	},
};
