/**
 * Email → Get Unsubscribes and Get Complaints against the Email emulator through n8n-core's real
 * request helpers: the query EngageLab receives, paging (Return All reads every page once, Limit
 * stops early, a record shifting between pages is output once), one output item per record with
 * pairedItem, refused input, every documented code in both HTTP styles, faults retried, an answer
 * without a list, and Stop between pages.
 */
import type { NodeApiError } from 'n8n-workflow';

import { EMAIL_ERROR_CODES } from '../../nodes/EngageLab/products/email/errorTable';
import { EMAIL } from '../../nodes/EngageLab/products/email/email.product';
import { realTiming } from '../../nodes/EngageLab/transport/clock';
import { EMAIL_API_KEY, EMAIL_API_USER, emailEmulator, type EmailState } from '../support/emulator/email/emailEmulator';
import { someUnsubscribes } from '../support/emulator/email/suppressionLists';
import { MessagingFixture } from '../support/inProcess/productFixture';

const fx = new MessagingFixture<EmailState>(EMAIL, (o) => emailEmulator(o), EMAIL_API_USER, EMAIL_API_KEY);
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => {
	fx.reset();
	fx.emulator.errorStyle = 'httpStatus';
});

const unsubscribes = (extra: Record<string, unknown> = {}) => ({
	operation: 'getUnsubscribes',
	startDate: '2026-12-01T00:00:00',
	endDate: '2026-12-07T00:00:00',
	...extra,
});
const paths = () => fx.emulator.received.map((r) => r.path);
const emails = (items: Array<{ json: { email?: unknown } }>) => items.map((i) => i.json.email);

describe('Email → Get Unsubscribes', () => {
	it('sends the days and API_USER, outputs one item per record with its reason named, paired with the input', async () => {
		fx.emulator.state.unsubscribes = someUnsubscribes(4);
		const result = await fx.run(unsubscribes({ apiUser: 'acme_news', returnAll: true }));

		expect(paths()).toEqual(['/v1/unsubscribes?start_date=2026-12-01&end_date=2026-12-07&api_user=acme_news&offset=0&limit=100']);
		expect(fx.emulator.received[0].authorization).toBe(`Basic ${Buffer.from(`${EMAIL_API_USER}:${EMAIL_API_KEY}`).toString('base64')}`);
		expect(result.items).toEqual([
			{ json: { ...fx.emulator.state.unsubscribes[0], type_name: 'no_longer_wanted' }, pairedItem: { item: 0 } },
			{ json: { ...fx.emulator.state.unsubscribes[2], type_name: 'spam' }, pairedItem: { item: 0 } },
		]);
	});

	it('Return All reads 250 records in 3 pages, each page once, none lost or twice', async () => {
		fx.emulator.state.unsubscribes = someUnsubscribes(250);
		const result = await fx.run(unsubscribes({ returnAll: true }));

		expect(paths().map((p) => /offset=\d+&limit=\d+/.exec(p)?.[0])).toEqual(['offset=0&limit=100', 'offset=100&limit=100', 'offset=200&limit=100']);
		expect(emails(result.items)).toEqual(fx.emulator.state.unsubscribes.map((u) => u.email));
	});

	it('a page that is exactly full ends on total, without an extra empty page', async () => {
		fx.emulator.state.unsubscribes = someUnsubscribes(200);
		const result = await fx.run(unsubscribes({ returnAll: true }));

		expect(fx.emulator.received).toHaveLength(2);
		expect(result.items).toHaveLength(200);
	});

	it('Limit 30 asks for 30; Limit 150 pages at 100 and stops at 150', async () => {
		fx.emulator.state.unsubscribes = someUnsubscribes(250);
		const small = await fx.run(unsubscribes({ limit: 30 }));
		expect(paths()).toEqual(['/v1/unsubscribes?start_date=2026-12-01&end_date=2026-12-07&offset=0&limit=30']);
		expect(small.items).toHaveLength(30);

		fx.emulator.received.length = 0;
		const big = await fx.run(unsubscribes({ limit: 150 }));
		expect(paths().map((p) => /offset=\d+&limit=\d+/.exec(p)?.[0])).toEqual(['offset=0&limit=100', 'offset=100&limit=100']);
		expect(emails(big.items)).toEqual(fx.emulator.state.unsubscribes.slice(0, 150).map((u) => u.email));
	});

	it('a record added at the front while paging shifts page 2 by one: the repeated record is output once, none is lost', async () => {
		fx.emulator.state.unsubscribes = someUnsubscribes(150);
		const newcomer = { ...someUnsubscribes(1)[0], email: 'late@example.com' };
		// The second page's request arrives after the list grew at the front.
		const original = fx.emulator.state.unsubscribes;
		let pages = 0;
		const handle = fx.emulator.spec.routes.find((r) => r.pattern.test('/v1/unsubscribes'))!;
		const realHandle = handle.handle;
		handle.handle = (ctx) => {
			if (++pages === 2) ctx.state.unsubscribes = [newcomer, ...original];
			return realHandle(ctx);
		};
		try {
			const result = await fx.run(unsubscribes({ returnAll: true }));
			expect(emails(result.items)).toEqual(original.map((u) => u.email));
			expect(fx.emulator.received).toHaveLength(2);
		} finally {
			handle.handle = realHandle;
		}
	});

	it('by one address: only email is sent (EngageLab ignores dates then); not on the list → no output item', async () => {
		fx.emulator.state.unsubscribes = someUnsubscribes(3);
		const found = await fx.run({ operation: 'getUnsubscribes', searchBy: 'email', email: 'User1@example.com' });
		expect(paths()).toEqual(['/v1/unsubscribes?email=User1%40example.com&offset=0&limit=50']);
		expect(emails(found.items)).toEqual(['user1@example.com']);

		const missing = await fx.run({ operation: 'getUnsubscribes', searchBy: 'email', email: 'nobody@example.com' });
		expect(missing.status).toBe('success');
		expect(missing.items).toEqual([]);
	});

	it('two input items: each gets its own records, paired with it', async () => {
		fx.emulator.state.unsubscribes = someUnsubscribes(3);
		const result = await fx.run({ operation: 'getUnsubscribes', searchBy: 'email', email: '={{ $json.e }}' }, [{ e: 'user0@example.com' }, { e: 'user2@example.com' }]);

		expect(result.items.map((i) => [i.json.email, i.pairedItem])).toEqual([
			['user0@example.com', { item: 0 }],
			['user2@example.com', { item: 1 }],
		]);
	});

	it.each([
		['an end before the start', unsubscribes({ startDate: '2026-12-07', endDate: '2026-12-01' }), /End Date 2026-12-01 is before Start Date/],
		['91 days', unsubscribes({ startDate: '2026-01-01', endDate: '2026-04-02' }), /91 days long.*Split the range/],
		['an empty start date from an expression', unsubscribes({ startDate: '={{ "" }}' }), /Start Date is empty/],
		['a date that does not exist', unsubscribes({ endDate: '2026-02-30' }), /not a real date/],
		['a bad address', { operation: 'getUnsubscribes', searchBy: 'email', email: 'ada@' }, /not a valid email address/],
		['Limit 0', unsubscribes({ limit: 0 }), /Limit 0 is not a whole number/],
	])('refuses %s before sending, with the item index (continue on fail)', async (_what, params, message) => {
		const result = await fx.run(params, [{}], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(0);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(JSON.stringify(result.items[0].json.error)).toMatch(message);
	});

	it('90 days is let through (and EngageLab, 92 days here, accepts it)', async () => {
		const result = await fx.run(unsubscribes({ startDate: '2026-01-01', endDate: '2026-04-01' }));
		expect(result.status).toBe('success');
		expect(fx.emulator.received).toHaveLength(1);
	});

	it('retries a transient failure of page 2 (a read is safe to repeat) and still outputs every record once', async () => {
		fx.emulator.state.unsubscribes = someUnsubscribes(150);
		const page2 = 'GET /v1/unsubscribes?start_date=2026-12-01&end_date=2026-12-07&offset=100&limit=100 ';
		fx.emulator.faultRecipient(page2, 'reset', 'http500', 'truncate');
		const result = await fx.run(unsubscribes({ returnAll: true, options: { maxAttempts: 4 } }));

		expect(result.status).toBe('success');
		expect(new Set(emails(result.items)).size).toBe(150);
		expect(fx.emulator.received.filter((r) => r.path === page2.slice(4, -1))).toHaveLength(4);
	});

	it('a 2xx without a list is an error for the item, not an empty list', async () => {
		fx.emulator.script({ status: 200, body: '{"ok":true}' });
		const result = await fx.run(unsubscribes({ returnAll: true }), [{}], { continueOnFail: true });

		expect(JSON.stringify(result.items[0].json.error)).toContain('without a list of records');
	});

	it('a server that ignores offset is stopped with "the same page again", not read forever', async () => {
		fx.emulator.state.unsubscribes = someUnsubscribes(150);
		const handle = fx.emulator.spec.routes.find((r) => r.pattern.test('/v1/unsubscribes'))!;
		const realHandle = handle.handle;
		handle.handle = (ctx) => {
			ctx.query.set('offset', '0');
			return realHandle(ctx);
		};
		try {
			const result = await fx.run(unsubscribes({ returnAll: true }), [{}], { continueOnFail: true });
			expect(JSON.stringify(result.items[0].json.error)).toContain('EngageLab returned the same page again');
			expect(fx.emulator.received).toHaveLength(2);
		} finally {
			handle.handle = realHandle;
		}
	});
});

describe('Email → Get Complaints', () => {
	it('sends no api_user (not a documented filter), outputs the complaint records, pages by offset', async () => {
		fx.emulator.state.complaints = someUnsubscribes(120).map((u) => ({
			email: u.email,
			reason: 'from softbounce',
			complaint_time: u.unsubscribe_time.replace('+08:00', '+0800'),
			expire_time: u.expire_time,
		}));
		const result = await fx.run({ operation: 'getComplaints', startDate: '2026-12-01', endDate: '2026-12-03', returnAll: true });

		expect(paths()).toEqual([
			'/v1/complaints?start_date=2026-12-01&end_date=2026-12-03&offset=0&limit=100',
			'/v1/complaints?start_date=2026-12-01&end_date=2026-12-03&offset=100&limit=100',
		]);
		expect(result.items).toHaveLength(120);
		expect(result.items[0]).toEqual({ json: fx.emulator.state.complaints[0], pairedItem: { item: 0 } });
	});
});

describe('Email reads: every documented code, in both HTTP styles', () => {
	const codes = Object.entries(EMAIL_ERROR_CODES).map(([code, info]) => [Number(code), info] as const);
	describe.each(['httpStatus', 'http200'] as const)('%s', (style) => {
		it.each(codes)('code %i', async (code, info) => {
			fx.emulator.errorStyle = style;
			const result = await fx.run(unsubscribes({ apiUser: `emulator-force-${code}` }));

			const error = result.error as NodeApiError;
			expect(error.message).toBe(`EngageLab Email error ${code}: ${info.meaning}`);
			expect(error.description).toContain(info.check);
			expect(fx.emulator.received).toHaveLength(1);
		});
	});
});

describe('Email reads: Stop', () => {
	const live = new MessagingFixture<EmailState>(EMAIL, (o) => emailEmulator(o), EMAIL_API_USER, EMAIL_API_KEY, realTiming);
	beforeAll(async () => void (await live.start()));
	afterAll(async () => await live.stop());

	it('Stop while page 2 is in flight: the run is canceled and page 3 is never asked for', async () => {
		live.emulator.state.unsubscribes = someUnsubscribes(250);
		live.emulator.faultRecipient('GET /v1/unsubscribes?start_date=2026-12-01&end_date=2026-12-07&offset=100&limit=100 ', 'hang');
		let stop = () => {};
		let ended = false;
		const running = live.run(unsubscribes({ returnAll: true }), [{}], { onStarted: (cancel) => (stop = cancel) }).finally(() => (ended = true));
		while (live.emulator.received.length < 2 && !ended) await new Promise((r) => setTimeout(r, 5));
		expect(ended).toBe(false);
		stop();
		const result = await running;
		await new Promise((r) => setTimeout(r, 500));

		expect(result.status).toBe('canceled');
		expect(live.emulator.received).toHaveLength(2);
	});
});
