/**
 * Email → Get Statistics against the Email emulator: one call per day with aggregate_by=1 (the
 * confirmed answer shape), one item per day, paced at one call a second on the virtual clock
 * (across items), Aggregate Range in one call, filters, the 90-day rule before sending, every
 * documented code, a transient failure retried, a 429 paused and retried.
 */
import type { NodeApiError } from 'n8n-workflow';

import { EMAIL_ERROR_CODES } from '../../nodes/EngageLab/products/email/errorTable';
import { EMAIL } from '../../nodes/EngageLab/products/email/email.product';
import { EMAIL_API_KEY, EMAIL_API_USER, emailEmulator, type EmailState } from '../support/emulator/email/emailEmulator';
import { dayCounters } from '../support/emulator/email/statistics';
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

const stats = (extra: Record<string, unknown> = {}) => ({ operation: 'getStatistics', startDate: '2026-12-01', endDate: '2026-12-03', ...extra });
const counters = (day: string) => Object.fromEntries(Object.entries(dayCounters(day)).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));

describe('Email → Get Statistics', () => {
	it('one call per day (aggregate_by=1, start = end), one item per day with its date, paced at 1 a second', async () => {
		const result = await fx.run(stats());

		expect(fx.emulator.received.map((r) => r.path)).toEqual(
			['2026-12-01', '2026-12-02', '2026-12-03'].map((d) => `/v1/stats_day?start_date=${d}&end_date=${d}&aggregate_by=1`),
		);
		expect(result.items).toEqual(
			['2026-12-01', '2026-12-02', '2026-12-03'].map((date) => ({ json: { date, ...counters(date) }, pairedItem: { item: 0 } })),
		);
		// The node waited for its pace before the second and the third call (the virtual clock's waits; the
		// emulator stamps a request when its body has arrived, a few virtual ms after it was sent).
		expect(fx.waits.filter((w) => w > 900 && w <= 1000)).toHaveLength(2);
	});

	it('the pace holds across items too', async () => {
		await fx.run(stats({ startDate: '={{ $json.d }}', endDate: '={{ $json.d }}' }), [{ d: '2026-12-01' }, { d: '2026-12-02' }]);
		// Two items in flight at once: the second waited for the pace (the virtual clock's waits).
		expect(fx.emulator.received).toHaveLength(2);
		expect(fx.waits.filter((w) => w >= 990 && w <= 1000)).toHaveLength(1);
	});

	it('Aggregate Range: one call for the whole range, one item; filters joined with ";"', async () => {
		const result = await fx.run(stats({ aggregate: true, filters: { apiUsers: 'news, batch', timeZone: '+8' } }));

		expect(fx.emulator.received.map((r) => r.path)).toEqual([
			'/v1/stats_day?start_date=2026-12-01&end_date=2026-12-03&aggregate_by=1&time_zone=%2B8&api_users=news;batch',
		]);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ start_date: '2026-12-01', end_date: '2026-12-03', targets: 600, delivered: 594 });
	});

	it.each([
		['91 days', stats({ startDate: '2026-01-01', endDate: '2026-04-02' }), /91 days long.*Split the range/],
		['an end before the start', stats({ startDate: '2026-12-03', endDate: '2026-12-01' }), /is before Start Date/],
		['a bad time zone', stats({ filters: { timeZone: 'Asia/Singapore' } }), /not a UTC offset/],
	])('refuses %s before sending', async (_what, params, message) => {
		const result = await fx.run(params, [{}], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(0);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(JSON.stringify(result.items[0].json.error)).toMatch(message);
	});

	it('a transient failure and a 429 are retried; the 429 pauses (Retry-After) before the retry', async () => {
		fx.emulator.faultPath('/v1/stats_day', 'http500', { kind: 'http429', retryAfter: '7' });
		const result = await fx.run(stats({ endDate: '2026-12-01', options: { maxAttempts: 3 } }));

		expect(result.status).toBe('success');
		expect(result.items).toHaveLength(1);
		expect(fx.emulator.received.map((r) => r.status)).toEqual([500, 429, 200]);
		expect(fx.waits.some((w) => w >= 7000)).toBe(true);
	});

	it('an answer without statistics is an error for the item', async () => {
		fx.emulator.script({ status: 200, body: '{"result":null}' });
		const result = await fx.run(stats({ endDate: '2026-12-01' }), [{}], { continueOnFail: true });
		expect(JSON.stringify(result.items[0].json.error)).toContain('without statistics');
	});

	describe.each(['httpStatus', 'http200'] as const)('every documented code, %s', (style) => {
		it.each(Object.entries(EMAIL_ERROR_CODES).map(([c, info]) => [Number(c), info] as const))('code %i', async (code, info) => {
			fx.emulator.errorStyle = style;
			const result = await fx.run(stats({ endDate: '2026-12-01', filters: { apiUsers: `emulator-force-${code}` } }));

			const error = result.error as NodeApiError;
			expect(error.message).toBe(`EngageLab Email error ${code}: ${info.meaning}`);
			expect(error.description).toContain(info.check);
		});
	});
});
