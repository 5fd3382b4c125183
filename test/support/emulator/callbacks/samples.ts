/**
 * Callback bodies as EngageLab's docs show them (docs/callbacks.md names the page of each).
 * Functions, so every test gets its own copy and can vary IDs.
 */
export type Row = Record<string, unknown>;

export const smsStatus = (messageId: string, status = 'delivered', to = '+6598765432'): Row => ({
	message_id: messageId,
	to,
	server: 'sms',
	channel: 'sms',
	itime: 1701234567,
	custom_args: { crm_id: `crm-${messageId}` },
	status: {
		message_status: status,
		status_data: { msg_time: 1701234560, message_id: messageId, current_send_channel: 'CHANNEL_A', template_key: 'order_shipped', business_id: '1001' },
		...(status === 'sent' ? { billing: { cost: 0.005, currency: 'USD' } } : {}),
		error_code: status.includes('fail') ? 4001 : 0,
		...(status.includes('fail') ? { error_detail: { message: 'Invalid phone number' } } : {}),
	},
});

export const otpVerified = (messageId: string): Row => ({ ...smsStatus(messageId, 'verified'), server: 'otp' });

export const uplink = (body: string, from = '+6591234567'): Row => ({
	server: 'sms',
	itime: 1741083306,
	message_id: '0',
	business_id: '0',
	response: { event: 'uplink_message', response_data: { message_sid: 'SM1', account_sid: 'AC1', from, to: '+6580000000', body } },
});

export const balanceAlert = (server = 'otp'): Row => ({
	server,
	itime: 1712458844,
	notification: { event: 'insufficient_balance', notification_data: { business_id: '1744569418236633088', remain_balance: -0.005, balance_threshold: 2 } },
});

export const systemLogin = (): Row => ({
	server: 'otp',
	itime: 1694012345,
	system_event: {
		event: 'account_login',
		data: { business_id: '123', org_id: 'org-abc', operator: { email: 'foo@example.com', ip_address: '1.2.3.4' }, account_login: { action: 'login_success' } },
	},
});

export const whatsappStatus = (messageId: string, status = 'read'): Row => ({
	message_id: messageId,
	from: '+8613800138000',
	to: '+447911123456',
	server: 'whatsapp',
	channel: 'whatsapp',
	itime: 1640707579,
	custom_args: { order_id: 'ORD-123' },
	status: {
		message_status: status,
		status_data: { msg_time: 1663432355, channel_message_id: 'wamid.123321abcdefed==', whatsapp_business_account_id: 'WABA123', country_code: 'GB' },
		error_code: 0,
	},
});

export const whatsappReply = (text: string): Row => ({
	message_id: '1666165485030094861',
	from: '+8613800138000',
	to: '+447911123456',
	server: 'whatsapp',
	channel: 'whatsapp',
	itime: 1640707579,
	response: {
		event: 'reply',
		response_data: {
			channel_message_id: 'wamid.123321abcdefed==',
			contact: { profile: { name: 'Bob' }, wa_id: '8613800138000' },
			message: { type: 'text', text: { body: text } },
		},
	},
});

export const emailStatus = (messageId: string, status = 'delivered'): Row => ({
	server: 'email',
	message_id: messageId,
	to: 'ada@example.com',
	itime: 1676615711325,
	custom_args: { crm_id: `crm-${messageId}` },
	status: { message_status: status, status_data: { task_id: '-1', api_user: 'shop_notices', email_id: `${messageId}0$ada@example.com` } },
});

/** EngageLab's batch wrapper. */
export const batch = (rows: Row[]): { total: number; rows: Row[] } => ({ total: rows.length, rows });

/**
 * An App Push or Web Push status row (docs/push/decisions.md D27: the 2023 zh_CN callback page's
 * fields, which the Web Push page says it shares); `message_id` passes 2^53, as push IDs do.
 */
export const pushStatus = (messageId: string, status = 'delivered', server = 'push'): Row => ({
	message_id: messageId,
	from: 'engagelab',
	to: 'reg-1a0018970a8b5c3d',
	server,
	channel: 'fcm',
	custom_args: { order_id: `order-${messageId}` },
	itime: 1701234567,
	status: {
		message_status: status,
		status_data: { msg_time: 1701234560, platform: server === 'web' ? 'web' : 'android' },
		error_code: status.includes('fail') ? 1011 : 0,
		...(status.includes('fail') ? { error_detail: { message: 'The device is offline' } } : {}),
	},
});
