/**
 * The MA emulator's account rate limit (a token bucket), on a clock the test moves: what a test
 * of the node behind a limit can rely on, whatever the speed of the client.
 */
import { call } from '../client';
import { EngageLabEmulator, TEST_KEY, TEST_SECRET } from './maEmulator';

describe('the emulator\'s account rate limit', () => {
	let now = 1_000_000;
	const emulator = new EngageLabEmulator({ clock: () => now });
	let url: string;
	const send = async (i: number) =>
		(await call(url, 'POST', '/v1/user/contact', { euid: 10_000 + i, contacts: { email: `r${i}@example.com` } }, { auth: `${TEST_KEY}:${TEST_SECRET}` })).status;
	/** A request every 1.2 s: far below the limit. */
	const slowClient = async (count: number) => {
		const statuses: number[] = [];
		for (let i = 0; i < count; i++) {
			statuses.push(await send(i));
			now += 1_200;
		}
		return statuses;
	};

	beforeAll(async () => void (url = await emulator.start()));
	afterAll(async () => await emulator.stop());
	beforeEach(() => emulator.reset());

	it('a full bucket: a client slower than the limit never meets it', async () => {
		emulator.rateLimit = 5;
		expect(await slowClient(3)).toEqual([200, 200, 200]);
		expect(emulator.rateLimited).toBe(0);
	});

	it('a bucket that starts a second short: the first request meets the limit at any speed, and a second later it lets requests through again', async () => {
		emulator.rateLimit = 5;
		emulator.rateLimitStartTokens = -5;
		now += 60_000; // however long after the limit was set the first request comes
		expect(await slowClient(3)).toEqual([429, 200, 200]);
		expect(emulator.rateLimited).toBe(1);
		expect(emulator.writes).toBe(2); // a 429 is not written
	});

	it('reset forgets the starting bucket', async () => {
		emulator.rateLimitStartTokens = -5;
		emulator.reset();
		emulator.rateLimit = 5;
		expect(await slowClient(1)).toEqual([200]);
	});
});
