/** User: the operations on one EngageLab user (contact), and their fields. */
import { getEuid } from './getEuid.operation';
import { setContact } from './setContact.operation';
import { setProperties } from './setProperties.operation';
import type { Resource } from '../types';

export const user: Resource = {
	resource: { name: 'User', value: 'user', description: 'A user (contact) in EngageLab Marketing Automation' },
	operationHelp: 'What to do with the user',
	defaultOperation: 'setContact',
	options: [
		{
			name: 'Get EUID',
			value: 'getEuid',
			description: "Find a user's EUID from your user ID, an anonymous ID or a registration ID",
			action: 'Get the EUID of a user',
		},
		{
			name: 'Set Contact',
			value: 'setContact',
			description: "Set a user's email, mobile, landline and WhatsApp numbers; empty ones stay unchanged",
			action: 'Set contact information of a user',
		},
		{
			name: 'Set Properties',
			value: 'setProperties',
			description: "Set, increase, add to, remove from or delete a user's properties",
			action: 'Set properties of a user',
		},
	],
	operations: { getEuid, setContact, setProperties },
};
