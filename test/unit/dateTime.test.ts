/** A date and time parameter as an instant, in the workflow's timezone (validation/dateTime.ts). */
import { instantOf } from '../../nodes/EngageLab/validation/dateTime';

const at = (raw: unknown, zone: string) => {
	const result = instantOf(raw, zone);
	return result.ok ? new Date(result.value).toISOString() : result.problem;
};

describe('instantOf', () => {
	it.each([
		['2026-01-15T10:00:00', 'America/New_York', '2026-01-15T15:00:00.000Z'],
		['2026-07-15T10:00:00', 'America/New_York', '2026-07-15T14:00:00.000Z'],
		['2026-07-15T10:00:00', 'Asia/Singapore', '2026-07-15T02:00:00.000Z'],
		['2026-07-15T10:00:00', 'UTC', '2026-07-15T10:00:00.000Z'],
		['2026-07-15 10:00', 'Asia/Kolkata', '2026-07-15T04:30:00.000Z'],
		['2026-07-15T10:00:00.250', 'Europe/Berlin', '2026-07-15T08:00:00.250Z'],
		['2026-07-15', 'Asia/Tokyo', '2026-07-14T15:00:00.000Z'],
		// The hour a DST change skips moves forward; the one it repeats takes the earlier.
		['2026-03-08T02:30:00', 'America/New_York', '2026-03-08T07:30:00.000Z'],
		['2026-03-08T05:00:00', 'America/New_York', '2026-03-08T09:00:00.000Z'],
		['2026-11-01T01:30:00', 'America/New_York', '2026-11-01T05:30:00.000Z'],
	])('%s in %s is %s', (raw, zone, iso) => {
		expect(at(raw, zone)).toBe(iso);
	});

	it('keeps a zone or offset the text gives, and reads a Date, Unix seconds and milliseconds', () => {
		expect(at('2026-07-15T10:00:00+02:00', 'Asia/Singapore')).toBe('2026-07-15T08:00:00.000Z');
		expect(at('2026-07-15T10:00:00Z', 'Asia/Singapore')).toBe('2026-07-15T10:00:00.000Z');
		expect(at(new Date('2026-07-15T10:00:00Z'), 'Asia/Singapore')).toBe('2026-07-15T10:00:00.000Z');
		expect(at('1784109600', 'Asia/Singapore')).toBe('2026-07-15T10:00:00.000Z');
		expect(at(1784109600, 'Asia/Singapore')).toBe('2026-07-15T10:00:00.000Z');
		expect(at('1784109600000', 'Asia/Singapore')).toBe('2026-07-15T10:00:00.000Z');
	});

	it.each(['tomorrow', '2026-02-31T10:00:00', '', '2026-13-01'])('refuses %p', (raw) => {
		expect(instantOf(raw, 'UTC').ok).toBe(false);
	});
});
