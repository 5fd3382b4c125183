/**
 * How App Push and Web Push answers read (products/push/answer.ts, decisions D4, D6, D7): every
 * code of both tables in both error shapes and under HTTP 200 and its documented status, 23008
 * as the rate limit under any status, void bodies, and long IDs kept exact.
 */
import { NO_DATA } from '../../nodes/EngageLab/products/push/answer';
import { APP_PUSH } from '../../nodes/EngageLab/products/push/appPush.product';
import { APP_PUSH_ERROR_CODES, WEB_PUSH_ERROR_CODES } from '../../nodes/EngageLab/products/push/errorTable';
import { WEB_PUSH } from '../../nodes/EngageLab/products/push/webPush.product';

const URL = 'https://pushapi-sgp.engagelab.com/v4/push';

describe.each([
	['App Push', APP_PUSH, APP_PUSH_ERROR_CODES],
	['Web Push', WEB_PUSH, WEB_PUSH_ERROR_CODES],
] as const)('%s answers', (title, product, table) => {
	const cases = Object.entries(table).flatMap(([code, info]) =>
		[200, info.httpStatus ?? 400].flatMap((status) => [
			[Number(code), status, 'nested', { error: { code: Number(code), message: 'said' } }] as const,
			[Number(code), status, 'flat', { code: Number(code), message: 'said' }] as const,
		]),
	);

	it.each(cases)('code %i under HTTP %i (%s) reads as its English meaning', (code, status, _shape, body) => {
		const outcome = product.readAnswer(status, JSON.stringify(body), {}, URL);
		expect(outcome.ok).toBe(false);
		if (outcome.ok) return;
		const info = table[code];
		expect(outcome.problem.code).toBe(code);
		expect(outcome.problem.message).toBe(`EngageLab ${title} error ${code}: ${info.meaning}`);
		expect(outcome.problem.rateLimited === true).toBe(code === 23008);
		expect(outcome.problem.transient).toBe(info.transient === true);
		expect(outcome.problem.notApplied).toBe(code === 23008 || info.transient !== true);
	});

	it('HTTP 429 with or without a body is the rate limit, not applied', () => {
		for (const body of ['', '{"code":23008,"message":"limited"}']) {
			const outcome = product.readAnswer(429, body, {}, URL);
			expect(outcome.ok ? undefined : [outcome.problem.rateLimited, outcome.problem.notApplied]).toEqual([true, true]);
		}
	});

	it.each(['', 'success', '"success"', 'SUCCESS ', 'null'])('a void 2xx body %j is success without data', (body) => {
		const outcome = product.readAnswer(200, body, {}, URL);
		expect(outcome.ok && outcome.response[NO_DATA]).toBe(true);
	});

	it('a 2xx with text is not success; a 2xx with JSON keeps long message IDs as digits', () => {
		expect(product.readAnswer(200, '<html>hi</html>', {}, URL).ok).toBe(false);
		const outcome = product.readAnswer(200, '{"request_id":"r","msg_id":18446744073709551615}', {}, URL);
		expect(outcome.ok && outcome.response.result).toEqual({ request_id: 'r', msg_id: '18446744073709551615' });
	});

	it('an HTTP 404 without a code names the host, not applied unknowable', () => {
		const outcome = product.readAnswer(404, '404 page not found', {}, URL);
		expect(outcome.ok ? undefined : outcome.problem.message).toBe(`EngageLab ${title} answered HTTP 404: Not found`);
	});
});
