/**
 * SMS → Send against the SMS emulator, through n8n-core's real request helpers: what EngageLab
 * receives, every SMS error code in both HTTP styles, faults (a send is never repeated after an
 * ambiguous failure), validation before sending, the template lookups and the credential test.
 */
import { NodeApiError, NodeOperationError, type INodeListSearchResult, type ResourceMapperFields } from 'n8n-workflow';

import { listSearch } from '../../nodes/EngageLab/methods/listSearch';
import { resourceMapping } from '../../nodes/EngageLab/methods/resourceMapping';
import { SMS } from '../../nodes/EngageLab/products/sms/sms.product';
import { SMS_ERROR_CODES } from '../../nodes/EngageLab/products/sms/errorTable';
import { SMS_KEY, SMS_SECRET, smsEmulator, type SmsState } from '../support/emulator/sms/smsEmulator';
import { MessagingFixture } from '../support/inProcess/productFixture';

const fx = new MessagingFixture<SmsState>(SMS, (o) => smsEmulator(o), SMS_KEY, SMS_SECRET);
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => {
	fx.reset();
	fx.emulator.errorStyle = 'http200';
});

const ORDER_TEMPLATE = { __rl: true, mode: 'list', value: '123456789' };
const orderVariables = (order = 'A-1', time = 'Friday') => ({
	mappingMode: 'defineBelow',
	value: { order_no: order, delivery_time: time },
	matchingColumns: [],
	schema: [
		{ id: 'order_no', displayName: 'order_no', required: true, defaultMatch: false, display: true, type: 'string' },
		{ id: 'delivery_time', displayName: 'delivery_time', required: true, defaultMatch: false, display: true, type: 'string' },
	],
});
const send = (extra: Record<string, unknown> = {}) => ({
	operation: 'send',
	to: '+6591234567',
	template: ORDER_TEMPLATE,
	templateVariables: orderVariables(),
	...extra,
});

describe('SMS → Send: what EngageLab receives and the output', () => {
	it('sends the template with its variables, with the SMS key pair, and outputs EngageLab\'s ids exactly', async () => {
		const result = await fx.run(send());

		expect(result.status).toBe('success');
		expect(fx.emulator.received).toHaveLength(1);
		const [request] = fx.emulator.received;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/v1/messages');
		expect(request.authorization).toBe(`Basic ${Buffer.from(`${SMS_KEY}:${SMS_SECRET}`).toString('base64')}`);
		expect(JSON.parse(request.rawBody)).toEqual({
			to: ['+6591234567'],
			template: { id: '123456789', params: { order_no: 'A-1', delivery_time: 'Friday' } },
		});
		const sent = fx.emulator.state.sent[0];
		expect(result.items).toEqual([
			{
				json: {
					to: ['+6591234567'],
					template_id: '123456789',
					plan_id: sent.plan_id,
					message_id: sent.message_id,
					total_count: 1,
					accepted_count: 1,
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('maps each item through expressions, several numbers per item, separators removed', async () => {
		const rows = [
			{ phones: '+65 9123-4567, +44 (7911) 123456', order: 'B-7' },
			{ phones: '+8618701235678', order: 'C-9' },
		];
		const result = await fx.run(
			send({ to: '={{ $json.phones }}', templateVariables: { ...orderVariables(), value: { order_no: '={{ $json.order }}', delivery_time: 'Monday' } } }),
			rows,
		);

		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(fx.emulator.state.sent.map((s) => [s.to, s.params.order_no])).toEqual([
			[['+6591234567', '+447911123456'], 'B-7'],
			[['+8618701235678'], 'C-9'],
		]);
	});

	it('sends a template without variables with an empty params object', async () => {
		await fx.run(send({ template: { __rl: true, mode: 'id', value: '123456790' }, templateVariables: { mappingMode: 'defineBelow', value: null } }));

		expect(JSON.parse(fx.emulator.received[0].rawBody)).toEqual({ to: ['+6591234567'], template: { id: '123456790', params: {} } });
	});

	it('schedules a send: schedule_time in Unix seconds, the 19-digit task id kept exact as text', async () => {
		const at = new Date(fx.timing.now() + 3600_000);
		const result = await fx.run(send({ additionalFields: { scheduleTime: at.toISOString(), planName: 'Spring' } }));

		const body = fx.emulator.received[0].body as { schedule_time: bigint; plan_name: string };
		expect(body.schedule_time).toBe(BigInt(Math.floor(at.getTime() / 1000)));
		expect(body.plan_name).toBe('Spring');
		const taskId = fx.emulator.state.sent[0].task_id!;
		expect(taskId > 2n ** 53n).toBe(true);
		expect(result.items[0].json.schedule_info).toEqual({ task_id: String(taskId) });
	});

	it('reports a partial acceptance as EngageLab counts it, not as an error', async () => {
		fx.emulator.state.refusedNumbers.add('+447911123456');
		const result = await fx.run(send({ to: '+6591234567,+447911123456' }));

		expect(result.items[0].json).toMatchObject({ total_count: 2, accepted_count: 1 });
	});
});

describe('SMS → Send: variables named like Object members are ordinary names', () => {
	const NAMES = ['__proto__', 'constructor', 'valueOf', 'toString', 'hasOwnProperty'];
	const mapper = (value: Record<string, string>, names = NAMES) => ({
		mappingMode: 'defineBelow',
		value: JSON.parse(JSON.stringify(value)) as Record<string, string>,
		matchingColumns: [],
		schema: names.map((id) => ({ id, displayName: id, required: true, defaultMatch: false, display: true, type: 'string' })),
	});
	const valuesFor = (names: string[]) => JSON.parse(`{${names.map((n, i) => `"${n}":"v${i}"`).join(',')}}`) as Record<string, string>;

	it('each is sent with its value', async () => {
		const names = NAMES.slice(1);
		const result = await fx.run(send({ templateVariables: mapper(valuesFor(names), names) }));

		expect(result.error).toBeUndefined();
		const params = (JSON.parse(fx.emulator.received[0].rawBody) as { template: { params: Record<string, string> } }).template.params;
		expect(Object.entries(params)).toEqual(names.map((n, i) => [n, `v${i}`]));
	});

	it('each without a value is reported missing, nothing sent', async () => {
		const result = await fx.run(send({ templateVariables: mapper({}) }), [{}], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(0);
		expect((result.items[0].json.error as { message: string }).message).toBe(`Template variables ${NAMES.join(', ')} have no value`);
	});

	it('__proto__ with a value: n8n drops that key from parameters, so it is reported missing rather than sent as a placeholder', async () => {
		const result = await fx.run(send({ templateVariables: mapper(valuesFor(NAMES)) }), [{}], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(0);
		expect((result.items[0].json.error as { message: string }).message).toBe('Template variable __proto__ has no value');
	});
});

describe('SMS → Send: a number given twice gets one SMS', () => {
	it('numbers pasted with zero-width spaces, bidi marks, full-width or Arabic-Indic digits are normalised, then deduped', async () => {
		await fx.run(send({ to: '\u200e+65\u200b9123 4567\u200f, ＋６５９１２３４５６７, +٦٥٩١٢٣٤٥٦٧, +44 7911 123456' }));

		expect(JSON.parse(fx.emulator.received[0].rawBody).to).toEqual(['+6591234567', '+447911123456']);
	});

	it('dedupes after normalising: "+65 9123 4567, +6591234567" is one recipient', async () => {
		const result = await fx.run(send({ to: '+65 9123 4567, +6591234567; +65-9123-4567, +447911123456' }));

		expect(JSON.parse(fx.emulator.received[0].rawBody).to).toEqual(['+6591234567', '+447911123456']);
		expect(fx.emulator.state.sent[0].to).toEqual(['+6591234567', '+447911123456']);
		expect(result.items[0].json.to).toEqual(['+6591234567', '+447911123456']);
	});
});

describe("SMS → Send: Schedule Time is read in the workflow's timezone", () => {
	/** A wall-clock time two days ahead at 10:00, as n8n's date picker stores it (no zone). */
	const wallTime = () => {
		const day = new Date(fx.timing.now() + 2 * 24 * 3600_000);
		const text = `${day.toISOString().slice(0, 10)}T10:00:00`;
		return { text, utcMs: Date.parse(`${text}Z`) };
	};
	const scheduled = () => Number((fx.emulator.received.at(-1)!.body as { schedule_time: bigint }).schedule_time);

	it.each([
		['UTC', 0],
		['Asia/Singapore', 8 * 3600],
		['Asia/Kolkata', 5.5 * 3600],
		['America/Bogota', -5 * 3600],
	])('a time without a zone in a workflow set to %s', async (timezone, aheadOfUtc) => {
		const { text, utcMs } = wallTime();
		const result = await fx.run(send({ additionalFields: { scheduleTime: text } }), [{}], { timezone });

		expect(result.status).toBe('success');
		expect(scheduled()).toBe(utcMs / 1000 - aheadOfUtc);
	});

	it('a time with its own zone or offset keeps it, whatever the workflow timezone', async () => {
		const { text, utcMs } = wallTime();
		await fx.run(send({ additionalFields: { scheduleTime: `${text}+02:00` } }), [{}], { timezone: 'Asia/Singapore' });
		expect(scheduled()).toBe(utcMs / 1000 - 2 * 3600);
		await fx.run(send({ additionalFields: { scheduleTime: `${text}Z` } }), [{}], { timezone: 'Asia/Singapore' });
		expect(scheduled()).toBe(utcMs / 1000);
	});

	it('Unix seconds, as a number or as a numeric string (an expression reading a CSV column)', async () => {
		const at = Math.floor(fx.timing.now() / 1000) + 7200;
		await fx.run(send({ additionalFields: { scheduleTime: `={{ "${at}" }}` } }));
		expect(scheduled()).toBe(at);
		await fx.run(send({ additionalFields: { scheduleTime: `={{ ${at} }}` } }));
		expect(scheduled()).toBe(at);
	});
});

describe('SMS → Send: refused before sending (no request)', () => {
	it.each([
		['a number without +', { to: '6591234567' }, /not a phone number in E\.164.*add \+/s],
		['a number with 00', { to: '00447911123456' }, /Write the leading 00 as \+/],
		['letters', { to: '+65 CALL ME' }, /not a phone number/],
		['no number', { to: '  ' }, /No phone number given/],
		["no template", { template: { __rl: true, mode: "id", value: "={{ \"\" }}" } }, /No template chosen/],
		['an empty variable', { templateVariables: orderVariables('A-1', '') }, /Template variable delivery_time has no value/],
		['a schedule time 1 minute ahead', { additionalFields: { scheduleTime: new Date(Date.now() + 60_000).toISOString() } }, /not between 3 minutes and 30 days/],
		['a schedule time 31 days ahead', { additionalFields: { scheduleTime: new Date(Date.now() + 31 * 86400_000).toISOString() } }, /not between 3 minutes and 30 days/],
		['a schedule time that is not a date', { additionalFields: { scheduleTime: 'soon' } }, /is not a date and time/],
	])('%s', async (_what, params, message) => {
		const result = await fx.run(send(params), [{}, {}], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(0);
		expect(result.items).toHaveLength(2);
		for (const [index, item] of result.items.entries()) {
			expect(item.pairedItem).toEqual({ item: index });
			expect(JSON.stringify(item.json.error)).toMatch(message);
		}
	});

	it('stops at the first bad item with its index when not continuing on fail', async () => {
		const result = await fx.run(send({ to: '={{ $json.phone }}' }), [{ phone: '+6591234567' }, { phone: '123' }]);

		expect(result.error).toBeInstanceOf(NodeOperationError);
		expect((result.error as NodeOperationError).context.itemIndex).toBe(1);
		expect(fx.emulator.received).toHaveLength(1);
	});
});

describe('SMS → Send: every SMS error code, in both HTTP styles', () => {
	const codes = Object.entries(SMS_ERROR_CODES).map(([code, info]) => [Number(code), info] as const);
	describe.each(['http200', 'httpStatus'] as const)('%s', (style) => {
		it.each(codes)('code %i: English meaning, what to check, not repeated', async (code, info) => {
			fx.emulator.errorStyle = style;
			const result = await fx.run(send({ additionalFields: { planName: `emulator-force-${code}` } }));

			const error = result.error as NodeApiError;
			expect(error).toBeInstanceOf(NodeApiError);
			expect(error.message).toBe(`EngageLab SMS error ${code}: ${info.meaning}${info.transient ? ': the change may or may not have been applied' : ''}`);
			expect(error.description).toContain(info.check);
			expect(error.description).toContain('EngageLab said:');
			// Internal errors too: the send may have happened, so it is never sent again.
			expect(fx.emulator.received).toHaveLength(1);
			expect(JSON.stringify(error)).not.toContain(SMS_SECRET);
		});
	});

	it('an undocumented code with an HTTP error falls back on the status and EngageLab\'s message', async () => {
		fx.emulator.script({ status: 403, body: '{"code":7777,"message":"sender id blocked"}' });
		const result = await fx.run(send());

		expect((result.error as Error).message).toBe('EngageLab SMS error 7777: sender id blocked');
		expect((result.error as NodeApiError).description).toContain('permissions');
	});

	it('a plain-text HTTP 404 (wrong host) says to check the host', async () => {
		fx.emulator.script({ status: 404, body: 'no route', contentType: 'text/plain' });
		const result = await fx.run(send());

		expect((result.error as Error).message).toBe('EngageLab SMS answered HTTP 404: Not found');
		expect((result.error as NodeApiError).description).toMatch(/Check the credential's host or Custom URL/);
	});
});

describe('SMS → Send: faults', () => {
	it.each(['reset', 'http500', 'truncate', 'code-1'] as const)('after %s the send is not repeated and the item says it may have gone out', async (kind) => {
		fx.emulator.faultRecipient('+6591234567', kind);
		const result = await fx.run(send(), [{}], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(1);
		expect(JSON.stringify(result.items[0].json.error)).toMatch(/may or may not have been applied/);
	});

	it('after a 429 (turned away before processing) it waits and sends again, once accepted', async () => {
		fx.emulator.faultRecipient('+6591234567', { kind: 'http429', retryAfter: '2' });
		const result = await fx.run(send());

		expect(result.status).toBe('success');
		expect(fx.emulator.received.map((r) => r.status)).toEqual([429, 200]);
		expect(fx.emulator.state.sent).toHaveLength(1);
		expect(fx.waits.some((w) => w >= 2000)).toBe(true);
	});

	it('continue on fail: the failed item carries its error, the others are sent, order and pairing kept', async () => {
		fx.emulator.faultRecipient('+6590000002', 'http500');
		const result = await fx.run(send({ to: '={{ $json.p }}' }), [{ p: '+6590000001' }, { p: '+6590000002' }, { p: '+6590000003' }], {
			continueOnFail: true,
		});

		expect(result.items.map((i) => [i.pairedItem, 'error' in i.json])).toEqual([
			[{ item: 0 }, false],
			[{ item: 1 }, true],
			[{ item: 2 }, false],
		]);
	});

	it('the error output gets the failed item', async () => {
		const result = await fx.run(send({ to: '={{ $json.p }}', additionalFields: { planName: '={{ $json.plan }}' } }), [{ p: '+6590000001', plan: 'ok' }, { p: '+6590000002', plan: 'emulator-force-4001' }], {
			onError: 'continueErrorOutput',
		});

		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }]);
		expect(result.errorItems.map((i) => i.pairedItem)).toEqual([{ item: 1 }]);
	});
});

describe('SMS → Send: concurrency, redirects and secrets', () => {
	it('keeps at most Concurrency requests in flight, output in input order', async () => {
		fx.emulator.latencyMs = 300; // far above a loaded machine's gap between requests sent together: all 3 overlap
		const rows = Array.from({ length: 12 }, (_, i) => ({ p: `+659000${String(i).padStart(4, '0')}` }));
		const result = await fx.run(send({ to: '={{ $json.p }}', options: { concurrency: 3 } }), rows);

		expect(fx.emulator.maxInFlight).toBe(3);
		expect(result.items.map((i) => (i.json.to as string[])[0])).toEqual(rows.map((r) => r.p));
	});

	it('never follows a redirect with the SMS key pair', async () => {
		fx.emulator.script({ status: 302, body: '', headers: { Location: 'http://127.0.0.1:9/v1/messages' } });
		const result = await fx.run(send());

		expect((result.error as Error).message).toMatch(/redirects to http:\/\/127\.0\.0\.1:9 \(HTTP 302\); the node does not follow redirects/);
		expect(fx.emulator.received).toHaveLength(1);
	});

	it('keeps the dev secret out of an error that echoes it', async () => {
		const pair = Buffer.from(`${SMS_KEY}:${SMS_SECRET}`).toString('base64');
		fx.emulator.script({ status: 400, body: `{"code":3002,"message":"bad auth Basic ${pair} secret=${SMS_SECRET}"}` });
		const result = await fx.run(send(), [{}], { continueOnFail: true });

		const text = JSON.stringify(result.items);
		expect(text).toContain('EngageLab SMS error 3002');
		expect(text).not.toContain(SMS_SECRET);
		expect(text).not.toContain(pair);
	});
});

describe('SMS → Send: the credential in every encoding, in errors and in success bodies', () => {
	/** A dev secret with the characters JSON and URLs escape. */
	const SECRET = 'dev"secret\\with/quote+and space';
	const useSecret = () => fx.useCredentials({ ...fx.credentials, devSecret: SECRET });
	const saved = { ...fx.credentials };
	beforeEach(() => Object.assign(saved, fx.credentials));
	afterEach(() => fx.useCredentials({ ...saved }));
	const forms = () => {
		const pair = Buffer.from(`${SMS_KEY}:${SECRET}`).toString('base64');
		return [SECRET, JSON.stringify(SECRET).slice(1, -1), encodeURIComponent(SECRET), Buffer.from(SECRET).toString('base64'), pair, SECRET.slice(0, 10)];
	};

	/** Every string in `value`, as the user reads it (not JSON-escaped once more). */
	const strings = (value: unknown): string[] =>
		typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.entries(value).flatMap(([k, v]) => [k, ...strings(v)]) : [];

	it('an error body echoing the secret JSON-escaped, URL-encoded and in base64, quoted as an excerpt (HTTP 502, no code)', async () => {
		const status = 502;
		useSecret();
		const [, escaped, urlEncoded, base64, pair] = forms();
		fx.emulator.script({ status, body: `{"message":"bad auth ${escaped}","q":"s=${urlEncoded}","b":"${base64} ${pair}"}` });
		const result = await fx.run(send(), [{}], { continueOnFail: true });

		const texts = strings(result.items);
		expect(texts.join(' ')).toMatch(/\[redacted\]/);
		for (const form of forms()) for (const text of texts) expect(text).not.toContain(form);
	});

	it('a 2xx body echoing the key, the secret and the Authorization header: hidden in the output, ids exact', async () => {
		useSecret();
		const [, escaped, , , pair] = forms();
		fx.emulator.script({
			status: 200,
			body: `{"plan_id":"1972488990548348928","message_id":1972488990548348929,"total_count":1,"accepted_count":1,"debug":{"authorization":"Basic ${pair}","key":"${SMS_KEY}","secret":"${escaped}"}}`,
		});
		const result = await fx.run(send());

		expect(result.status).toBe('success');
		for (const form of [...forms(), SMS_KEY]) for (const text of strings(result.items)) expect(text).not.toContain(form);
		expect(result.items[0].json).toMatchObject({
			plan_id: '1972488990548348928',
			message_id: '1972488990548348929',
			debug: { authorization: 'Basic [redacted]', key: '[redacted]', secret: '[redacted]' },
		});
	});
});

describe('SMS credential: only SMS is needed', () => {
	it('runs with only the SMS credential set (no MA credential anywhere)', async () => {
		expect(fx.credentialsHelper.decryptCalls.length).toBeGreaterThanOrEqual(0);
		const result = await fx.run(send());

		expect(result.status).toBe('success');
		expect(fx.credentialsHelper.decryptCalls.every((c) => c.type === 'engageLabSmsApi')).toBe(true);
	});

	it('does not use an MA credential given in its place', async () => {
		const result = await fx.run(send(), [{}], { credentialTypes: ['engageLabApi'] });

		expect(result.status).toBe('error');
		expect(fx.emulator.received).toHaveLength(0);
	});

	it('refuses a bad Custom URL with what to fix, sending nothing', async () => {
		fx.useCredentials({ ...fx.credentials, baseUrl: 'smsapi.example.com/v1' });
		try {
			const result = await fx.run(send());
			expect((result.error as Error).message).toBe('The EngageLab SMS credential has no valid Base URL');
		} finally {
			fx.useCredentials({ ...fx.credentials, baseUrl: fx.url });
		}
	});
});

describe('SMS: template picker and variables (form lookups)', () => {
	it('lists the approved templates only, searchable', async () => {
		const ctx = fx.loadOptionsContext({ operation: 'send' });
		const all = (await listSearch.searchSmsTemplates.call(ctx)) as INodeListSearchResult;
		expect(all.results).toEqual([
			{ name: 'Order Notification (123456789)', value: '123456789' },
			{ name: 'Welcome (123456790)', value: '123456790' },
		]);
		const some = await listSearch.searchSmsTemplates.call(ctx, 'welc');
		expect(some.results.map((r) => r.value)).toEqual(['123456790']);
		expect(fx.emulator.received.every((r) => r.method === 'GET' && r.path === '/v1/template-configs')).toBe(true);
	});

	it('shows the chosen template\'s variables as required fields ({x} and {{x}} both read)', async () => {
		const fields = (await resourceMapping.getSmsTemplateVariables.call(
			fx.loadOptionsContext({ operation: 'send', template: ORDER_TEMPLATE }),
		)) as ResourceMapperFields;
		expect(fields.fields.map((f) => [f.id, f.required])).toEqual([
			['order_no', true],
			['delivery_time', true],
		]);
		const pending = await resourceMapping.getSmsTemplateVariables.call(
			fx.loadOptionsContext({ operation: 'send', template: { __rl: true, mode: 'id', value: '123456791' } }),
		);
		expect(pending.fields.map((f) => f.id)).toEqual(['name', 'discount']);
	});

	it('a lookup with a wrong key fails with the SMS error text', async () => {
		fx.useCredentials({ ...fx.credentials, devSecret: 'wrong' });
		try {
			await expect(listSearch.searchSmsTemplates.call(fx.loadOptionsContext({}))).rejects.toThrow('EngageLab SMS error 2001: Authentication failed');
		} finally {
			fx.useCredentials({ ...fx.credentials, devSecret: SMS_SECRET });
		}
	});
});

describe('SMS credential test', () => {
	it('passes on the SMS API\'s real answer (the template list)', async () => {
		expect(await fx.testCredential()).toMatchObject({ status: 'OK' });
		expect(fx.emulator.received.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/template-configs']);
	});

	it.each(['http200', 'httpStatus'] as const)('fails on a wrong secret with the SMS text (%s), without the secret', async (style) => {
		fx.emulator.errorStyle = style;
		const result = await fx.testCredential({ ...fx.credentials, devSecret: 'not-the-secret' });
		expect(result.status).toBe('Error');
		expect(result.message).toContain('EngageLab SMS error 2001: Authentication failed');
		expect(result.message).not.toContain('not-the-secret');
	});

	it.each([
		['an HTML page', { status: 200, body: '<html>hi</html>', contentType: 'text/html' }],
		['JSON that is not a template list', { status: 200, body: '{"code":0,"message":"success"}' }],
		['HTTP 404', { status: 404, body: 'not found', contentType: 'text/plain' }],
	])('fails on %s', async (_what, answer) => {
		fx.emulator.script(answer);
		const result = await fx.testCredential();
		expect(result.status).toBe('Error');
	});
});
