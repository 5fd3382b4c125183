import {
	buildSchedule,
	buildTrigger,
	formatInZone,
	mergeScheduleUpdate,
	scheduleDateTime,
	scheduleFromGet,
	scheduleName,
	schedulePage,
} from '../../nodes/EngageLab/actions/push/shared/schedule';

const NOW = Date.UTC(2026, 11, 7, 6, 0, 0); // 2026-12-07 06:00:00 UTC
const SG = 'Asia/Singapore';

describe('push schedule times', () => {
	it('passes the exact form as typed, converts an offset to the workflow zone, reads ISO without offset as wall clock', () => {
		expect(scheduleDateTime('2026-12-24 18:00:00', SG, 'Send At')).toEqual({ ok: { text: '2026-12-24 18:00:00', epochMs: Date.UTC(2026, 11, 24, 10) } });
		expect(scheduleDateTime('2026-12-24T10:00:00Z', SG, 'Send At')).toMatchObject({ ok: { text: '2026-12-24 18:00:00' } });
		expect(scheduleDateTime('2026-12-24T18:00:00.000+08:00', 'Europe/Berlin', 'Send At')).toMatchObject({ ok: { text: '2026-12-24 11:00:00' } });
		expect(scheduleDateTime('2026-12-24T18:00', SG, 'Send At')).toMatchObject({ ok: { text: '2026-12-24 18:00:00' } });
		expect(scheduleDateTime(new Date(Date.UTC(2026, 11, 24, 10)), SG, 'Send At')).toMatchObject({ ok: { text: '2026-12-24 18:00:00' } });
	});

	it('refuses what EngageLab refuses: no seconds written out is fixed, but a bad date or text is not', () => {
		expect(scheduleDateTime('2026-02-30 10:00:00', SG, 'Send At')).toHaveProperty('problem');
		expect(scheduleDateTime('2026-2-15 13:16:59', SG, 'Send At')).toHaveProperty('problem');
		expect(scheduleDateTime('tomorrow', SG, 'Send At')).toHaveProperty('problem');
	});

	it('formats across a DST change', () => {
		expect(formatInZone(Date.UTC(2026, 2, 29, 1, 30), 'Europe/Berlin')).toBe('2026-03-29 03:30:00');
	});
});

describe('push schedule triggers', () => {
	it('builds a single trigger with zone_type 1 by default', () => {
		expect(buildTrigger({ kind: 'single', time: '2026-12-24 18:00:00' }, NOW, 'UTC')).toEqual({ ok: { single: { time: '2026-12-24 18:00:00', zone_type: 1 } } });
		expect(buildTrigger({ kind: 'single', time: '2026-12-24 18:00:00', zoneType: 2 }, NOW, 'UTC')).toMatchObject({ ok: { single: { zone_type: 2 } } });
	});

	it.each<[string, Parameters<typeof buildTrigger>[0], string]>([
		['a past time', { kind: 'single', time: '2026-12-07 05:59:59' }, 'not in the future'],
		['more than a year ahead', { kind: 'single', time: '2028-01-01 00:00:00' }, 'more than a year'],
		['zone type 0', { kind: 'single', time: '2026-12-24 18:00:00', zoneType: 0 }, 'Time Zone'],
	])('refuses a single trigger with %s', (_n, params, message) => {
		expect(buildTrigger(params, NOW, 'UTC')).toMatchObject({ problem: expect.stringContaining(message) });
	});

	const periodical = { kind: 'periodical' as const, start: '2026-12-08 00:00:00', end: '2027-06-08 00:00:00', time: '09:00', timeUnit: 'WEEK', frequency: '2', points: ['mon', 'friday', 'MON'] };

	it('builds a periodical trigger: lowercase unit, HH:mm:ss, week points MON..SUN, month points "01".."31"', () => {
		expect(buildTrigger(periodical, NOW, 'UTC')).toEqual({
			ok: { periodical: { start: '2026-12-08 00:00:00', end: '2027-06-08 00:00:00', time: '09:00:00', time_unit: 'week', frequency: 2, zone_type: 1, point: ['MON', 'FRI'] } },
		});
		expect(buildTrigger({ ...periodical, timeUnit: 'month', points: '1, 15,31' }, NOW, 'UTC')).toMatchObject({ ok: { periodical: { point: ['01', '15', '31'] } } });
		expect(buildTrigger({ ...periodical, timeUnit: 'day', points: [] }, NOW, 'UTC')).toMatchObject({ ok: { periodical: { time_unit: 'day', frequency: 2 } } });
	});

	it.each<[string, Partial<typeof periodical> & { points?: unknown }, string]>([
		['end before start', { end: '2026-12-07 00:00:00' }, 'End must be after Start'],
		['a span over a year', { end: '2027-12-09 00:00:00' }, 'more than a year'],
		['a bad time of day', { time: '25:00:00' }, 'Time Of Day'],
		['an unknown unit', { timeUnit: 'hour' }, 'day, week or month'],
		['week without points', { points: [] }, 'needs the days'],
		['day with points', { timeUnit: 'day' }, 'takes no days'],
		['an unknown weekday', { points: ['XYZ'] }, 'Unknown day'],
		['month day 32', { timeUnit: 'month', points: ['32'] }, '1 to 31'],
		['frequency 0', { frequency: '0' }, 'Every'],
	])('refuses a periodical trigger with %s', (_n, change, message) => {
		expect(buildTrigger({ ...periodical, ...change }, NOW, 'UTC')).toMatchObject({ problem: expect.stringContaining(message) });
	});
});

describe('push schedule bodies', () => {
	it('checks the name: letters (any script), digits and _, at most 255 bytes', () => {
		expect(scheduleName('圣诞_sale_2026')).toEqual({ ok: '圣诞_sale_2026' });
		expect(scheduleName('xmas sale')).toHaveProperty('problem');
		expect(scheduleName('a'.repeat(256))).toHaveProperty('problem');
		expect(scheduleName('')).toHaveProperty('problem');
	});

	it('creates with enabled true, reads GET as an array or object, merges an update over the whole object', () => {
		const push = { to: 'all', body: { platform: 'all', notification: { alert: 'a' } } };
		const trigger = { single: { time: '2026-12-24 18:00:00', zone_type: 1 } };
		expect(buildSchedule('n', trigger, push)).toEqual({ name: 'n', enabled: true, trigger, push });
		const current = { schedule_id: 'id', name: 'n', enabled: true, trigger, push };
		expect(scheduleFromGet([current])).toBe(current);
		expect(scheduleFromGet(current)).toBe(current);
		expect(scheduleFromGet([])).toBeUndefined();
		expect(mergeScheduleUpdate(current, { enabled: false })).toEqual({ name: 'n', enabled: false, trigger, push });
	});

	it('pages until total_pages or an empty page', () => {
		expect(schedulePage({ total_pages: 2, page: 1, schedules: [{ a: 1 }] }, 1)).toEqual({ ok: { schedules: [{ a: 1 }], more: true } });
		expect(schedulePage({ total_pages: 2, page: 2, schedules: [{ a: 1 }] }, 2)).toMatchObject({ ok: { more: false } });
		expect(schedulePage({ total_pages: 9, schedules: [] }, 3)).toMatchObject({ ok: { more: false } });
		expect(schedulePage({ total_pages: 999, schedules: [{}] }, 200)).toMatchObject({ ok: { more: false } });
		expect(schedulePage('success', 1)).toHaveProperty('problem');
	});
});
