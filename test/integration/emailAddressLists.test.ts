/**
 * Email → Create Address List, Get Many Address Lists, Delete Address List, Get / Add / Remove
 * Address List Members against the Email emulator through n8n-core's real request helpers: what
 * EngageLab receives, the output (string IDs, exact past 2^53), paging, the list picked by ID or
 * by address, refused input (nothing sent), an ambiguous create recovered from the list (or not),
 * n8n's Retry On Fail creating once, a delete whose repeat finds the list gone, member writes
 * retried (idempotent), every documented code in both HTTP styles, the rate limit, the picker,
 * continue on fail and Stop.
 */
import type { NodeApiError } from 'n8n-workflow';

import { listSearch } from '../../nodes/EngageLab/methods/listSearch';
import { EMAIL_ERROR_CODES } from '../../nodes/EngageLab/products/email/errorTable';
import { EMAIL } from '../../nodes/EngageLab/products/email/email.product';
import { realTiming } from '../../nodes/EngageLab/transport/clock';
import { someAddressLists, someMembers } from '../support/emulator/email/addressLists';
import { EMAIL_API_KEY, EMAIL_API_USER, emailEmulator, type EmailState } from '../support/emulator/email/emailEmulator';
import { MessagingFixture } from '../support/inProcess/productFixture';

const fx = new MessagingFixture<EmailState>(EMAIL, (o) => emailEmulator(o), EMAIL_API_USER, EMAIL_API_KEY);
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());
beforeEach(() => {
	fx.reset();
	fx.emulator.errorStyle = 'httpStatus';
});

const LIST = 'news@maillist.email.engagelab.com';
const create = (extra: Record<string, unknown> = {}) => ({ operation: 'createAddressList', address: LIST, name: 'News', ...extra });
const byId = (id: string | number) => ({ __rl: true, mode: 'id', value: String(id) });
const byAddress = (address: string) => ({ __rl: true, mode: 'address', value: address });
const calls = () => fx.emulator.received.map((r) => `${r.method} ${r.path}`);
const errorOf = (item: { json: Record<string, unknown> }) => JSON.stringify(item.json.error);
const seedLists = (n: number, firstId?: bigint) => (fx.emulator.state.addressLists = someAddressLists(n, firstId));

describe('Email → Create Address List', () => {
	it('sends POST /v1/address_lists {address, name, desc}; outputs the list, its ID a string', async () => {
		const result = await fx.run(create({ listDescription: 'Weekly news' }));

		expect(calls()).toEqual(['POST /v1/address_lists']);
		expect(JSON.parse(fx.emulator.received[0].rawBody)).toEqual({ address: LIST, name: 'News', desc: 'Weekly news' });
		expect(result.items).toEqual([
			{
				json: { address_list_id: '2112423', address: LIST, name: 'News', member_count: 0, description: 'Weekly news', create_time: expect.any(String), update_time: expect.any(String) },
				pairedItem: { item: 0 },
			},
		]);
	});

	it('leaves desc out when no description is given', async () => {
		await fx.run(create());
		expect(JSON.parse(fx.emulator.received[0].rawBody)).toEqual({ address: LIST, name: 'News' });
	});

	it('reads the created list bare or under result, filling what the answer leaves out from what was sent', async () => {
		fx.emulator.script({ status: 200, body: '{"result":{"address_list_id":9007199254740993}}' });
		const result = await fx.run(create({ listDescription: 'x' }));

		expect(result.items[0].json).toEqual({ address_list_id: '9007199254740993', address: LIST, name: 'News', description: 'x' });
	});

	it.each([
		['an address without @domain', { address: 'news' }, /has no @domain/],
		['a bad address', { address: 'news@' }, /not a valid email address/],
		['an address with a name', { address: `News <${LIST}>` }, /must be a bare email address/],
		['no name', { name: '  ' }, /No name given/],
		['a name on two lines', { name: 'a\nb' }, /control character/],
	])('refuses %s before sending, with the item index', async (_what, extra, message) => {
		const result = await fx.run(create(extra), [{}], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(0);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(errorOf(result.items[0])).toMatch(message);
	});

	it('continue on fail: a refused item keeps its place, the others are created', async () => {
		const result = await fx.run(create({ address: '={{ $json.a }}' }), [{ a: 'a@maillist.email.engagelab.com' }, { a: 'bad' }, { a: 'c@maillist.email.engagelab.com' }], {
			continueOnFail: true,
		});

		expect(result.items.map((i) => [i.pairedItem, i.json.address ?? 'error'])).toEqual([
			[{ item: 0 }, 'a@maillist.email.engagelab.com'],
			[{ item: 1 }, 'error'],
			[{ item: 2 }, 'c@maillist.email.engagelab.com'],
		]);
		expect(fx.emulator.state.addressLists).toHaveLength(2);
	});

	it('an answer lost after EngageLab created it: the node looks the address up and outputs the list as recovered, created once', async () => {
		fx.emulator.faultPath('/v1/address_lists', 'lost');
		const result = await fx.run(create());

		expect(result.status).toBe('success');
		expect(calls()).toEqual(['POST /v1/address_lists', `GET /v1/address_lists?address=${encodeURIComponent(LIST)}&offset=0&limit=100`]);
		expect(fx.emulator.state.addressLists).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ address_list_id: '2112423', address: LIST, name: 'News', recovered: true });
	});

	it('a reset before EngageLab applied it: not sent again, the item fails "may or may not have been created"', async () => {
		fx.emulator.faultPath('/v1/address_lists', 'reset');
		const result = await fx.run(create(), [{}], { continueOnFail: true, retryOnFail: false });

		expect(calls().filter((c) => c.startsWith('POST'))).toHaveLength(1);
		expect(fx.emulator.state.addressLists).toHaveLength(0);
		expect(errorOf(result.items[0])).toContain('may or may not have been created');
		expect(errorOf(result.items[0])).toContain('No list has this address yet');
	});

	it('a list with the address but another name is not taken for this one', async () => {
		seedLists(1);
		fx.emulator.state.addressLists[0].address = LIST;
		fx.emulator.faultPath('/v1/address_lists', 'reset');
		const result = await fx.run(create(), [{}], { continueOnFail: true });

		expect(errorOf(result.items[0])).toContain('another name');
	});

	it('an answer without a list while looking it up is not read as "not created"', async () => {
		fx.emulator.faultPath('/v1/address_lists', 'lost');
		const handle = fx.emulator.spec.routes.find((r) => r.method === 'GET' && r.pattern.test('/v1/address_lists'))!;
		const realHandle = handle.handle;
		handle.handle = () => ({ ok: { ok: true } });
		try {
			const result = await fx.run(create(), [{}], { continueOnFail: true });
			expect(errorOf(result.items[0])).toContain('may or may not have been created');
			expect(errorOf(result.items[0])).toContain('without a list of records');
			expect(fx.emulator.state.addressLists).toHaveLength(1);
		} finally {
			handle.handle = realHandle;
		}
	});

	it('a 2xx without an address_list_id: the node looks the address up (it was probably created)', async () => {
		fx.emulator.script({ status: 200, body: '{}' });
		const result = await fx.run(create(), [{}], { continueOnFail: true });

		expect(calls()).toEqual(['POST /v1/address_lists', `GET /v1/address_lists?address=${encodeURIComponent(LIST)}&offset=0&limit=100`]);
		expect(errorOf(result.items[0])).toContain('EngageLab answered the create without an address_list_id. No list has this address yet.');
	});

	it('an HTTP 500 on create is not repeated; a 500 while looking it up is (a read)', async () => {
		fx.emulator.faultPath('/v1/address_lists', 'lost', 'http500');
		const result = await fx.run(create());

		expect(result.status).toBe('success');
		expect(calls().map((c) => c.split('?')[0])).toEqual(['POST /v1/address_lists', 'GET /v1/address_lists', 'GET /v1/address_lists']);
		expect(result.items[0].json.recovered).toBe(true);
	});

	it('a 429 was not applied: created once after the pause', async () => {
		fx.emulator.faultPath('/v1/address_lists', 'http429');
		const result = await fx.run(create());

		expect(result.status).toBe('success');
		expect(calls()).toEqual(['POST /v1/address_lists', 'POST /v1/address_lists']);
		expect(fx.emulator.state.addressLists).toHaveLength(1);
	});

	it('an address already in use is EngageLab\'s error, not a recovery', async () => {
		await fx.run(create());
		const again = await fx.run(create({ name: 'Other' }), [{}], { continueOnFail: true });

		expect(errorOf(again.items[0])).toContain('30202');
		expect(fx.emulator.state.addressLists).toHaveLength(1);
	});

	it('n8n Retry On Fail re-runs the node: the list created on the first try is not created again', async () => {
		// Item 1 is refused (no domain) and thrown, so n8n re-runs the node with item 0 again.
		const result = await fx.run(create({ address: '={{ $json.a }}' }), [{ a: LIST }, { a: 'bad' }], { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 });

		expect(result.status).toBe('error');
		expect(calls()).toEqual(['POST /v1/address_lists']);
		expect(fx.emulator.state.addressLists).toHaveLength(1);
	});

	it('n8n Retry On Fail after a lost answer: no second POST', async () => {
		fx.emulator.faultPath('/v1/address_lists', 'lost');
		const result = await fx.run(create({ address: '={{ $json.a }}' }), [{ a: LIST }, { a: 'bad' }], { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 });

		expect(result.status).toBe('error');
		expect(calls().filter((c) => c.startsWith('POST'))).toHaveLength(1);
		expect(fx.emulator.state.addressLists).toHaveLength(1);
	});
});

describe('Email → Get Many Address Lists', () => {
	it('Return All reads 250 lists in 3 pages; IDs past 2^53 are exact strings, the description as `description`', async () => {
		seedLists(250, 9_007_199_254_740_993n);
		const result = await fx.run({ operation: 'getAddressLists', returnAll: true });

		expect(calls()).toEqual(['/v1/address_lists?offset=0&limit=100', '/v1/address_lists?offset=100&limit=100', '/v1/address_lists?offset=200&limit=100'].map((p) => `GET ${p}`));
		expect(result.items).toHaveLength(250);
		expect(result.items[0]).toEqual({
			json: {
				address_list_id: '9007199254740993',
				address: 'list0@maillist.email.engagelab.com',
				name: 'list-0',
				member_count: 0,
				description: 'desc 0',
				create_time: '2022-11-12T16:46:12+0800',
				update_time: '2022-11-12T16:50:01+0800',
			},
			pairedItem: { item: 0 },
		});
		expect(result.items[249].json.address_list_id).toBe('9007199254741242');
	});

	it.each(['Description', 'desc'] as const)('reads the description spelled %s', async (field) => {
		seedLists(1);
		fx.emulator.state.descriptionField = field;
		const result = await fx.run({ operation: 'getAddressLists', returnAll: true });

		expect(result.items[0].json).toMatchObject({ description: 'desc 0' });
		expect(result.items[0].json).not.toHaveProperty(field);
	});

	it('sends the name and address filters; Limit 5 asks for 5', async () => {
		seedLists(30);
		const result = await fx.run({ operation: 'getAddressLists', limit: 5, filters: { name: 'list-1', address: ' list12@maillist.email.engagelab.com ' } });

		expect(calls()).toEqual([`GET /v1/address_lists?name=list-1&address=${encodeURIComponent('list12@maillist.email.engagelab.com')}&offset=0&limit=5`]);
		expect(result.items.map((i) => i.json.name)).toEqual(['list-12']);
	});

	it('no lists: one request, no items', async () => {
		const result = await fx.run({ operation: 'getAddressLists', returnAll: true });
		expect(result.status).toBe('success');
		expect(result.items).toEqual([]);
	});

	it('a transient failure of a page is repeated (a read); a list seen twice across pages is output once', async () => {
		seedLists(150);
		fx.emulator.faultPath('/v1/address_lists', 'http502');
		const handle = fx.emulator.spec.routes.find((r) => r.method === 'GET' && r.pattern.test('/v1/address_lists'))!;
		const realHandle = handle.handle;
		// The second page starts one list early, as after a list inserted at the front.
		handle.handle = (ctx) => {
			if (ctx.query.get('offset') === '100') ctx.query.set('offset', '99');
			return realHandle(ctx);
		};
		try {
			const result = await fx.run({ operation: 'getAddressLists', returnAll: true });
			expect(result.status).toBe('success');
			expect(fx.emulator.received).toHaveLength(3);
			expect(result.items.map((i) => i.json.name)).toEqual(fx.emulator.state.addressLists.map((l) => l.name));
		} finally {
			handle.handle = realHandle;
		}
	});

	it('the account rate limit (HTTP 429, Retry-After): waited out on the virtual clock, then read', async () => {
		seedLists(3);
		fx.emulator.rateLimit = 1;
		fx.emulator.rateLimitStartTokens = 0;
		const result = await fx.run({ operation: 'getAddressLists', returnAll: true });

		expect(result.status).toBe('success');
		expect(fx.emulator.rateLimited).toBe(1);
		expect(fx.emulator.received.map((r) => r.status)).toEqual([429, 200]);
		expect(fx.waits).toContain(1000);
		expect(result.items).toHaveLength(3);
	});
});

describe('Email → Delete Address List', () => {
	it('By ID: DELETE /v1/address_lists/{id}, the list is gone', async () => {
		seedLists(2);
		const result = await fx.run({ operation: 'deleteAddressList', addressList: byId(65500) });

		expect(calls()).toEqual(['DELETE /v1/address_lists/65500']);
		expect(result.items).toEqual([{ json: { address_list_id: '65500', deleted: true }, pairedItem: { item: 0 } }]);
		expect(fx.emulator.state.addressLists.map((l) => l.name)).toEqual(['list-0']);
	});

	it('From List gives the ID as By ID does; an ID past 2^53 is sent exactly', async () => {
		seedLists(1, 9_007_199_254_740_993n);
		await fx.run({ operation: 'deleteAddressList', addressList: { __rl: true, mode: 'list', value: '9007199254740993' } });

		expect(calls()).toEqual(['DELETE /v1/address_lists/9007199254740993']);
		expect(fx.emulator.state.addressLists).toEqual([]);
	});

	it('By Address: looks the list up by its exact address first, then deletes it by ID', async () => {
		seedLists(3);
		const result = await fx.run({ operation: 'deleteAddressList', addressList: byAddress('list2@maillist.email.engagelab.com') });

		expect(calls()).toEqual([`GET /v1/address_lists?address=${encodeURIComponent('list2@maillist.email.engagelab.com')}&offset=0&limit=100`, 'DELETE /v1/address_lists/65501']);
		expect(result.items[0].json).toEqual({ address_list_id: '65501', deleted: true });
	});

	it('an answer lost after EngageLab deleted it: the repeat finds it gone, which reads as done', async () => {
		seedLists(1);
		fx.emulator.faultPath('/v1/address_lists/65499', 'lost');
		const result = await fx.run({ operation: 'deleteAddressList', addressList: byId(65499) });

		expect(result.status).toBe('success');
		expect(fx.emulator.received.map((r) => r.status)).toEqual([0, 404]);
		expect(result.items[0].json).toMatchObject({ address_list_id: '65499', deleted: true, note: expect.stringContaining('the first attempt deleted it') });
	});

	it('an unknown ID (404 on the first attempt) fails the item; an unknown address fails before any delete', async () => {
		const result = await fx.run({ operation: 'deleteAddressList', addressList: '={{ $json.list }}' }, [{ list: byId(1) }, { list: byAddress('none@maillist.email.engagelab.com') }], {
			continueOnFail: true,
		});

		expect(errorOf(result.items[0])).toContain('EngageLab has no address list with ID 1');
		expect(errorOf(result.items[1])).toContain('No address list has the address none@maillist.email.engagelab.com');
		expect(calls().filter((c) => c.startsWith('DELETE'))).toEqual(['DELETE /v1/address_lists/1']);
	});

	it.each([
		['an ID that is not digits', byId('65/499'), /is not digits/],
		['no list', byId(''), /No address list chosen/],
		['an address that is not one', byAddress('news'), /not a valid email address/],
	])('refuses %s before sending (from an expression: the editor checks a typed one)', async (_what, list, message) => {
		const result = await fx.run({ operation: 'deleteAddressList', addressList: '={{ $json.list }}' }, [{ list }], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(0);
		expect(errorOf(result.items[0])).toMatch(message);
	});
});

describe('Email → Get Address List Members', () => {
	it('Return All reads 250 members in 3 pages, one item each with the list ID', async () => {
		seedLists(1)[0].members = someMembers(250);
		const result = await fx.run({ operation: 'getAddressListMembers', addressList: byId(65499), returnAll: true });

		expect(calls()).toEqual([0, 100, 200].map((o) => `GET /v1/address_lists/65499/members?offset=${o}&limit=100`));
		expect(result.items).toHaveLength(250);
		expect(result.items[0]).toEqual({ json: { address_list_id: '65499', email: 'm0@example.com', create_time: '2022-11-12T16:46:12+0800' }, pairedItem: { item: 0 } });
	});

	it('Limit 150 pages at 100 and stops at 150', async () => {
		seedLists(1)[0].members = someMembers(250);
		const result = await fx.run({ operation: 'getAddressListMembers', addressList: byId(65499), limit: 150 });

		expect(fx.emulator.received).toHaveLength(2);
		expect(result.items.map((i) => i.json.email)).toEqual(someMembers(150).map((m) => m.email));
	});

	it('reads a member\'s address whatever EngageLab calls it (email, member, address)', async () => {
		seedLists(1);
		fx.emulator.script({ status: 200, body: '{"result":[{"member":"a@example.com"},{"address":"b@example.com","name":"Bee"}],"count":2,"total":2}' });
		const result = await fx.run({ operation: 'getAddressListMembers', addressList: byId(65499), returnAll: true });

		expect(result.items.map((i) => i.json)).toEqual([
			{ address_list_id: '65499', member: 'a@example.com', email: 'a@example.com' },
			{ address_list_id: '65499', address: 'b@example.com', name: 'Bee', email: 'b@example.com' },
		]);
	});

	it('an unknown list fails the item with what to check', async () => {
		const result = await fx.run({ operation: 'getAddressListMembers', addressList: byId(7), returnAll: true }, [{}], { continueOnFail: true });
		expect(errorOf(result.items[0])).toContain('EngageLab has no address list with ID 7');
	});
});

describe('Email → Add / Remove Address List Members', () => {
	const many = (n: number) => Array.from({ length: n }, (_, i) => `p${i}@example.com`);

	it('Add: 150 addresses go in 2 calls of {"members": [...]}, 100 and 50; one item per address', async () => {
		seedLists(1);
		const result = await fx.run({ operation: 'addAddressListMembers', addressList: byId(65499), emails: many(150).join(', ') });

		expect(calls()).toEqual(['POST /v1/address_lists/65499/members', 'POST /v1/address_lists/65499/members']);
		expect(fx.emulator.state.addressListCalls).toEqual([
			{ kind: 'addMembers', form: 'membersArray', address_list_id: '65499', emails: many(100) },
			{ kind: 'addMembers', form: 'membersArray', address_list_id: '65499', emails: many(150).slice(100) },
		]);
		expect(result.items).toHaveLength(150);
		expect(result.items[0]).toEqual({ json: { address_list_id: '65499', email: 'p0@example.com', member: true }, pairedItem: { item: 0 } });
	});

	it('By Address: two items naming the same list look it up once', async () => {
		seedLists(2);
		const result = await fx.run({ operation: 'addAddressListMembers', addressList: byAddress('list1@maillist.email.engagelab.com'), emails: '={{ $json.e }}' }, [
			{ e: 'a@example.com' },
			{ e: 'b@example.com' },
		]);

		expect(calls().filter((c) => c.startsWith('GET'))).toHaveLength(1);
		expect(fx.emulator.state.addressLists[1].members.map((m) => m.email).sort()).toEqual(['a@example.com', 'b@example.com']);
		expect(result.items.map((i) => [i.json.address_list_id, i.pairedItem])).toEqual([
			['65500', { item: 0 }],
			['65500', { item: 1 }],
		]);
	});

	it('Add retries a transient failure (idempotent by nature): each address is on the list once', async () => {
		seedLists(1);
		fx.emulator.faultPath('/v1/address_lists/65499/members', 'lost', 'http500');
		const result = await fx.run({ operation: 'addAddressListMembers', addressList: byId(65499), emails: 'a@example.com', options: { maxAttempts: 3 } });

		expect(result.status).toBe('success');
		expect(fx.emulator.received).toHaveLength(3);
		expect(fx.emulator.state.addressLists[0].members.map((m) => m.email)).toEqual(['a@example.com']);
	});

	it('Remove: DELETE …/members?members=a;b (no body); the others stay', async () => {
		seedLists(1)[0].members = someMembers(3);
		const result = await fx.run({ operation: 'removeAddressListMembers', addressList: byId(65499), emails: 'm0@example.com; m2@example.com' });

		expect(calls()).toEqual(['DELETE /v1/address_lists/65499/members?members=m0%40example.com;m2%40example.com']);
		expect(fx.emulator.state.addressListCalls[0].form).toBe('query');
		expect(result.items.map((i) => i.json)).toEqual([
			{ address_list_id: '65499', email: 'm0@example.com', member: false },
			{ address_list_id: '65499', email: 'm2@example.com', member: false },
		]);
		expect(fx.emulator.state.addressLists[0].members.map((m) => m.email)).toEqual(['m1@example.com']);
	});

	it.each([
		['a bad address', 'ada@, bob@example.com', /not a valid email address/],
		['1001 addresses', many(1001).join(','), /1001 Emails addresses given; at most 1000/],
	])('refuses %s before sending (the list lookup included)', async (_what, emails, message) => {
		const result = await fx.run({ operation: 'removeAddressListMembers', addressList: byAddress(LIST), emails }, [{}], { continueOnFail: true });

		expect(fx.emulator.received).toHaveLength(0);
		expect(errorOf(result.items[0])).toMatch(message);
	});

	it('an unknown list fails the item', async () => {
		const result = await fx.run({ operation: 'addAddressListMembers', addressList: byId(3), emails: 'a@example.com' }, [{}], { continueOnFail: true });
		expect(errorOf(result.items[0])).toContain('EngageLab has no address list with ID 3');
	});
});

describe('Email address lists: every documented code, in both HTTP styles', () => {
	const codes = Object.entries(EMAIL_ERROR_CODES).map(([code, info]) => [Number(code), info] as const);
	describe.each(['httpStatus', 'http200'] as const)('%s', (style) => {
		it.each(codes)('code %i: Create and Get Many', async (code, info) => {
			fx.emulator.errorStyle = style;
			const created = await fx.run(create({ name: `emulator-force-${code}` }));
			const listed = await fx.run({ operation: 'getAddressLists', returnAll: true, filters: { name: `emulator-force-${code}` } });

			for (const error of [created.error, listed.error] as NodeApiError[]) {
				expect(error.message).toBe(`EngageLab Email error ${code}: ${info.meaning}`);
				expect(error.description).toContain(info.check);
			}
			expect(fx.emulator.state.addressLists).toEqual([]);
		});

		it.each(codes)('code %i: Delete, Get, Add and Remove Members', async (code, info) => {
			fx.emulator.errorStyle = style;
			seedLists(1)[0].members = someMembers(1);
			const list = byId(65499);
			const runs = [
				{ operation: 'deleteAddressList', addressList: list },
				{ operation: 'getAddressListMembers', addressList: list, returnAll: true },
				{ operation: 'addAddressListMembers', addressList: list, emails: 'a@example.com' },
				{ operation: 'removeAddressListMembers', addressList: list, emails: 'm0@example.com' },
			];
			for (const parameters of runs) {
				fx.emulator.script(fx.emulator.error(code));
				const error = (await fx.run(parameters)).error as NodeApiError;
				expect({ operation: parameters.operation, message: error.message }).toEqual({ operation: parameters.operation, message: `EngageLab Email error ${code}: ${info.meaning}` });
				expect(error.description).toContain(info.check);
			}
			expect(fx.emulator.state.addressLists[0].members.map((m) => m.email)).toEqual(['m0@example.com']);
		});
	});
});

describe('Email address list picker', () => {
	it('lists every list of every page by name and address, its value the ID; filters by name, address or ID', async () => {
		seedLists(130, 9_007_199_254_740_993n);
		const all = await listSearch.searchEmailAddressLists.call(fx.loadOptionsContext({ operation: 'deleteAddressList' }));

		expect(calls()).toEqual(['GET /v1/address_lists?offset=0&limit=100', 'GET /v1/address_lists?offset=100&limit=100']);
		expect(all.results).toHaveLength(130);
		expect(all.results).toContainEqual({ name: 'list-129 (list129@maillist.email.engagelab.com)', value: '9007199254741122' });
		const some = await listSearch.searchEmailAddressLists.call(fx.loadOptionsContext({}), 'list127@');
		expect(some.results).toEqual([{ name: 'list-127 (list127@maillist.email.engagelab.com)', value: '9007199254741120' }]);
	});
});

describe('Email address lists: Stop', () => {
	const live = new MessagingFixture<EmailState>(EMAIL, (o) => emailEmulator(o), EMAIL_API_USER, EMAIL_API_KEY, realTiming);
	beforeAll(async () => void (await live.start()));
	afterAll(async () => await live.stop());

	it('Stop while the second batch of members is in flight: the run is canceled and the third is never sent', async () => {
		live.emulator.state.addressLists = someAddressLists(1);
		live.emulator.faultPath('/v1/address_lists/65499/members', { kind: 'delay', ms: 0 }, 'hang');
		let stop = () => {};
		let ended = false;
		const emails = Array.from({ length: 250 }, (_, i) => `s${i}@example.com`).join(',');
		const running = live
			.run({ operation: 'addAddressListMembers', addressList: byId(65499), emails }, [{}], { onStarted: (cancel) => (stop = cancel) })
			.finally(() => (ended = true));
		while (live.emulator.received.length < 2 && !ended) await new Promise((r) => setTimeout(r, 5));
		expect(ended).toBe(false);
		stop();
		const result = await running;
		await new Promise((r) => setTimeout(r, 500));

		expect(result.status).toBe('canceled');
		expect(live.emulator.received).toHaveLength(2);
		expect(live.emulator.state.addressLists[0].members).toHaveLength(100);
	});
});
