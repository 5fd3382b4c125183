/**
 * The form of App Push → Send and Web Push → Send (docs/push/guide.md): audience, content
 * (notification or custom message), per-platform fields, options and Validate Only. Names match
 * the builders' parameters in shared/.
 */
import type { INodeProperties } from 'n8n-workflow';

import type { PushProduct } from '../../products/push/hosts';
import { IOS_INTERRUPTION_LEVELS, WEB_DISTRIBUTIONS } from '../../products/push/limits';
import { tagLocator } from './tag/tagField';

type Show = { resource: string[]; operation: string[] };

function audienceFields(product: PushProduct, show: Show): INodeProperties[] {
	const filters: INodeProperties[] = [
		tagLocator(product, { displayName: 'Tags (Any)', name: 'tags', several: true, description: 'Devices with at least one of these tags; By Name (or an expression) takes several separated by commas' }),
		tagLocator(product, { displayName: 'Tags (All)', name: 'tagsAnd', several: true, description: 'Devices with every one of these tags; By Name (or an expression) takes several separated by commas' }),
		tagLocator(product, { displayName: 'Tags (None)', name: 'tagsNot', several: true, description: 'Devices with none of these tags; By Name (or an expression) takes several separated by commas' }),
		{ displayName: 'Aliases', name: 'aliases', type: 'string', default: '', description: 'Devices with these aliases (at most 1,000); separate several with commas' },
		{
			displayName: 'Registration IDs',
			name: 'registrationIds',
			type: 'string',
			default: '',
			description: 'These devices (at most 1,000; use Send Batch for more); separate several with commas',
		},
	];
	if (product === 'appPush') {
		filters.push({ displayName: 'Segment ID', name: 'segmentId', type: 'string', default: '', description: 'One segment made in the App Push console' });
	}
	return [
		{
			displayName: 'Audience',
			name: 'audience',
			type: 'options',
			options: [
				{ name: 'All Devices', value: 'all', description: product === 'webPush' ? 'Every browser active in the last 30 days' : 'Every device of the app' },
				{ name: 'Filtered', value: 'custom', description: 'Devices by tag, alias, registration ID' + (product === 'appPush' ? ' or segment' : '') },
			],
			default: 'custom',
			description: 'Which devices get the push',
			displayOptions: { show },
		},
		{
			displayName: 'Audience Filters',
			name: 'audienceFilters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			description: 'Several filters together are combined by EngageLab',
			displayOptions: { show: { ...show, audience: ['custom'] } },
			options: filters,
		},
	];
}

const androidOptions: INodeProperties[] = [
	{ displayName: 'Alert', name: 'alert', type: 'string', default: '', description: 'Android text instead of the common alert' },
	{ displayName: 'Big Picture URL', name: 'bigPicture', type: 'string', default: '', description: 'Big picture style: an image URL or a vendor media ID' },
	{ displayName: 'Big Text', name: 'bigText', type: 'string', default: '', description: 'Big text style: the long text shown when expanded' },
	{ displayName: 'Channel ID', name: 'channelId', type: 'string', default: '', description: 'The Android notification channel' },
	{ displayName: 'Intent URL', name: 'intentUrl', type: 'string', default: '', description: 'What a tap opens (intent or deep link)' },
	{ displayName: 'Priority', name: 'priority', type: 'number', default: 0, description: 'The notification priority' },
	{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'The notification title on Android' },
];

const iosOptions: INodeProperties[] = [
	{ displayName: 'Alert Body', name: 'alert', type: 'string', default: '', description: 'The iOS text instead of the common alert' },
	{ displayName: 'Badge', name: 'badge', type: 'string', default: '', description: 'A number, or +N / -N to change the current badge' },
	{
		displayName: 'Interruption Level',
		name: 'interruptionLevel',
		type: 'options',
		options: [
			{ name: 'Active', value: 'active', description: 'Sound and screen lit up (the iOS default)' },
			{ name: 'Critical', value: 'critical', description: 'Even in Do Not Disturb (needs Apple\'s entitlement)' },
			{ name: 'Passive', value: 'passive', description: 'Quietly added to the notification list' },
			{ name: 'Time Sensitive', value: 'time-sensitive', description: 'Breaks through Focus modes the user allows' },
		] satisfies Array<{ value: (typeof IOS_INTERRUPTION_LEVELS)[number] } & { name: string; description: string }>,
		default: 'active',
		description: 'How the notification may interrupt (iOS 15 and later)',
	},
	{ displayName: 'Sound', name: 'sound', type: 'string', default: '', description: 'A sound file of the app, or "default"' },
	{ displayName: 'Subtitle', name: 'subtitle', type: 'string', default: '', description: 'The notification subtitle on iOS' },
	{ displayName: 'Thread ID', name: 'threadId', type: 'string', default: '', description: 'Groups notifications in the notification center' },
	{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'The notification title on iOS' },
];

const hmosOptions: INodeProperties[] = [
	{ displayName: 'Alert', name: 'alert', type: 'string', default: '', description: 'HarmonyOS text instead of the common alert' },
	{ displayName: 'Category', name: 'category', type: 'string', default: '', description: 'The HarmonyOS notification category' },
	{ displayName: 'Intent URL', name: 'intentUrl', type: 'string', default: '', description: 'What a tap on the notification opens' },
	{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'The notification title on HarmonyOS' },
];

const webOptions: INodeProperties[] = [
	{ displayName: 'Alert', name: 'alert', type: 'string', default: '', description: 'Browser text instead of the common alert' },
	{
		displayName: 'Buttons',
		name: 'buttons',
		type: 'fixedCollection',
		placeholder: 'Add Button',
		typeOptions: { multipleValues: true, maxValue: 2 },
		default: {},
		description: 'Up to 2 buttons under the notification',
		options: [
			{
				displayName: 'Button',
				name: 'button',
				values: [
					{ displayName: 'ID', name: 'id', type: 'string', default: '', description: 'The button ID reported on clicks' },
					{ displayName: 'Icon', name: 'icon', type: 'string', default: '', description: 'Address (https://…) of a small image shown on the button' },
					{ displayName: 'Text', name: 'text', type: 'string', default: '', description: 'The words shown on the button, e.g. View order' },
					{ displayName: 'URL', name: 'url', type: 'string', default: '', description: 'What a click opens (http:// or https://)' },
				],
			},
		],
	},
	{ displayName: 'Icon URL', name: 'icon', type: 'string', default: '', description: 'The notification icon' },
	{ displayName: 'Image URL', name: 'image', type: 'string', default: '', description: 'A large image shown in the notification' },
	{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'The notification title' },
	{ displayName: 'URL', name: 'url', type: 'string', default: '', description: 'What a click opens (http:// or https://); a Web Push notification needs one' },
];

function contentFields(product: PushProduct, show: Show): INodeProperties[] {
	const notification = { show: { ...show, content: ['notification'] } };
	const message = { show: { ...show, content: ['message'] } };
	const fields: INodeProperties[] = [
		{
			displayName: 'Content',
			name: 'content',
			type: 'options',
			options: [
				{ name: 'Notification', value: 'notification', description: 'Shown by the system in the notification area' },
				{ name: 'Custom Message', value: 'message', description: 'Delivered to the app, not shown by the system' },
			],
			default: 'notification',
			description: 'A notification or a custom message (EngageLab refuses both together)',
			displayOptions: { show },
		},
		{ displayName: 'Alert', name: 'alert', type: 'string', default: '', description: 'The notification text on every platform (unless a platform sets its own)', displayOptions: notification },
	];
	if (product === 'appPush') {
		// Each platform's collection shows whatever Platforms says: hiding it would make n8n drop its stored values unseen (D42).
		fields.unshift({
			displayName: 'Platforms',
			name: 'platform',
			type: 'multiOptions',
			options: [
				{ name: 'Android', value: 'android', description: 'Android devices of the app' },
				{ name: 'HarmonyOS', value: 'hmos', description: 'HarmonyOS devices of the app' },
				{ name: 'iOS', value: 'ios', description: 'The iPhones and iPads of the app' },
			],
			default: ['android', 'hmos', 'ios'],
			description: 'Which platforms get the push (all three = All)',
			displayOptions: { show },
		});
		fields.push(
			{ displayName: 'Android', name: 'android', type: 'collection', placeholder: 'Add Android Field', default: {}, description: 'Fields of the Android notification only; Platforms must include Android', displayOptions: notification, options: androidOptions },
			{ displayName: 'iOS', name: 'ios', type: 'collection', placeholder: 'Add iOS Field', default: {}, description: 'Fields of the iOS notification only; Platforms must include iOS', displayOptions: notification, options: iosOptions },
			{ displayName: 'HarmonyOS', name: 'hmos', type: 'collection', placeholder: 'Add HarmonyOS Field', default: {}, description: 'Fields of the HarmonyOS notification only; Platforms must include HarmonyOS', displayOptions: notification, options: hmosOptions },
		);
	} else {
		fields.push({ displayName: 'Web', name: 'web', type: 'collection', placeholder: 'Add Web Field', default: {}, description: 'Browser notification fields', displayOptions: notification, options: webOptions });
	}
	fields.push(
		{ displayName: 'Message Content', name: 'messageContent', type: 'string', typeOptions: { rows: 3 }, default: '', description: 'The payload the app receives', displayOptions: message },
		{
			displayName: 'Message Fields',
			name: 'messageFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			description: 'More of the custom message',
			displayOptions: message,
			options: [
				{ displayName: 'Content Is JSON', name: 'contentIsJson', type: 'boolean', default: false, description: 'Whether to send Message Content as a JSON object rather than text' },
				{ displayName: 'Content Type', name: 'contentType', type: 'string', default: '', description: 'A type of your own for the app to read' },
				{ displayName: 'Title', name: 'title', type: 'string', default: '', description: 'A title the app receives with the message' },
			],
		},
	);
	return fields;
}

const keyValueRows = (displayName: string, name: string, description: string): INodeProperties => ({
	displayName,
	name,
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	default: {},
	description,
	options: [
		{
			displayName: 'Row',
			name: 'row',
			values: [
				{ displayName: 'Key', name: 'key', type: 'string', default: '', description: 'The name of the value' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '', description: 'The value, sent as text' },
			],
		},
	],
});

function optionFields(product: PushProduct, show: Show): INodeProperties[] {
	const options: INodeProperties[] = [
		{ displayName: 'Big Push Duration (Minutes)', name: 'bigPushDuration', type: 'number', default: 0, description: 'Spread the push over this many minutes (1 to 1,440; 0 = at once)' },
		keyValueRows('Callback Arguments', 'customArgs', 'Returned on delivery callbacks (at most 128 characters as JSON)'),
		{
			displayName: 'Duplicate Protection',
			name: 'duplicateProtection',
			type: 'boolean',
			default: true,
			description: 'Whether to send a cid so that a repeat (the node\'s retries, Retry On Fail) within an hour is not pushed twice. Off: a push whose answer was lost is never repeated.',
		},
		{
			displayName: 'Duplicate Protection ID',
			name: 'cid',
			type: 'string',
			default: '',
			description: 'Your own cid (1 to 64 letters, digits, _ or -) instead of the one the node derives from the execution, node, run and item',
		},
		keyValueRows('Extras', 'extras', 'Key/value data delivered with the push to the app'),
		{ displayName: 'Override Message ID', name: 'overrideMsgId', type: 'string', default: '', description: 'Replace an earlier push (its message ID, digits)' },
		{ displayName: 'Request ID', name: 'requestId', type: 'string', default: '', description: 'Your own ID, echoed back in the answer' },
		{ displayName: 'Time To Live (Seconds)', name: 'timeToLive', type: 'number', default: 86400, description: 'How long an offline device may still get it (0 = online devices only)' },
	];
	if (product === 'appPush') {
		options.push({
			displayName: 'iOS Environment',
			name: 'iosEnvironment',
			type: 'options',
			options: [
				{ name: 'EngageLab Default', value: 'default', description: 'Send no apns_production: EngageLab decides' },
				{ name: 'Production', value: 'production', description: 'Apps from the App Store or TestFlight' },
				{ name: 'Development', value: 'development', description: 'Apps built from Xcode (APNs sandbox)' },
			],
			default: 'default',
			description: 'APNs production or development (sandbox)',
		});
	} else {
		options.push({
			displayName: 'Browser Channel Distribution',
			name: 'webDistribution',
			type: 'options',
			options: [
				{ name: 'First OS Push', value: 'first_ospush', description: 'Sends distribution "first_ospush" (EngageLab\'s value)' },
				{ name: 'MTPush', value: 'mtpush', description: 'Sends distribution "mtpush" (EngageLab\'s value)' },
				{ name: 'OS Push', value: 'ospush', description: 'Sends distribution "ospush" (EngageLab\'s value)' },
				{ name: 'Secondary Push', value: 'secondary_push', description: 'Sends distribution "secondary_push" (EngageLab\'s value)' },
			] satisfies Array<{ value: (typeof WEB_DISTRIBUTIONS)[number] } & { name: string; description: string }>,
			default: 'first_ospush',
			description: 'The third_party_channel.w3push.distribution value: how EngageLab routes the push (see EngageLab\'s Web Push docs)',
		});
	}
	options.sort((a, b) => a.displayName.localeCompare(b.displayName));
	return [
		{ displayName: 'Validate Only', name: 'validateOnly', type: 'boolean', default: false, description: 'Whether to only check the push with EngageLab (/v4/push/validate): nothing is sent', displayOptions: { show } },
		{ displayName: 'Push Options', name: 'pushOptions', type: 'collection', placeholder: 'Add Push Option', default: {}, description: 'Optional settings of this push (the node-wide request settings are under Options)', displayOptions: { show }, options },
	];
}

export function sendFields(product: PushProduct, show: Show): INodeProperties[] {
	return [...audienceFields(product, show), ...contentFields(product, show), ...optionFields(product, show)];
}

/**
 * Send Batch's content and options: Send's, without the audience (each item names its targets),
 * Validate Only, Request ID (a batch entry has none) or an own cid (one cid per target).
 */
export function sendBatchContentFields(product: PushProduct, show: Show): INodeProperties[] {
	const [, pushOptions] = optionFields(product, show);
	const options = (pushOptions.options as INodeProperties[]).filter((o) => o.name !== 'cid' && o.name !== 'requestId');
	const duplicateProtection = options.find((o) => o.name === 'duplicateProtection');
	if (duplicateProtection) {
		duplicateProtection.description =
			'Whether to send a cid per target so that a repeat (the node\'s retries, Retry On Fail) within an hour is not pushed twice. Off: a target whose answer was lost is never repeated.';
	}
	return [...contentFields(product, show), { ...pushOptions, description: 'Optional settings of each target\'s push', options }];
}
