/** User: the operations on one EngageLab user (contact), and their fields. */
import type { Resource } from '../types';
import { getEuidFields, getEuidWork } from './getEuid.operation';
import { identifyByEverywhere, identifyByFields, resolveUsers, withIdentifyBy } from '../shared/identifyUser';
import { setContactFields, setContactWork } from './setContact.operation';
import { setPropertiesFields, setPropertiesWork } from './setProperties.operation';

const setContactShow = { resource: ['user'], operation: ['setContact'] };
const setPropertiesShow = { resource: ['user'], operation: ['setProperties'] };

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
	operations: {
		getEuid: { description: getEuidFields, work: (ctx, run) => getEuidWork(ctx, run.itemCount, run.continueOnFail) },
		setContact: {
			description: [...identifyByFields(setContactShow, 'whose contacts to set', true), ...withIdentifyBy(setContactFields)],
			work: (ctx, run) => setContactWork(ctx, run.itemCount, resolveUsers(ctx, run.scheduler, run.itemCount, run.version)),
		},
		setProperties: {
			description: [...identifyByFields(setPropertiesShow, 'whose properties to change'), ...withIdentifyBy(setPropertiesFields)],
			work: (ctx, run) =>
				setPropertiesWork(ctx, run.itemCount, identifyByEverywhere(run.version) ? resolveUsers(ctx, run.scheduler, run.itemCount, run.version) : undefined),
		},
	},
};
