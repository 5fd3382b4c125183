/**
 * Email → Get Delivery Status against the Email emulator: the send day read from each ID (UTC+8)
 * or given, IDs batched (≤ 100 a call), one item per record with the status named, unknown IDs
 * as found: false, calls paced at one a second, the 60-a-minute limit's 429 paused and retried,
 * refused input, every documented code.
 */
import type { NodeApiError } from 'n8n-workflow';

import { EMAIL_ERROR_CODES } from '../../nodes/EngageLab/products/email/errorTable';
import { EMAIL } from '../../nodes/EngageLab/products/email/email.product';
import { EMAIL_API_KEY, EMAIL_API_USER, emailEmulator, type EmailState } from '../support/emulator/email/emailEmulator';
import type { DeliveryStatus } from '../support/emulator/email/deliveryStatus';
import { MessagingFixture } from '../support/inProcess/productFixture';
import type { VirtualTiming } from '../support/inProcess/virtualTiming';

const fx = new MessagingFixture<EmailState>(EMAIL, (o) => emailEmulator(o), EMAIL_API_USER, EMAIL_API_KEY);
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => {
	fx.reset();
	// The pace's waits are asserted: a pinned clock moves only by the node's waits, so how long the
	// machine took between two requests cannot shorten a wait.
	(fx.timing as VirtualTiming).pin(Date.UTC(2026, 11, 7, 2, 0, 0));
	fx.emulator.errorStyle = 'httpStatus';
});

// 1764950400000 = 2025-12-05T16:00:00Z = 2025-12-06 00:00 in UTC+8.
const id = (n: number, ms = 1764950400000) => `${ms + n}_15555555_32350_1350.sc-10_10_126_221-inbound0$u${n}@example.com`;
const status = (n: number, extra: Partial<DeliveryStatus> = {}): DeliveryStatus => ({
	email_id: id(n),
	api_user: 'acme_news',
	email: `u${n}@example.com`,
	status: 1,
	sub_status: 0,
	sub_stat_desc: '',
	request_time: '2025-12-06 00:00:01',
	update_time: '2025-12-06 00:00:05',
	send_date: '2025-12-06',
	...extra,
});
const query = (path: string) => new URLSearchParams(path.split('?')[1]);

describe('Email → Get Delivery Status', () => {
	it('reads the send day from the IDs in UTC+8, outputs each record with its status named, unknown IDs as found: false', async () => {
		fx.emulator.state.statuses = [status(1), status(2, { status: 4, sub_status: 406 })];
		const result = await fx.run({ operation: 'getDeliveryStatus', emailIds: `${id(1)}, ${id(2)}\n${id(3)}` });

		// id(3), not found, is asked once more on its UTC day (2025-12-05).
		expect(fx.emulator.received.map((r) => query(r.path).get('send_date'))).toEqual(['2025-12-06', '2025-12-05']);
		const q = query(fx.emulator.received[0].path);
		expect(q.get('send_date')).toBe('2025-12-06');
		expect(q.get('email_ids')).toBe([id(1), id(2), id(3)].join(';'));
		expect(fx.emulator.received[0].path).toContain('%24u1%40example.com');
		expect(result.items.map((i) => [i.json.email_id, i.json.found, i.json.status_name, i.json.sub_status_name])).toEqual([
			[id(1), true, 'delivered', null],
			[id(2), true, 'invalid', 'invalid_not_exist'],
			[id(3), false, undefined, undefined],
		]);
		expect(result.items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	it('250 IDs of one day: calls of at most 100 IDs and a 4,000-character ID list, each ID once, paced at one a second', async () => {
		fx.emulator.state.statuses = Array.from({ length: 250 }, (_, n) => status(n));
		const result = await fx.run({ operation: 'getDeliveryStatus', emailIds: Array.from({ length: 250 }, (_, n) => id(n)).join(',') });

		const sent = fx.emulator.received.map((r) => query(r.path).get('email_ids')!.split(';'));
		expect(sent.flat()).toEqual(Array.from({ length: 250 }, (_, n) => id(n)));
		for (const r of fx.emulator.received) expect(/email_ids=([^&]*)/.exec(r.path)![1].length).toBeLessThanOrEqual(4000);
		expect(sent.length).toBeLessThan(10);
		expect(result.items.filter((i) => i.json.found === true)).toHaveLength(250);
		expect(fx.waits.filter((w) => w > 900 && w <= 1000)).toHaveLength(sent.length - 1);
	});

	it('short IDs: at most 100 a call', async () => {
		await fx.run({ operation: 'getDeliveryStatus', emailIds: Array.from({ length: 250 }, (_, n) => `m${n}`).join(','), sendDate: '2025-12-06' });
		expect(fx.emulator.received.map((r) => query(r.path).get('email_ids')!.split(';').length)).toEqual([100, 100, 50]);
	});

	it('a given Send Date wins for every ID', async () => {
		await fx.run({ operation: 'getDeliveryStatus', emailIds: `${id(1)},${id(2, 1765036800000)}`, sendDate: '2025-12-01' });
		expect(fx.emulator.received.map((r) => query(r.path).get('send_date'))).toEqual(['2025-12-01']);
	});

	it('IDs of two days: one call per day', async () => {
		fx.emulator.state.statuses = [status(1), status(2, { email_id: id(2, 1765036800000), send_date: '2025-12-07' })];
		await fx.run({ operation: 'getDeliveryStatus', emailIds: `${id(1)},${id(2, 1765036800000)}` });
		expect(fx.emulator.received.map((r) => query(r.path).get('send_date'))).toEqual(['2025-12-06', '2025-12-07']);
	});

	it('an ID not found on its UTC+8 day is asked once more on its UTC day when that differs; found IDs are not', async () => {
		// id(1) is 2025-12-06 in UTC+8 but 2025-12-05 in UTC, and EngageLab filed it under the UTC day.
		fx.emulator.state.statuses = [status(1, { send_date: '2025-12-05' }), status(2)];
		const result = await fx.run({ operation: 'getDeliveryStatus', emailIds: `${id(1)},${id(2)}` });

		expect(fx.emulator.received.map((r) => [query(r.path).get('send_date'), query(r.path).get('email_ids')])).toEqual([
			['2025-12-06', `${id(1)};${id(2)}`],
			['2025-12-05', id(1)],
		]);
		expect(result.items.map((i) => [i.json.email_id, i.json.found])).toEqual([
			[id(2), true],
			[id(1), true],
		]);
	});

	it('an ID whose UTC and UTC+8 days agree, or a given Send Date, is not asked again', async () => {
		const noon = 1764950400000 + 12 * 3_600_000;
		const result = await fx.run({ operation: 'getDeliveryStatus', emailIds: id(1, noon) });
		expect(fx.emulator.received).toHaveLength(1);
		expect(result.items.map((i) => i.json.found)).toEqual([false]);

		fx.emulator.received.length = 0;
		await fx.run({ operation: 'getDeliveryStatus', emailIds: id(1), sendDate: '2025-12-06' });
		expect(fx.emulator.received).toHaveLength(1);
	});

	it('the 61st call within a minute gets 429: the run pauses as Retry-After says and the call succeeds', async () => {
		fx.emulator.state.statusCalls = Array.from({ length: 60 }, () => fx.timing.now());
		fx.emulator.state.statuses = [status(1)];
		const result = await fx.run({ operation: 'getDeliveryStatus', emailIds: id(1) });

		expect(result.status).toBe('success');
		expect(fx.emulator.received.map((r) => r.status)).toEqual([429, 200]);
		expect(JSON.parse(fx.emulator.received[0].response)).toEqual({ code: 42900, message: 'Too many requests' });
		expect(fx.waits.some((w) => w >= 59_000)).toBe(true);
		expect(result.items[0].json.found).toBe(true);
	});

	it.each([
		['no ID', { emailIds: ' ' }, /No email ID given/],
		['an ID without a send time and no Send Date', { emailIds: 'abc$u@example.com' }, /does not start with a send time/],
		['a bad Send Date', { emailIds: id(1), sendDate: '2025-13-01' }, /not a real date/],
	])('refuses %s before sending', async (_what, params, message) => {
		const result = await fx.run({ operation: 'getDeliveryStatus', ...params }, [{}], { continueOnFail: true });
		expect(fx.emulator.received).toHaveLength(0);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(JSON.stringify(result.items[0].json.error)).toMatch(message);
	});

	describe.each(['httpStatus', 'http200'] as const)('every documented code, %s', (style) => {
		it.each(Object.entries(EMAIL_ERROR_CODES).map(([c, info]) => [Number(c), info] as const))('code %i', async (code, info) => {
			fx.emulator.errorStyle = style;
			const result = await fx.run({ operation: 'getDeliveryStatus', emailIds: `emulator-force-${code}`, sendDate: '2025-12-06' });

			const error = result.error as NodeApiError;
			expect(error.message).toBe(`EngageLab Email error ${code}: ${info.meaning}`);
			expect(error.description).toContain(info.check);
		});
	});
});
