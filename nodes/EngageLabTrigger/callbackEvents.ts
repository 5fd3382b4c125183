/**
 * The products that call back and the events each one sends, from EngageLab's docs
 * (docs/callbacks.md says which page each comes from). The event name of a row is read from
 * whichever of these objects the row carries.
 */
export type CallbackSource = 'sms' | 'otp' | 'email' | 'whatsapp' | 'push' | 'webPush';

export type EventKind = 'message_status' | 'response' | 'notification' | 'system_event' | 'unknown';

export interface EventOption {
	name: string;
	value: string;
	description: string;
}

const STATUS_LIFECYCLE: EventOption[] = [
	{ name: 'Plan (Queued)', value: 'plan', description: 'The message was scheduled and queued for sending' },
	{ name: 'Target Valid', value: 'target_valid', description: 'The recipient was checked and is valid' },
	{ name: 'Target Invalid', value: 'target_invalid', description: 'The recipient is invalid; the message will not be sent' },
	{ name: 'Sent', value: 'sent', description: 'The message was handed to the carrier or channel' },
	{ name: 'Sent Failed', value: 'sent_failed', description: 'Sending failed (also matches "sent_fail", spelled so in one doc example)' },
	{ name: 'Delivered', value: 'delivered', description: 'The message reached the device' },
	{ name: 'Delivered Failed', value: 'delivered_failed', description: 'Sent, but not delivered' },
];

const SYSTEM_EVENTS: EventOption[] = [
	{ name: 'Account Login', value: 'account_login', description: 'System event: console login, failed login or logout' },
	{ name: 'API Call', value: 'api_call', description: 'System event: an API call was made' },
	{ name: 'Key Management', value: 'key_manage', description: 'System event: an API key was created, changed, deleted or viewed' },
	{ name: 'Message History', value: 'msg_history', description: 'System event: message history was queried' },
	{ name: 'Template Management', value: 'template_manage', description: 'System event: a template was created, changed or deleted' },
];

const BALANCE: EventOption = { name: 'Insufficient Balance', value: 'insufficient_balance', description: 'Notification: the balance fell below the alert threshold' };
const UPLINK: EventOption = { name: 'Uplink Message (Inbound Reply)', value: 'uplink_message', description: 'Response: a user sent or replied with a message' };

const sorted = (options: EventOption[]) => [...options].sort((a, b) => a.name.localeCompare(b.name));

/** The notifications SMS and OTP share besides the balance alert. */
const VERIFICATION_NOTIFICATIONS: EventOption[] = [
	{ name: 'Insufficient Verification Rate', value: 'insufficient_verification_rate', description: 'Notification: the verification rate fell below its threshold' },
	{ name: 'Template Audit Result', value: 'template_audit_result', description: 'Notification: a template was approved or rejected' },
];

/**
 * App Push and Web Push share one callback page: the lifecycle, clicks, and "read", which only the
 * console's callback settings name (docs/push/decisions.md D27). An empty filter passes the rest.
 */
const PUSH_EVENTS: EventOption[] = sorted([
	...STATUS_LIFECYCLE,
	{ name: 'Click', value: 'click', description: 'The user opened the notification' },
	{ name: 'Read', value: 'read', description: 'The notification was read (named in the console\'s callback settings)' },
]);

export const EVENTS: Record<CallbackSource, EventOption[]> = {
	sms: sorted([
		...STATUS_LIFECYCLE,
		UPLINK,
		BALANCE,
		...VERIFICATION_NOTIFICATIONS,
		...SYSTEM_EVENTS,
	]),
	otp: sorted([
		...STATUS_LIFECYCLE,
		{ name: 'Verified', value: 'verified', description: 'The user entered the right code' },
		{ name: 'Verified Failed', value: 'verified_failed', description: 'The user entered a wrong code' },
		{ name: 'Verified Timeout', value: 'verified_timeout', description: 'The user did not verify in time' },
		UPLINK,
		BALANCE,
		...VERIFICATION_NOTIFICATIONS,
		...SYSTEM_EVENTS,
	]),
	email: sorted([
		{ name: 'Target (Request Accepted)', value: 'target', description: 'EngageLab accepted the send request' },
		{ name: 'Sent', value: 'sent', description: 'EngageLab sent the email' },
		{ name: 'Delivered', value: 'delivered', description: 'The mailbox provider accepted the email' },
		{ name: 'Invalid (Failed)', value: 'invalid', description: 'Delivery failed (blacklist, unsubscribed, not existing, rejected, ...)' },
		{ name: 'Soft Bounce', value: 'soft_bounce', description: 'Delivered, then bounced back' },
		{ name: 'Open', value: 'open', description: 'Response: the recipient opened the email' },
		{ name: 'Click', value: 'click', description: 'Response: the recipient clicked a link' },
		{ name: 'Unsubscribe', value: 'unsubscribe', description: 'Response: the recipient unsubscribed' },
		{ name: 'Report Spam', value: 'report_spam', description: 'Response: the recipient reported the email as spam' },
		{ name: 'Route (Inbound Email)', value: 'route', description: 'Response: an email arrived at a receiving route' },
	]),
	whatsapp: sorted([
		...STATUS_LIFECYCLE,
		{ name: 'Read', value: 'read', description: 'The user read the message' },
		{ name: 'Delivered Timeout', value: 'delivered_timeout', description: 'No delivery receipt within 5 minutes' },
		{ name: 'Received (Inbound Message)', value: 'received', description: 'Response: a user sent a message' },
		{ name: 'Reply', value: 'reply', description: 'Response: a user replied to a message' },
		{ name: 'Order', value: 'order', description: 'Response: a user placed an order' },
		{ name: 'Deleted', value: 'deleted', description: 'Response: a user deleted a message' },
		BALANCE,
		{ name: 'Template Update', value: 'template_update', description: 'Notification: a template status or quality changed' },
		{ name: 'Phone Number Update', value: 'phone_number_update', description: 'Notification: the sending number limit tier changed' },
		{ name: 'WhatsApp Business Update', value: 'whatsapp_business_update', description: 'Notification: the business account was disabled or flagged' },
	]),
	push: PUSH_EVENTS,
	webPush: PUSH_EVENTS,
};

/** Other spellings the docs show for the same event. */
const ALIASES: Record<string, string> = { sent_fail: 'sent_failed', delivered_fail: 'delivered_failed' };

export function canonicalEvent(event: string): string {
	return ALIASES[event] ?? event;
}

interface Classified {
	event: string;
	kind: EventKind;
}

const asObject = (value: unknown): Record<string, unknown> | undefined =>
	value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;

const asName = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The event a row reports and which kind of object carried it. */
export function classify(row: Record<string, unknown>): Classified {
	const status = asObject(row.status);
	const fromStatus = asName(status?.message_status);
	if (fromStatus) return { event: fromStatus, kind: 'message_status' };
	const fromResponse = asName(asObject(row.response)?.event);
	if (fromResponse) return { event: fromResponse, kind: 'response' };
	const fromNotification = asName(asObject(row.notification)?.event);
	if (fromNotification) return { event: fromNotification, kind: 'notification' };
	const fromSystem = asName(asObject(row.system_event)?.event);
	if (fromSystem) return { event: fromSystem, kind: 'system_event' };
	const plain = asName(row.event) ?? asName(row.event_type) ?? asName(status?.event);
	return { event: plain ?? 'unknown', kind: 'unknown' };
}
