import { buildMessage } from '../../nodes/EngageLab/actions/push/shared/message';

describe('push custom message', () => {
	it('sends text content with title, content type and extras', () => {
		expect(buildMessage({ content: 'hello', title: 'T', contentType: 'text' }, { k: 'v' })).toEqual({
			ok: { msg_content: 'hello', title: 'T', content_type: 'text', extras: { k: 'v' } },
		});
	});

	it('sends JSON content as an object when asked, and keeps text as typed otherwise', () => {
		expect(buildMessage({ content: '{"order":1}', contentIsJson: true })).toEqual({ ok: { msg_content: { order: 1 } } });
		expect(buildMessage({ content: '  {"order":1}  ' })).toEqual({ ok: { msg_content: '  {"order":1}  ' } });
		expect(buildMessage({ content: { a: 1 } })).toEqual({ ok: { msg_content: '{"a":1}' } });
	});

	it.each<[string, Parameters<typeof buildMessage>[0]]>([
		['empty content', { content: '' }],
		['missing content', {}],
		['invalid JSON', { content: '{', contentIsJson: true }],
		['a JSON array', { content: '[1]', contentIsJson: true }],
		['an empty JSON object', { content: '{}', contentIsJson: true }],
	])('refuses %s', (_n, params) => {
		expect(buildMessage(params)).toHaveProperty('problem');
	});
});
