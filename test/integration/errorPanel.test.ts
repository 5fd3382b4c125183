/**
 * What n8n's error panel shows for an EngageLab code error (it reads `message` as the title,
 * `httpCode` as "Error code", `messages` as "Full message"): EngageLab's code and its English
 * meaning first, EngageLab's own (here Chinese) text after it, labelled; the same whether the
 * error came on HTTP 200 or on an HTTP 4xx. Both node versions show it alike, and a failed item's
 * output keeps the HTTP status under `httpCode` as version 1 gave it.
 */
import type { IDataObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { EngageLabFixture } from '../support/inProcess/maFixture';

const CHINESE = '无效的euid';
const styles = [
	{ name: 'HTTP 200', status: 200 },
	{ name: 'HTTP 400', status: 400 },
] as const;

describe.each(styles)('an EngageLab code error on $name', ({ status }) => {
	const fx = new EngageLabFixture();
	beforeAll(async () => void (await fx.start()));
	afterAll(async () => await fx.stop());
	beforeEach(() => fx.reset());

	const answer = () => fx.emulator.script({ status, body: JSON.stringify({ code: 55108, message: CHINESE }) });

	it.each([1, 2])('version %i: the panel leads with code 55108 and its English meaning, the original text labelled after', async (typeVersion) => {
		answer();
		const result = await fx.run({ euid: '7', email: 'a@b.co', options: { maxAttempts: 1 } }, [{}], { typeVersion });
		const error = result.error as NodeApiError;

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.httpCode).toBe('55108');
		expect(error.message).toBe('EngageLab error 55108: Invalid EUID');
		expect(error.description).toMatch(/^Check the EUID value: it must be the ID of an existing EngageLab user\. EngageLab said: "无效的euid"\./);
		expect(error.messages).toEqual([`Original message from EngageLab: "${CHINESE}"`]);
	});

	it('a failed item (continue on fail) carries the EngageLab code and the HTTP status apart', async () => {
		answer();
		const result = await fx.run({ euid: '7', email: 'a@b.co', options: { maxAttempts: 1 } }, [{}], { onError: 'continueRegularOutput' });

		expect(result.items[0].json.error).toEqual({
			message: 'EngageLab error 55108: Invalid EUID',
			description: `Check the EUID value: it must be the ID of an existing EngageLab user. EngageLab said: "${CHINESE}". HTTP status ${status}.`,
			code: 55108,
			httpCode: String(status),
		} satisfies IDataObject);
	});
});

describe('errors without an EngageLab code keep the HTTP status as the panel code', () => {
	const fx = new EngageLabFixture();
	beforeAll(async () => void (await fx.start()));
	afterAll(async () => await fx.stop());
	beforeEach(() => fx.reset());

	it('HTTP 429 (the rate limit, whatever its body says)', async () => {
		fx.emulator.script({ status: 429, body: JSON.stringify({ code: 55004, message: '请求过多' }) });
		const error = (await fx.run({ euid: '7', email: 'a@b.co', options: { maxAttempts: 1 } })).error as NodeApiError;

		expect(error.httpCode).toBe('429');
		expect(error.message).toBe('EngageLab answered HTTP 429: too many requests');
		expect(error.messages).toEqual(['Original message from EngageLab: "请求过多"']);
	});

	it('an HTML 502', async () => {
		fx.emulator.script({ status: 502, body: '<html>bad gateway</html>', contentType: 'text/html' });
		const error = (await fx.run({ euid: '7', email: 'a@b.co', options: { maxAttempts: 1 } })).error as NodeApiError;

		expect(error.httpCode).toBe('502');
		expect(error.messages).toEqual([]);
	});
});
