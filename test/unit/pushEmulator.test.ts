/**
 * The push emulator's strictness (test/support/emulator/push): what it refuses with which code
 * and status, the cid hour, the rate limit in both HTTP styles, long IDs as bare JSON numbers,
 * the void answers and the faults. Node's fetch against it on 127.0.0.1.
 */
import { PushEmulator, type PushEmulatorOptions } from '../support/emulator/push/pushEmulator';

interface Reply {
	status: number;
	text: string;
	json: unknown;
}

async function call(emu: PushEmulator, method: string, path: string, body?: unknown, auth = emu.authorization): Promise<Reply> {
	const res = await fetch(emu.url + path, {
		method,
		headers: { authorization: auth, ...(body !== undefined && { 'content-type': 'application/json; charset=utf-8' }) },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await res.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: res.status, text, json };
}

const code = (r: Reply) => (r.json as { error?: { code?: number }; code?: number })?.error?.code ?? (r.json as { code?: number })?.code;

const push = (extra: Record<string, unknown> = {}, options?: Record<string, unknown>) => ({
	to: { registration_id: ['13165ffa4e1a3e38068'] },
	body: { platform: 'all', notification: { alert: 'Order shipped' }, ...(options && { options }) },
	...extra,
});

describe('push emulator (App Push)', () => {
	const emu = new PushEmulator();
	beforeAll(async () => void (await emu.start()));
	afterAll(() => emu.stop());
	/** The emulator as new, with these options. */
	const start = async (options: Omit<PushEmulatorOptions, 'product'> = {}) => {
		emu.reset(options);
	};

	it('sends a push and answers its msg_id as a digit string past 2^53', async () => {
		await start();
		const r = await call(emu, 'POST', '/v4/push', push({ request_id: 'r1' }));
		expect(r.status).toBe(200);
		expect(r.text).toMatch(/"msg_id":"\d{19}"/);
		expect(BigInt((r.json as { msg_id: string }).msg_id) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
		expect((r.json as { request_id: string }).request_id).toBe('r1');
		expect(emu.sent).toHaveLength(1);
	});

	it('writes every msg_id as a bare JSON number past 2^53 when told to, exact to the digit', async () => {
		await start({ msgIdsAs: 'numbers' });
		const r = await call(emu, 'POST', '/v4/push', push());
		expect(r.text).toBe(`{"request_id":"","msg_id":${emu.sent[0].msgId.toString()}}`);
		// JSON.parse would round it: that is what the node's long-aware reader must avoid.
		expect(String((r.json as { msg_id: number }).msg_id)).not.toBe(emu.sent[0].msgId.toString());
	});

	it('refuses bad auth: none 27001, wrong 21004, AppKey with spaces 21008', async () => {
		await start();
		expect([(await call(emu, 'POST', '/v4/push', push(), '')).status]).toEqual([401]);
		expect(code(await call(emu, 'POST', '/v4/push', push(), ''))).toBe(27001);
		const wrong = await call(emu, 'POST', '/v4/push', push(), `Basic ${Buffer.from('a:b').toString('base64')}`);
		expect([wrong.status, code(wrong)]).toEqual([401, 21004]);
		const spaced = `Basic ${Buffer.from(` ${emu.options.appKey}:${emu.options.masterSecret}`).toString('base64')}`;
		expect(code(await call(emu, 'POST', '/v4/push', push(), spaced))).toBe(21008);
		expect(emu.sent).toHaveLength(0);
	});

	it('reset() forgets everything on the same port and takes new options, back to the constructor\'s on the next reset', async () => {
		await start();
		const url = emu.url;
		emu.addDevice('rid1', { tags: ['vip'] });
		const first = await call(emu, 'POST', '/v4/push', push({}, { cid: 'c-1' }));
		await call(emu, 'POST', '/v4/schedules', { name: 's1', enabled: true, trigger: { single: { time: '2026-12-24 18:00:00', zone_type: 1 } }, push: push() });
		emu.fault({ kind: 'status', status: 503 });
		emu.forceRateLimit(1);
		emu.omitResult('rid1');
		emu.advance(60_000);

		emu.reset({ errorStyle: 'flat' });
		expect(emu.url).toBe(url);
		expect([emu.requests, emu.sent, [...emu.devices], [...emu.schedules]]).toEqual([[], [], [], []]);
		expect(emu.now()).toBe(emu.options.startMs);
		// No fault, no forced rate limit, the cid forgotten (pushed again, with the first message ID again).
		const again = await call(emu, 'POST', '/v4/push', push({}, { cid: 'c-1' }));
		expect([again.status, (again.json as { msg_id: string }).msg_id]).toEqual([200, (first.json as { msg_id: string }).msg_id]);
		expect(emu.sentWithCid('c-1')).toHaveLength(1);
		expect(await call(emu, 'GET', '/v4/devices/rid1', undefined, 'Basic x')).toMatchObject({ json: { code: 21004 } });

		emu.reset();
		expect(emu.options.errorStyle).toBe('nested');
		expect(await call(emu, 'GET', '/v4/devices/rid1', undefined, 'Basic x')).toMatchObject({ json: { error: { code: 21004 } } });
	});

	it('answers a wrong method 405/21001 and an unknown path (the cid page\'s typo) 404 without a code', async () => {
		await start();
		const get = await call(emu, 'GET', '/v4/push');
		expect([get.status, code(get)]).toEqual([405, 21001]);
		const typo = await call(emu, 'POST', '/v4/push/batch/regid', { requests: [] });
		expect([typo.status, typo.json]).toEqual([404, undefined]);
	});

	it.each<[string, unknown, number, number]>([
		['no audience', { body: { platform: 'all', notification: { alert: 'x' } } }, 400, 21002],
		['empty audience', push({ to: {} }), 400, 21002],
		['1001 registration IDs', push({ to: { registration_id: Array.from({ length: 1001 }, (_, i) => `r${i}`) } }), 400, 21003],
		['unknown audience key', push({ to: { tags: ['a'] } }), 400, 21015],
		['no platform', { to: 'all', body: { notification: { alert: 'x' } } }, 400, 21002],
		['platform "web" on App Push', { to: 'all', body: { platform: 'web', notification: { alert: 'x' } } }, 400, 21003],
		['notification and message together', { to: 'all', body: { platform: 'all', notification: { alert: 'x' }, message: { msg_content: 'y' } } }, 401, 21306],
		['neither notification nor message', { to: 'all', body: { platform: 'all' } }, 400, 21002],
		['an ios block for android only', { to: 'all', body: { platform: ['android'], notification: { alert: 'x', ios: { badge: 1 } } } }, 400, 21015],
		['content over 4000 bytes', { to: 'all', body: { platform: 'all', notification: { alert: 'é'.repeat(2000) } } }, 400, 21005],
		['big_push_duration 1441', push({}, { big_push_duration: 1441 }), 400, 23006],
		['a bad cid', push({}, { cid: 'has space' }), 400, 23003],
		['override_msg_id as a string', push({}, { override_msg_id: '1' }), 400, 21016],
		['override_msg_id unknown', push({}, { override_msg_id: 12345 }), 400, 21003],
		['custom_args over 128 characters', push({ custom_args: { k: 'v'.repeat(130) } }), 400, 21016],
		['unexpected top-level key', push({ extra: 1 }), 400, 21015],
	])('refuses %s', async (_name, body, status, expected) => {
		await start();
		const r = await call(emu, 'POST', '/v4/push', body);
		expect([r.status, code(r)]).toEqual([status, expected]);
		expect(emu.sent).toHaveLength(0);
	});

	it('refuses a body that is not JSON, or not declared as JSON', async () => {
		await start();
		expect(code(await call(emu, 'POST', '/v4/push', '{"to":'))).toBe(21016);
		const res = await fetch(`${emu.url}/v4/push`, { method: 'POST', headers: { authorization: emu.authorization, 'content-type': 'text/plain' }, body: JSON.stringify(push()) });
		expect(res.status).toBe(400);
	});

	it('dedups a cid within the hour on its own clock, and not a refused one', async () => {
		await start();
		const refused = await call(emu, 'POST', '/v4/push', { ...push({}, { cid: 'c-1' }), to: {} });
		expect(refused.status).toBe(400);
		const first = await call(emu, 'POST', '/v4/push', push({}, { cid: 'c-1' }));
		emu.advance(59 * 60_000);
		const again = await call(emu, 'POST', '/v4/push', push({ request_id: 'other' }, { cid: 'c-1' }));
		expect((again.json as { msg_id: string }).msg_id).toBe((first.json as { msg_id: string }).msg_id);
		expect(emu.sentWithCid('c-1')).toHaveLength(1);
		emu.advance(60_001);
		const later = await call(emu, 'POST', '/v4/push', push({}, { cid: 'c-1' }));
		expect((later.json as { msg_id: string }).msg_id).not.toBe((first.json as { msg_id: string }).msg_id);
		expect(emu.sentWithCid('c-1')).toHaveLength(2);
	});

	it('validates without sending or consuming the cid; answers in each configured style', async () => {
		await start();
		const v = await call(emu, 'POST', '/v4/push/validate', push({}, { cid: 'v-1' }));
		expect(v.status).toBe(200);
		expect(emu.sent).toHaveLength(0);
		await call(emu, 'POST', '/v4/push', push({}, { cid: 'v-1' }));
		expect(emu.sent).toHaveLength(1);
		expect(code(await call(emu, 'POST', '/v4/push/validate', push({ to: {} })))).toBe(21002);
		await start({ validateAnswer: 'success' });
		expect((await call(emu, 'POST', '/v4/push/validate', push())).text).toBe('success');
	});

	it.each([400, 429] as const)('rate-limits past 500 requests in one clock second with 23008 under HTTP %i', async (status) => {
		await start({ rateLimitStatus: status, requestsPerSecond: 3 });
		for (let i = 0; i < 3; i++) expect((await call(emu, 'POST', '/v4/push', push())).status).toBe(200);
		const limited = await call(emu, 'POST', '/v4/push', push());
		expect([limited.status, code(limited)]).toEqual([status, 23008]);
		expect(emu.sent).toHaveLength(3);
		emu.advance(1000);
		expect((await call(emu, 'POST', '/v4/push', push())).status).toBe(200);
		emu.forceRateLimit(1);
		expect(code(await call(emu, 'GET', '/v4/tags'))).toBe(23008);
	});

	it('answers errors flat when told to', async () => {
		await start({ errorStyle: 'flat' });
		const r = await call(emu, 'POST', '/v4/push', push({ to: {} }));
		expect(r.json).toEqual({ code: 21002, message: expect.any(String) });
	});

	describe('batch', () => {
		const entry = (target: string, extra: Record<string, unknown> = {}) => ({
			target,
			platform: 'android',
			notification: { alert: 'hi' },
			...extra,
		});

		it('answers per target with msg_id as a bare JSON number, and partial success under the rate limit', async () => {
			await start({ requestsPerSecond: 2 });
			const r = await call(emu, 'POST', '/v4/batch/push/regid', { requests: [entry('a'), entry('b', { platform: ['android'] }), entry('c'), entry('d')] });
			expect(r.status).toBe(200);
			expect(r.text).toMatch(/"a":\{"target":"a","success":true,"msg_id":\d{19}\}/);
			const results = (r.json as { results: Record<string, { success: boolean; error?: { code: number } }> }).results;
			expect(results.b).toMatchObject({ success: false, error: { code: 21003 } });
			expect(results.c.error?.code).toBe(23008);
			expect(results.d.error?.code).toBe(23008);
			expect((r.json as { rate_limit_info: unknown }).rate_limit_info).toEqual({ message: expect.any(String), rate_limit_occurred: true });
			expect(emu.sent.map((s) => s.target)).toEqual(['a']);
			const next = await call(emu, 'POST', '/v4/batch/push/alias', { requests: [entry('x')] });
			expect([next.status, code(next)]).toEqual([400, 23008]);
		});

		it('refuses more than 500 entries, a repeated target, and dedups per-target cids', async () => {
			await start({ requestsPerSecond: 10_000 });
			const many = Array.from({ length: 501 }, (_, i) => entry(`t${i}`));
			expect(code(await call(emu, 'POST', '/v4/batch/push/regid', { requests: many }))).toBe(21003);
			expect(code(await call(emu, 'POST', '/v4/batch/push/regid', { requests: [entry('a'), entry('a')] }))).toBe(21003);
			const withCid = { requests: [entry('a', { options: { cid: 'b-a' } })] };
			const one = await call(emu, 'POST', '/v4/batch/push/regid', withCid);
			const two = await call(emu, 'POST', '/v4/batch/push/regid', withCid);
			expect(two.text).toBe(one.text);
			expect(emu.sentWithCid('b-a')).toHaveLength(1);
		});

		it('answers 20101 for an unknown registration ID when targets must be known', async () => {
			await start({ requireKnownTargets: true });
			emu.addDevice('known');
			const r = await call(emu, 'POST', '/v4/batch/push/regid', { requests: [entry('known'), entry('unknown')] });
			const results = (r.json as { results: Record<string, { success: boolean; error?: { code: number } }> }).results;
			expect([results.known.success, results.unknown.error?.code]).toEqual([true, 20101]);
		});
	});

	it('withdraws once, within a day, and not an unknown id', async () => {
		await start();
		const id = ((await call(emu, 'POST', '/v4/push', push())).json as { msg_id: string }).msg_id;
		const ok = await call(emu, 'DELETE', `/v4/push/withdraw/${id}`);
		expect(ok.json).toEqual({ request_id: '', msg_id: id });
		expect(code(await call(emu, 'DELETE', `/v4/push/withdraw/${id}`))).toBe(21003);
		const old = ((await call(emu, 'POST', '/v4/push', push())).json as { msg_id: string }).msg_id;
		emu.advance(86_400_000);
		expect(code(await call(emu, 'DELETE', `/v4/push/withdraw/${old}`))).toBe(21003);
		expect(code(await call(emu, 'DELETE', '/v4/push/withdraw/1'))).toBe(21003);
	});

	it('reads statistics for ≤ 100 ids with "," or "%2C", leaving unknown ids out', async () => {
		await start();
		const id = ((await call(emu, 'POST', '/v4/push', push())).json as { msg_id: string }).msg_id;
		const r = await call(emu, 'GET', `/v4/status/detail?message_ids=${id},1`);
		expect(Object.keys(r.json as object)).toEqual([id]);
		expect((await call(emu, 'GET', `/v4/status/detail?message_ids=${id}%2C1`)).json).toEqual(r.json);
		const many = Array.from({ length: 101 }, (_, i) => i + 1).join(',');
		expect(code(await call(emu, 'GET', `/v4/status/detail?message_ids=${many}`))).toBe(21003);
		expect((await call(emu, 'GET', `/v4/messages/details?message_ids=${id}`)).status).toBe(404);
	});

	describe('schedules', () => {
		const single = (time = '2026-12-24 18:00:00') => ({ name: 'xmas_sale', enabled: true, trigger: { single: { time, zone_type: 1 } }, push: push() });

		it('creates, lists by page, gets as an array, replaces and deletes', async () => {
			await start({ schedulePageSize: 2 });
			const ids: string[] = [];
			for (let i = 0; i < 3; i++) ids.push(((await call(emu, 'POST', '/v4/schedules', single())).json as { schedule_id: string }).schedule_id);
			expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
			const page2 = (await call(emu, 'GET', '/v4/schedules?page=2')).json as { total_count: number; total_pages: number; page: number; schedules: unknown[] };
			expect([page2.total_count, page2.total_pages, page2.page, page2.schedules.length]).toEqual([3, 2, 2, 1]);
			const got = (await call(emu, 'GET', `/v4/schedules/${ids[0]}`)).json as Array<{ name: string }>;
			expect(Array.isArray(got) && got[0].name).toBe('xmas_sale');
			const put = await call(emu, 'PUT', `/v4/schedules/${ids[0]}`, { ...single(), name: 'renamed', enabled: false });
			expect((put.json as { name: string; enabled: boolean })).toMatchObject({ name: 'renamed', enabled: false });
			const del = await call(emu, 'DELETE', `/v4/schedules/${ids[0]}`);
			expect([del.status, del.text]).toEqual([200, '']);
			expect(code(await call(emu, 'DELETE', `/v4/schedules/${ids[0]}`))).toBe(21003);
			expect(code(await call(emu, 'GET', `/v4/schedules/${ids[0]}`))).toBe(21003);
		});

		it.each<[string, unknown]>([
			['a time without seconds', single('2026-12-24 18:00')],
			['a time in the past', single('2026-12-01 00:00:00')],
			['a time more than a year ahead', single('2028-01-01 00:00:00')],
			['enabled false on create', { ...single(), enabled: false }],
			['a name with a space', { ...single(), name: 'xmas sale' }],
			['a weekly trigger without points', { ...single(), trigger: { periodical: { start: '2026-12-08 00:00:00', end: '2027-01-08 00:00:00', time: '09:00:00', time_unit: 'week', frequency: 1 } } }],
			['a bad push', { ...single(), push: push({ to: {} }) }],
		])('refuses %s', async (_n, body) => {
			await start();
			expect((await call(emu, 'POST', '/v4/schedules', body)).status).toBe(400);
			expect(emu.schedules.size).toBe(0);
		});

		it('accepts a periodical trigger with any time_unit case', async () => {
			await start();
			const periodical = { start: '2026-12-08 00:00:00', end: '2027-06-08 00:00:00', time: '09:00:00', time_unit: 'WEEK', frequency: 1, point: ['MON', 'FRI'], zone_type: 2 };
			expect((await call(emu, 'POST', '/v4/schedules', { ...single(), trigger: { periodical } })).status).toBe(200);
		});
	});

	describe('devices, tags, aliases', () => {
		it('gets, sets, clears and deletes a device; voids answer in the configured style', async () => {
			await start({ voidAnswer: 'success' });
			emu.addDevice('rid1', { tags: ['vip'], alias: 'u1' });
			expect((await call(emu, 'GET', '/v4/devices/rid1')).json).toEqual({ tags: ['vip'], alias: 'u1' });
			const set = await call(emu, 'POST', '/v4/devices/rid1', { tags: { add: ['beta'], remove: ['vip'] }, alias: 'u2' });
			expect([set.status, set.text]).toEqual([200, 'success']);
			expect((await call(emu, 'GET', '/v4/devices/rid1')).json).toEqual({ tags: ['beta'], alias: 'u2' });
			await call(emu, 'POST', '/v4/devices/rid1', { tags: '' });
			expect((await call(emu, 'GET', '/v4/devices/rid1')).json).toEqual({ tags: [], alias: 'u2' });
			expect(code(await call(emu, 'POST', '/v4/devices/rid1', { tags: { add: ['x'.repeat(41)] } }))).toBe(21003);
			expect(code(await call(emu, 'POST', '/v4/devices/rid1', { mobile: '1' }))).toBe(21015);
			expect((await call(emu, 'DELETE', '/v4/devices/rid1')).text).toBe('success');
			expect(code(await call(emu, 'GET', '/v4/devices/rid1'))).toBe(21003);
		});

		it('lists, adds/removes, counts (repeated tags=, one platform) and deletes tags', async () => {
			await start();
			emu.addDevice('a', { tags: ['vip'] });
			emu.addDevice('b', { platform: 'ios' });
			expect((await call(emu, 'POST', '/v4/tags/new%20tag', { registration_ids: { add: ['a'] } })).status).toBe(400);
			expect((await call(emu, 'POST', '/v4/tags/beta', { registration_ids: { add: ['a', 'b'], remove: [] } })).status).toBe(200);
			expect(((await call(emu, 'GET', '/v4/tags')).json as { tags: string[] }).tags.sort()).toEqual(['beta', 'vip']);
			expect((await call(emu, 'GET', '/v4/tags_count?tags=beta&tags=vip&tags=none&platform=android')).json).toEqual({ tagsCount: { beta: 1, vip: 1, none: 0 } });
			expect(code(await call(emu, 'GET', '/v4/tags_count?tags=beta&platform=android,ios'))).toBe(21003);
			expect(code(await call(emu, 'GET', '/v4/tags_count?tags=beta,vip&platform=android'))).toBe(21003);
			expect(code(await call(emu, 'POST', '/v4/tags/beta', { registration_ids: { add: ['zzz'] } }))).toBe(21003);
			expect((await call(emu, 'DELETE', '/v4/tags/beta?platform=ios')).status).toBe(200);
			expect((await call(emu, 'GET', '/v4/tags_count?tags=beta&platform=android')).json).toEqual({ tagsCount: { beta: 1 } });
			expect((await call(emu, 'DELETE', '/v4/tags/beta')).status).toBe(200);
			expect(code(await call(emu, 'DELETE', '/v4/tags/beta'))).toBe(21003);
		});

		it('answers the credential probe with tagsCount and no write', async () => {
			await start();
			const r = await call(emu, 'GET', '/v4/tags_count?tags=n8n_credential_test&platform=android');
			expect(r.json).toEqual({ tagsCount: { n8n_credential_test: 0 } });
			expect((await call(emu, 'GET', '/v4/tags_count?tags=n8n_credential_test&platform=android', undefined, 'Basic eDp5')).status).toBe(401);
		});

		it('gets an alias as a list and deletes it once', async () => {
			await start();
			emu.addDevice('a', { alias: 'buyer' });
			expect((await call(emu, 'GET', '/v4/aliases/buyer?platform=android')).json).toEqual({ registration_ids: ['a'] });
			expect((await call(emu, 'GET', '/v4/aliases/buyer?platform=ios')).json).toEqual({ registration_ids: [] });
			expect((await call(emu, 'DELETE', '/v4/aliases/buyer')).status).toBe(200);
			expect(code(await call(emu, 'DELETE', '/v4/aliases/buyer'))).toBe(21003);
		});
	});

	describe('faults', () => {
		it('applies, then resets: the push went out but no answer came', async () => {
			await start();
			emu.fault({ kind: 'resetAfterApply', path: '/v4/push' });
			await expect(call(emu, 'POST', '/v4/push', push({}, { cid: 'f-1' }))).rejects.toThrow();
			expect(emu.sentWithCid('f-1')).toHaveLength(1);
			const retry = await call(emu, 'POST', '/v4/push', push({}, { cid: 'f-1' }));
			expect(retry.status).toBe(200);
			expect(emu.sentWithCid('f-1')).toHaveLength(1);
		});

		it('resets before applying: nothing went out', async () => {
			await start();
			emu.fault({ kind: 'resetBeforeApply' });
			await expect(call(emu, 'POST', '/v4/push', push())).rejects.toThrow();
			expect(emu.sent).toHaveLength(0);
		});

		it('applies, then cuts the body short', async () => {
			await start();
			emu.fault({ kind: 'truncateAfterApply', path: '/v4/push' });
			await expect(call(emu, 'POST', '/v4/push', push())).rejects.toThrow();
			expect(emu.sent).toHaveLength(1);
		});

		it('answers 5xx without applying: HTML, or with 21030 / 27000', async () => {
			await start();
			emu.fault({ kind: 'status', status: 502 });
			emu.fault({ kind: 'status', status: 503, code: 21030 });
			emu.fault({ kind: 'status', status: 500, code: 27000 });
			const html = await call(emu, 'POST', '/v4/push', push());
			expect([html.status, html.json]).toEqual([502, undefined]);
			const timeout = await call(emu, 'POST', '/v4/push', push());
			expect([timeout.status, code(timeout)]).toEqual([503, 21030]);
			const memory = await call(emu, 'POST', '/v4/push', push());
			expect([memory.status, code(memory)]).toEqual([500, 27000]);
			expect(emu.sent).toHaveLength(0);
			expect((await call(emu, 'POST', '/v4/push', push())).status).toBe(200);
		});
	});
});

describe('push emulator (Web Push)', () => {
	const emu = new PushEmulator({ product: 'webPush' });
	beforeAll(async () => void (await emu.start()));
	afterAll(() => emu.stop());
	beforeEach(() => emu.reset());

	const webPush = (web: Record<string, unknown>, options?: Record<string, unknown>) => ({
		to: 'all',
		body: { platform: 'web', notification: { web }, ...(options && { options }) },
	});

	it('sends with platform "web", alert and an http(s) URL', async () => {
		expect((await call(emu, 'POST', '/v4/push', webPush({ alert: 'hi', url: 'https://shop.example/o/1' }))).status).toBe(200);
	});

	it.each<[string, unknown, number]>([
		['no url', webPush({ alert: 'hi' }), 21002],
		['a url that is not http(s)', webPush({ alert: 'hi', url: 'javascript:alert(1)' }), 21003],
		['platform android', { to: 'all', body: { platform: ['android'], notification: { web: { alert: 'a', url: 'https://x' } } } }, 21003],
		['a segment', { to: { seg: { id: 's' } }, body: { platform: 'web', notification: { web: { alert: 'a', url: 'https://x' } } } }, 21015],
		['three buttons', webPush({ alert: 'a', url: 'https://x' }, { web_buttons: [{}, {}, {}] }), 21003],
		['a TTL over 15 days', webPush({ alert: 'a', url: 'https://x' }, { time_to_live: 15 * 86400 + 1 }), 21003],
		['a notification over 2048 bytes', webPush({ alert: 'a'.repeat(2100), url: 'https://x' }), 21005],
		['an unknown distribution', webPush({ alert: 'a', url: 'https://x' }, { third_party_channel: { w3push: { distribution: 'nope' } } }), 27009],
		['override_msg_id of no message', webPush({ alert: 'a', url: 'https://x' }, { override_msg_id: 1 }), 1003],
	])('refuses %s', async (_n, body, expected) => {
		expect(code(await call(emu, 'POST', '/v4/push', body))).toBe(expected);
		expect(emu.sent).toHaveLength(0);
	});

	it('serves statistics on /v4/messages/details and answers 404 without a code for App-only paths', async () => {
		const id = ((await call(emu, 'POST', '/v4/push', webPush({ alert: 'a', url: 'https://x' }))).json as { msg_id: string }).msg_id;
		expect(Object.keys((await call(emu, 'GET', `/v4/messages/details?message_ids=${id}`)).json as object)).toEqual([id]);
		for (const [method, path] of [['GET', '/v4/status/detail?message_ids=1'], ['POST', '/v4/push/validate'], ['DELETE', `/v4/push/withdraw/${id}`], ['GET', '/v4/tags'], ['GET', '/v4/aliases/a']]) {
			const r = await call(emu, method, path, method === 'POST' ? {} : undefined);
			expect([r.status, r.json]).toEqual([404, undefined]);
		}
		expect((await call(emu, 'GET', '/v4/tags_count?tags=a&platform=web')).json).toEqual({ tagsCount: { a: 0 } });
	});
});
