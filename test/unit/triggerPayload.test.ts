/** Callback bodies into one event per row: batches split, raw rows kept, filters, malformed bodies. */
import { readBody, toEvents, MAX_ROWS } from '../../nodes/EngageLabTrigger/payload';
import { EVENTS } from '../../nodes/EngageLabTrigger/callbackEvents';
import { balanceAlert, batch, emailStatus, otpVerified, smsStatus, systemLogin, uplink, whatsappReply, whatsappStatus } from '../support/emulator/callbacks/samples';

const rowsOf = (parsed: unknown, raw?: string) => {
	const body = readBody(parsed, raw);
	if (body.kind !== 'events') throw new Error(`expected events, got ${JSON.stringify(body)}`);
	return body.rows;
};

describe('readBody', () => {
	it('splits a {total, rows} batch, reads a bare event and a bare array', () => {
		expect(rowsOf(batch([smsStatus('1'), smsStatus('2'), uplink('STOP')]))).toHaveLength(3);
		expect(rowsOf(emailStatus('m1'))).toEqual([emailStatus('m1')]);
		expect(rowsOf([emailStatus('a'), emailStatus('b')])).toHaveLength(2);
	});

	it('parses the raw text when n8n did not parse the body', () => {
		expect(rowsOf({}, JSON.stringify(batch([smsStatus('1')])))).toHaveLength(1);
		expect(rowsOf(undefined, JSON.stringify(smsStatus('1')))).toHaveLength(1);
	});

	it('treats the consoles\' connectivity checks as pings', () => {
		expect(readBody({}, '{}')).toEqual({ kind: 'ping' });
		expect(readBody({}, '')).toEqual({ kind: 'ping' });
		expect(readBody(undefined, undefined)).toEqual({ kind: 'ping' });
		expect(readBody({ total: 0, rows: [] }, undefined)).toEqual({ kind: 'ping' });
		expect(readBody({ echostr: '12345678' }, undefined)).toEqual({ kind: 'ping', echo: '12345678' });
		// "8 random characters" is not defined: any printable ASCII without spaces is echoed (D25).
		expect(readBody({ echostr: 'a+b/c=.~<>' }, undefined)).toEqual({ kind: 'ping', echo: 'a+b/c=.~<>' });
	});

	it.each([
		['text that is not JSON', {}, '{"total":1,"rows":['],
		['a JSON string that is not JSON', '{oops', undefined],
		['a number', 42, undefined],
		['rows that are not an array', { total: 1, rows: 'x' }, undefined],
		['a total that is not a count', { total: 'one', rows: [smsStatus('1')] }, undefined],
		['a row that is not an object', { total: 2, rows: [smsStatus('1'), 7] }, undefined],
		['an array of non-objects', [1, 2], undefined],
		['an echostr with a space', { echostr: 'a b' }, undefined],
		['an echostr longer than 64 characters', { echostr: 'x'.repeat(65) }, undefined],
		['an echostr that is not ASCII', { echostr: 'café' }, undefined],
		['an empty echostr', { echostr: '' }, undefined],
	])('calls %s malformed', (_, parsed, raw) => {
		expect(readBody(parsed, raw).kind).toBe('malformed');
	});

	it(`refuses batches of more than ${MAX_ROWS} events`, () => {
		const rows = Array.from({ length: MAX_ROWS + 1 }, (_, i) => smsStatus(String(i)));
		expect(readBody({ total: rows.length, rows }, undefined)).toEqual({ kind: 'malformed', reason: expect.stringContaining(String(MAX_ROWS)) });
	});
});

describe('toEvents', () => {
	it('makes one event per row with the common fields lifted and the row kept as sent', () => {
		const rows = [smsStatus('1001', 'delivered'), uplink('STOP'), balanceAlert(), systemLogin()];
		const events = toEvents('sms', rows, []);
		expect(events.map((e) => [e.event, e.eventKind, e.messageId, e.batchIndex, e.batchSize])).toEqual([
			['delivered', 'message_status', '1001', 0, 4],
			['uplink_message', 'response', '0', 1, 4],
			['insufficient_balance', 'notification', null, 2, 4],
			['account_login', 'system_event', null, 3, 4],
		]);
		expect(events[0]).toMatchObject({ product: 'sms', to: '+6598765432', itime: 1701234567, customArgs: { crm_id: 'crm-1001' } });
		expect(events.map((e) => e.payload)).toEqual(rows);
	});

	it('keeps only the chosen events, and treats the docs\' "sent_fail" as "sent_failed"', () => {
		const rows = [smsStatus('1', 'sent'), smsStatus('2', 'sent_fail'), smsStatus('3', 'delivered')];
		expect(toEvents('sms', rows, ['sent_failed', 'delivered']).map((e) => e.messageId)).toEqual(['2', '3']);
		expect(toEvents('sms', rows, ['verified'])).toEqual([]);
	});

	it('reads OTP verification, WhatsApp status and replies, Email status', () => {
		expect(toEvents('otp', [otpVerified('9')], [])[0]).toMatchObject({ event: 'verified', product: 'otp' });
		expect(toEvents('whatsapp', [whatsappStatus('w1'), whatsappReply('hi')], []).map((e) => [e.event, e.eventKind])).toEqual([
			['read', 'message_status'],
			['reply', 'response'],
		]);
		expect(toEvents('email', [emailStatus('m1', 'soft_bounce')], [])[0]).toMatchObject({ event: 'soft_bounce', to: 'ada@example.com' });
	});

	it('passes an event it does not know when no filter is set, under its own name', () => {
		const events = toEvents('sms', [{ server: 'sms', event: 'something_new' }, { server: 'sms' }], []);
		expect(events.map((e) => [e.event, e.eventKind])).toEqual([
			['something_new', 'unknown'],
			['unknown', 'unknown'],
		]);
	});

	it('offers each product\'s events sorted by name, without duplicates', () => {
		for (const options of Object.values(EVENTS)) {
			const names = options.map((o) => o.name);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
			expect(new Set(options.map((o) => o.value)).size).toBe(options.length);
		}
	});
});
