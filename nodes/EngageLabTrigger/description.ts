/** The trigger's parameters: product, events, how callbacks are checked, and options. */
import type { INodeProperties } from 'n8n-workflow';

import { EVENTS, type Product } from './events';

export type Verification = 'signature' | 'urlToken' | 'none';

const PRODUCTS: Array<{ name: string; value: Product; description: string }> = [
	{ name: 'App Push', value: 'push', description: 'Push message status (signed with X-CALLBACK-ID)' },
	{ name: 'Email', value: 'email', description: 'Email status and responses (signed with X-WebHook-Signature)' },
	{ name: 'OTP', value: 'otp', description: 'OTP status, verification results, replies, notifications (signed with X-CALLBACK-ID)' },
	{ name: 'SMS', value: 'sms', description: 'SMS status, replies, notifications, system events (signed with X-CALLBACK-ID)' },
	{ name: 'WhatsApp', value: 'whatsapp', description: 'WhatsApp status, inbound messages, notifications (not signed by EngageLab)' },
];

const eventsFor = (product: Product): INodeProperties => ({
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	options: EVENTS[product],
	default: [],
	description: 'The events that start the workflow. Leave empty to start on every event, including ones not listed.',
	displayOptions: { show: { product: [product] } },
});

const SIGNED: Product[] = ['sms', 'otp', 'email', 'push'];

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'EngageLab has no API to register callbacks: copy the Production URL above into the callback settings of the product\'s EngageLab console (the README shows where), then activate the workflow. With "URL Token", append ?token=&lt;your token&gt; to it.',
		name: 'registrationNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Product',
		name: 'product',
		type: 'options',
		noDataExpression: true,
		options: PRODUCTS,
		default: 'sms',
		description: 'The EngageLab product whose callbacks this URL receives',
	},
	...(['sms', 'otp', 'email', 'whatsapp', 'push'] as Product[]).map(eventsFor),
	{
		displayName: 'Verification',
		name: 'verification',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Signature', value: 'signature', description: 'Check EngageLab\'s signature with the secret in the credential (recommended)' },
			{ name: 'URL Token', value: 'urlToken', description: 'Check a ?token= query parameter: weaker, for callbacks without a signature' },
			{ name: 'None', value: 'none', description: 'Accept any caller: only for tests' },
		],
		default: 'signature',
		description: 'How a callback is recognised as coming from EngageLab; anything else is answered 401 and starts nothing',
		displayOptions: { show: { product: SIGNED } },
	},
	{
		displayName: 'Verification',
		name: 'verification',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'URL Token', value: 'urlToken', description: 'Check a ?token= query parameter (EngageLab does not sign WhatsApp callbacks)' },
			{ name: 'None', value: 'none', description: 'Accept any caller: only for tests' },
		],
		default: 'urlToken',
		description: 'How a callback is recognised as coming from EngageLab; anything else is answered 401 and starts nothing',
		displayOptions: { show: { product: ['whatsapp'] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Allowed Source IPs',
				name: 'allowedIps',
				type: 'string',
				default: '',
				placeholder: '119.8.170.74, 114.119.180.30',
				description:
					'Answer 403 to any other caller. Addresses or IPv4 ranges (a.b.c.d/n), comma-separated. Behind a proxy n8n needs N8N_PROXY_HOPS to see the real address.',
			},
			{
				displayName: 'Email Signature Scheme',
				name: 'emailScheme',
				type: 'options',
				options: [
					{ name: 'Either (Docs Disagree)', value: 'either' },
					{ name: 'HMAC-SHA256 of Timestamp', value: 'hmac' },
					{ name: 'MD5 of Timestamp + App Key Header + App Key', value: 'md5' },
				],
				default: 'either',
				description: 'EngageLab\'s Email pages describe two schemes; pick one to accept only it',
				displayOptions: { show: { '/product': ['email'] } },
			},
			{
				displayName: 'Max Age (Seconds)',
				name: 'maxAgeSeconds',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 300,
				description:
					'Refuse a signed callback whose timestamp is further than this from now, and remember accepted ones this long to refuse replays. 0 turns both off.',
			},
		],
	},
];
