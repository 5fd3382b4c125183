/** Email: emails through EngageLab Email, with the Email credential (api_user:api_key). */
import { addUnsubscribes } from './addUnsubscribes.operation';
import { addAddressListMembers } from './addAddressListMembers.operation';
import { createAddressList } from './createAddressList.operation';
import { deleteAddressList } from './deleteAddressList.operation';
import { getAddressListMembers } from './getAddressListMembers.operation';
import { getAddressLists } from './getAddressLists.operation';
import { removeAddressListMembers } from './removeAddressListMembers.operation';
import { getComplaints } from './getComplaints.operation';
import { getDeliveryStatus } from './getDeliveryStatus.operation';
import { getStatistics } from './getStatistics.operation';
import { getUnsubscribes } from './getUnsubscribes.operation';
import { removeUnsubscribes } from './removeUnsubscribes.operation';
import { send } from './send.operation';
import { sendTemplate } from './sendTemplate.operation';
import { getTemplates } from './getTemplates.operation';
import { getTemplatesOption } from '../shared/templateList';
import type { Resource } from '../types';

export const email: Resource = {
	resource: { name: 'Email', value: 'email', description: 'Emails through EngageLab Email' },
	operationHelp: 'What to do with EngageLab Email',
	defaultOperation: 'send',
	options: [
		{
			name: 'Add Address List Members',
			value: 'addAddressListMembers',
			description: 'Put addresses on an address list (at most 1000 per item), e.g. a CRM segment to mail',
			action: 'Add address list members',
		},
		{
			name: 'Add Unsubscribes',
			value: 'addUnsubscribes',
			description: 'Put addresses on the unsubscribe list so they are no longer mailed, e.g. CRM opt-outs',
			action: 'Add unsubscribes',
		},
		{
			name: 'Create Address List',
			value: 'createAddressList',
			description: 'Create an address list with its alias address, to mail its members with one send',
			action: 'Create an address list',
		},
		{
			name: 'Delete Address List',
			value: 'deleteAddressList',
			description: 'Delete an address list and its members',
			action: 'Delete an address list',
		},
		{
			name: 'Get Address List Members',
			value: 'getAddressListMembers',
			description: 'The addresses on an address list',
			action: 'Get address list members',
		},
		{
			name: 'Get Complaints',
			value: 'getComplaints',
			description: 'Addresses that reported your email as spam (no longer mailed), by days or one address',
			action: 'Get complaints',
		},
		{
			name: 'Get Delivery Status',
			value: 'getDeliveryStatus',
			description: 'Whether emails sent by ID were delivered, bounced or invalid (60 calls a minute)',
			action: 'Get delivery status',
		},
		{
			name: 'Get Many Address Lists',
			value: 'getAddressLists',
			description: 'The account\'s address lists, by name or alias address',
			action: 'Get many address lists',
		},
		{
			name: 'Get Statistics',
			value: 'getStatistics',
			description: 'Sent, delivered, bounced and other counters per day for up to 90 days',
			action: 'Get statistics per day',
		},
		getTemplatesOption('Email'),
		{
			name: 'Get Unsubscribes',
			value: 'getUnsubscribes',
			description: 'Addresses that unsubscribed, by days or one address, e.g. to update your CRM',
			action: 'Get unsubscribes',
		},
		{
			name: 'Remove Address List Members',
			value: 'removeAddressListMembers',
			description: 'Take addresses off an address list',
			action: 'Remove address list members',
		},
		{
			name: 'Remove Unsubscribes',
			value: 'removeUnsubscribes',
			description: 'Take addresses off the unsubscribe list so they are mailed again (after opting back in)',
			action: 'Remove unsubscribes',
		},
		{
			name: 'Send',
			value: 'send',
			description: 'Send an email with your own subject and HTML or text content',
			action: 'Send an email with your own content',
		},
		{
			name: 'Send Template',
			value: 'sendTemplate',
			description: 'Send an email from a template stored in EngageLab Email, with its variables',
			action: 'Send an email from a template',
		},
	],
	operations: {
		addUnsubscribes, removeUnsubscribes, getTemplates, getComplaints, getDeliveryStatus, getStatistics, getUnsubscribes, send, sendTemplate,
		createAddressList, getAddressLists, deleteAddressList, getAddressListMembers, addAddressListMembers, removeAddressListMembers,
	},
};
