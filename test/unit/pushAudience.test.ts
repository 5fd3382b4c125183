import { buildAudience } from '../../nodes/EngageLab/actions/push/shared/audience';

describe('push audience (to)', () => {
	it('builds "all" and every key, lists from arrays or comma/new-line text, repeats dropped in order', () => {
		expect(buildAudience('appPush', { audience: 'all', tags: ['ignored'] })).toEqual({ ok: 'all' });
		expect(
			buildAudience('appPush', {
				audience: 'custom',
				tags: 'vip, beta,vip',
				tagsAnd: ['sg', ' paid '],
				tagsNot: 'churned\nblocked',
				aliases: ['u1'],
				registrationIds: ['13165ffa4e1a3e38068', 12345],
				segmentId: ' seg-1 ',
			}),
		).toEqual({
			ok: {
				tag: ['vip', 'beta'],
				tag_and: ['sg', 'paid'],
				tag_not: ['churned', 'blocked'],
				alias: ['u1'],
				registration_id: ['13165ffa4e1a3e38068', '12345'],
				seg: { id: 'seg-1' },
			},
		});
	});

	it('refuses an empty audience', () => {
		expect(buildAudience('appPush', { audience: 'custom', tags: ' , ', aliases: [] })).toMatchObject({ problem: 'The audience is empty' });
	});

	it('takes 1000 registration IDs or aliases and refuses 1001, pointing to Send Batch', () => {
		const ids = (n: number) => Array.from({ length: n }, (_, i) => `r${i}`);
		expect(buildAudience('appPush', { audience: 'custom', registrationIds: ids(1000) })).toHaveProperty('ok');
		expect(buildAudience('appPush', { audience: 'custom', registrationIds: ids(1001) })).toMatchObject({
			problem: expect.stringContaining('1001 registration IDs'),
			description: expect.stringContaining('Send Batch'),
		});
		expect(buildAudience('webPush', { audience: 'custom', aliases: ids(1001) })).toMatchObject({ problem: expect.stringContaining('1001 aliases') });
		// Repeats do not count twice.
		expect(buildAudience('appPush', { audience: 'custom', registrationIds: [...ids(1000), 'r0'] })).toHaveProperty('ok');
	});

	it('refuses a tag or alias over 40 UTF-8 bytes (14 Chinese characters are 42)', () => {
		expect(buildAudience('appPush', { audience: 'custom', tags: ['x'.repeat(40)] })).toHaveProperty('ok');
		expect(buildAudience('appPush', { audience: 'custom', tags: ['标'.repeat(14)] })).toMatchObject({ problem: expect.stringContaining('40 bytes') });
		expect(buildAudience('appPush', { audience: 'custom', aliases: ['a'.repeat(41)] })).toHaveProperty('problem');
	});

	it('refuses a segment on Web Push, and an unknown audience choice', () => {
		expect(buildAudience('webPush', { audience: 'custom', segmentId: 's1' })).toMatchObject({ problem: 'Web Push has no segments' });
		expect(buildAudience('appPush', { audience: 'nope' as 'all' })).toHaveProperty('problem');
	});
});
