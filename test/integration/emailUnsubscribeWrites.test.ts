/**
 * Email → Add Unsubscribes and Remove Unsubscribes against the Email emulator through n8n-core's
 * real request helpers: the request EngageLab receives, batches of 100, one output item per
 * address with pairedItem, refused input (nothing sent), set semantics (a repeat changes
 * nothing), transient failures retried (both are idempotent), codes in both HTTP styles, and
 * continue on fail.
 */
import type { NodeApiError } from 'n8n-workflow';

import { EMAIL_ERROR_CODES } from '../../nodes/EngageLab/products/email/errorTable';
import { EMAIL } from '../../nodes/EngageLab/products/email/email.product';
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

const add = (emails: string | string[], extra: Record<string, unknown> = {}) => ({ operation: 'addUnsubscribes', emails, ...extra });
const remove = (emails: string | string[], extra: Record<string, unknown> = {}) => ({ operation: 'removeUnsubscribes', emails, ...extra });
const listed = () => fx.emulator.state.unsubscribes.map((u) => u.email);
const many = (n: number) => Array.from({ length: n }, (_, i) => `p${i}@example.com`);

describe('Email → Add Unsubscribes', () => {
	it('sends POST /v1/unsubscribes {"email":"a;b"} once (a repeat in another case left out), one item per address, paired with the input', async () => {
		const result = await fx.run(add('Ada@Example.com, bob@example.com;\nada@example.com'));

		expect(fx.emulator.received.map((r) => [r.method, r.path])).toEqual([['POST', '/v1/unsubscribes']]);
		expect(fx.emulator.state.unsubscribeWrites).toEqual([{ kind: 'add', form: 'emailString', emails: ['Ada@Example.com', 'bob@example.com'], api_user: undefined }]);
		expect(result.items).toEqual([
			{ json: { email: 'Ada@Example.com', unsubscribed: true }, pairedItem: { item: 0 } },
			{ json: { email: 'bob@example.com', unsubscribed: true }, pairedItem: { item: 0 } },
		]);
		expect(listed()).toEqual(['Ada@Example.com', 'bob@example.com']);
	});

	it('sends API User when set, and takes an array from an expression', async () => {
		await fx.run(add('={{ $json.list }}', { apiUser: 'acme_news' }), [{ list: ['a@example.com', 'b@example.com'] }]);

		expect(fx.emulator.state.unsubscribeWrites).toEqual([{ kind: 'add', form: 'emailString', emails: ['a@example.com', 'b@example.com'], api_user: 'acme_news' }]);
		expect(fx.emulator.state.unsubscribes.map((u) => u.api_user)).toEqual(['acme_news', 'acme_news']);
	});

	it('250 addresses go in 3 calls of 100, 100 and 50, in order; 250 output items', async () => {
		const result = await fx.run(add(many(250).join(',')));

		expect(fx.emulator.state.unsubscribeWrites.map((w) => w.emails.length)).toEqual([100, 100, 50]);
		expect(result.items.map((i) => i.json.email)).toEqual(many(250));
		expect(listed()).toEqual(many(250));
	});

	it('adding an address already on the list changes nothing (set semantics): safe to run twice', async () => {
		await fx.run(add('ada@example.com'));
		const again = await fx.run(add('ada@example.com'));

		expect(again.status).toBe('success');
		expect(listed()).toEqual(['ada@example.com']);
	});

	it('retries a transient failure (idempotent) and adds each address once', async () => {
		fx.emulator.faultRecipient('POST /v1/unsubscribes {"email":"ada@example.com"}', 'reset', 'http500', 'lost');
		const result = await fx.run(add('ada@example.com', { options: { maxAttempts: 4 } }));

		expect(result.status).toBe('success');
		expect(fx.emulator.received).toHaveLength(4);
		expect(listed()).toEqual(['ada@example.com']);
	});

	it.each([
		['no address (an empty expression)', '={{ "" }}', /No Emails address given/],
		['a bad address', 'ada@, bob@example.com', /not a valid email address/],
		['a name with the address', 'Ada <ada@example.com>', /must be a bare email address/],
		['1001 addresses', many(1001).join(','), /1001 Emails addresses given; at most 1000/],
	])('refuses %s before sending, with the item index (continue on fail)', async (_what, emails, message) => {
		const result = await fx.run(add(emails), [{}], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(0);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(JSON.stringify(result.items[0].json.error)).toMatch(message);
	});

	it('continue on fail: a refused item keeps its place, the next item is still sent', async () => {
		const result = await fx.run(add('={{ $json.e }}'), [{ e: 'bad' }, { e: 'ok@example.com' }], { continueOnFail: true });

		expect(result.items.map((i) => [i.pairedItem, i.json.email ?? 'error'])).toEqual([
			[{ item: 0 }, 'error'],
			[{ item: 1 }, 'ok@example.com'],
		]);
		expect(listed()).toEqual(['ok@example.com']);
	});
});

describe('Email → Remove Unsubscribes', () => {
	it('sends DELETE /v1/unsubscribes?email=a;b (no body), outputs one item per address, the rest of the list stays', async () => {
		fx.emulator.state.unsubscribes = someUnsubscribes(3);
		const result = await fx.run(remove('user0@example.com; user2@example.com'));

		expect(fx.emulator.received.map((r) => [r.method, r.path])).toEqual([['DELETE', '/v1/unsubscribes?email=user0%40example.com;user2%40example.com']]);
		expect(fx.emulator.state.unsubscribeWrites).toEqual([{ kind: 'remove', form: 'query', emails: ['user0@example.com', 'user2@example.com'] }]);
		expect(result.items).toEqual([
			{ json: { email: 'user0@example.com', unsubscribed: false }, pairedItem: { item: 0 } },
			{ json: { email: 'user2@example.com', unsubscribed: false }, pairedItem: { item: 0 } },
		]);
		expect(listed()).toEqual(['user1@example.com']);
	});

	it('150 addresses go in 2 calls; removing addresses not on the list succeeds (set semantics)', async () => {
		const result = await fx.run(remove(many(150)));

		expect(fx.emulator.state.unsubscribeWrites.map((w) => w.emails.length)).toEqual([100, 50]);
		expect(result.items).toHaveLength(150);
	});

	it('retries a transient failure (idempotent)', async () => {
		fx.emulator.state.unsubscribes = someUnsubscribes(1);
		fx.emulator.faultRecipient('DELETE /v1/unsubscribes?email=user0%40example.com ', 'http502', 'truncate');
		const result = await fx.run(remove('user0@example.com', { options: { maxAttempts: 3 } }));

		expect(result.status).toBe('success');
		expect(fx.emulator.received).toHaveLength(3);
		expect(listed()).toEqual([]);
	});

	it.each(['httpStatus', 'http200'] as const)('an EngageLab code (%s) fails the item with its meaning; continue on fail keeps it', async (style) => {
		fx.emulator.errorStyle = style;
		fx.emulator.script(fx.emulator.error(30202));
		const result = await fx.run(remove('user0@example.com'), [{}], { continueOnFail: true });

		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(JSON.stringify(result.items[0].json.error)).toContain('30202');
	});
});

describe('Email unsubscribe writes: every documented code, in both HTTP styles', () => {
	const codes = Object.entries(EMAIL_ERROR_CODES).map(([code, info]) => [Number(code), info] as const);
	describe.each(['httpStatus', 'http200'] as const)('%s', (style) => {
		it.each(codes)('code %i', async (code, info) => {
			fx.emulator.errorStyle = style;
			const result = await fx.run(add('ada@example.com', { apiUser: `emulator-force-${code}` }));

			const error = result.error as NodeApiError;
			expect(error.message).toBe(`EngageLab Email error ${code}: ${info.meaning}`);
			expect(error.description).toContain(info.check);
			expect(fx.emulator.state.unsubscribes).toEqual([]);
		});
	});
});
