/** The trigger's parameters: product, events, how callbacks are checked, and options. */
import type { INodeProperties } from 'n8n-workflow';

import { EVENTS, type CallbackSource } from './callbackEvents';

/** signatureAndToken exists from node version 3 on, and is its default for signed products. */
export type Verification = 'signatureAndToken' | 'signature' | 'urlToken' | 'none';

/** Versions before 3 keep their verification choices and defaults, so saved workflows behave as before. */
const BEFORE_3 = { '@version': [1, 2] };
const FROM_3 = { '@version': [3] };

const CALLBACK_SOURCES: Array<{ name: string; value: CallbackSource; description: string }> = [
	{ name: 'App Push', value: 'push', description: 'App Push message status (signed with X-CALLBACK-ID)' },
	{ name: 'Email', value: 'email', description: 'Email status and responses (signed with X-WebHook-Signature)' },
	{ name: 'OTP', value: 'otp', description: 'OTP status, verification results, replies, notifications (signed with X-CALLBACK-ID)' },
	{ name: 'SMS', value: 'sms', description: 'SMS status, replies, notifications, system events (signed with X-CALLBACK-ID)' },
	{ name: 'Web Push', value: 'webPush', description: 'Web Push message status (signed with X-CALLBACK-ID)' },
	{ name: 'WhatsApp', value: 'whatsapp', description: 'WhatsApp status, inbound messages, notifications (not signed by EngageLab)' },
];

const eventsFor = (product: CallbackSource): INodeProperties => ({
	displayName: 'Events',
	name: 'events',
	type: 'multiOptions',
	options: EVENTS[product],
	default: [],
	description: 'The events that start the workflow. Leave empty to start on every event, including ones not listed.',
	displayOptions: { show: { product: [product] } },
});

const SIGNED: CallbackSource[] = ['sms', 'otp', 'email', 'push', 'webPush'];

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			'EngageLab has no API to register callbacks: copy the Production URL above into the callback settings of the product\'s EngageLab console (the README shows where), then activate the workflow. With "URL Token", append ?token=&lt;your token&gt; to it.',
		name: 'registrationNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: BEFORE_3 },
	},
	{
		displayName:
			'EngageLab has no API to register callbacks: copy the Production URL above into the callback settings of the product\'s EngageLab console (the README shows where), then activate the workflow. Append ?token=&lt;Secret Token&gt; to the URL, or (SMS, OTP, App Push, Web Push) enter Bearer &lt;Secret Token&gt; in the console\'s Authorization field.',
		name: 'registrationNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: FROM_3 },
	},
	{
		displayName: 'Product',
		name: 'product',
		type: 'options',
		noDataExpression: true,
		options: CALLBACK_SOURCES,
		default: 'sms',
		description: 'The EngageLab product whose callbacks this URL receives',
	},
	...(['sms', 'otp', 'email', 'whatsapp', 'push', 'webPush'] as CallbackSource[]).map(eventsFor),
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
		displayOptions: { show: { product: SIGNED, ...BEFORE_3 } },
	},
	{
		displayName: 'Verification',
		name: 'verification',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Signature and Secret Token',
				value: 'signatureAndToken',
				description:
					"EngageLab's signature, and the credential's Secret Token sent in the URL (?token=) or the Authorization header (recommended): a forged body needs the token as well as a signed header",
			},
			{
				name: 'Signature Only (Body Not Proven)',
				value: 'signature',
				description:
					'Weaker. The signature covers the timestamp (Email) or timestamp, nonce and username (SMS, OTP, App Push, Web Push), never the body: whoever obtains one signed header not yet received here can send any body with it, once, within Max Age.',
			},
			{
				name: 'Secret Token Only',
				value: 'urlToken',
				description: 'Only the Secret Token: proves the caller knows it, not when the callback was made; nothing refuses a replay',
			},
			{ name: 'None', value: 'none', description: 'Accept any caller: only for tests' },
		],
		default: 'signatureAndToken',
		description: 'How a callback is recognised as coming from EngageLab; anything else is answered 401 and starts nothing',
		displayOptions: { show: { product: SIGNED, ...FROM_3 } },
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
		displayOptions: { show: { product: ['whatsapp'], ...BEFORE_3 } },
	},
	{
		displayName: 'Verification',
		name: 'verification',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Secret Token',
				value: 'urlToken',
				description: "The credential's Secret Token in the URL (?token=): EngageLab does not sign WhatsApp callbacks. Proves the caller knows the token, not when the callback was made.",
			},
			{ name: 'None', value: 'none', description: 'Accept any caller: only for tests' },
		],
		default: 'urlToken',
		description: 'How a callback is recognised as coming from EngageLab; anything else is answered 401 and starts nothing',
		displayOptions: { show: { product: ['whatsapp'], ...FROM_3 } },
	},
	{
		displayName:
			'No check EngageLab offers signs the body. The signature proves a header was made recently with your callback secret; the Secret Token proves the caller knows it; neither tells a body EngageLab sent from one written by someone holding both. A row delivered again within Max Age (EngageLab retries a slow answer) starts nothing: the items say how many were dropped (repeatsDropped).',
		name: 'proofNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: FROM_3 },
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
					'Refuse a signed callback whose timestamp is further than this from now, and remember accepted ones (from version 3 also the rows delivered) this long to refuse replays and drop repeats. 0 turns all of it off.',
			},
		],
	},
];
