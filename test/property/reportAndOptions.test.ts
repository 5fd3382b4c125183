/**
 * Property-based: Event → Report's event names, times, App Key and Report ID (unique per run), and
 * the node's numeric options (issue 17; issue 11 point 5).
 */
import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { EngageLabFixture } from '../support/inProcess/maFixture';
import { expectPrototypeUntouched, outcome, RUN } from '../support/inProcess/propertyCheck';

const fx = new EngageLabFixture();
beforeAll(async () => void (await fx.start()));
afterAll(async () => await fx.stop());

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
const Y2000 = Date.UTC(2000, 0, 1);
const DAY = 86_400_000;

const report = { resource: 'event', operation: 'report', euid: '7', eventName: 'sign_up', eventTime: '', options: { maxAttempts: 1 } };
const odd = fc.oneof(
	fc.string({ unit: 'binary', maxLength: 30 }),
	fc.integer(),
	fc.double(),
	fc.constantFrom(NaN, Infinity, true, false, null, '', ' ', '\r\n', 2 ** 60, '[object Object]'),
	fc.array(fc.integer(), { maxLength: 2 }),
	fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);

async function run(parameters: IDataObject, items: IDataObject[]) {
	fx.reset();
	const result = await fx.run({ ...report, ...parameters }, items);
	// A Set Contact of the Timeout row (numeric options) may still arrive, late, on a slow machine;
	// this run's requests are Reports, whose EUID is inside `data`, never at the top.
	const received = fx.emulator.received;
	received.splice(0, received.length, ...received.filter((r) => r.euid === undefined));
	return result;
}
const eventOf = (body: IDataObject) => (body.data as IDataObject[])[0];

describe('event names', () => {
	it('a lowercase name of at most 64 characters arrives trimmed; anything else is refused naming the event name', async () => {
		const names = fc.oneof(fc.stringMatching(/^ ?[a-z][a-z0-9_]{0,70} ?$/), fc.stringMatching(/^[A-Za-z0-9_-]{1,10}$/), odd);
		await fc.assert(
			fc.asyncProperty(names, async (v) => {
				const got = outcome(fx, await run({ eventName: '={{ $json.v }}' }, [{ v } as IDataObject]), /event name/);
				const name = typeof v === 'string' ? v.trim() : undefined;
				const valid = name !== undefined && /^[a-z][a-z0-9_]*$/.test(name) && name.length <= 64;
				expect(got.sent).toBe(valid);
				if (got.sent) expect(eventOf(got.body).event_name).toBe(name);
			}),
			RUN,
		);
	});
});

describe('event times', () => {
	/** Unix milliseconds a time stands for, by the field's help; undefined when it must be refused. */
	const intended = (v: unknown, now: number): number | undefined => {
		const inRange = (ms: number) => ms >= Y2000 && ms <= now + DAY;
		let n: number | undefined;
		if (typeof v === 'number') n = v;
		else if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim())) n = Number(v.trim());
		if (n !== undefined) {
			if (!Number.isFinite(n) || n < 0) return undefined;
			if (inRange(n * 1000)) return Math.round(n * 1000);
			return inRange(n) ? Math.trunc(n) : undefined;
		}
		if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v.trim())) {
			const ms = Date.parse(v);
			return inRange(ms) ? ms : undefined;
		}
		return undefined;
	};
	const times = fc.oneof(
		fc.integer({ min: 900_000_000, max: 2_000_000_000 }),
		fc.integer({ min: 900_000_000_000, max: 2_000_000_000_000 }),
		fc.double({ min: 0, max: 3e12, noNaN: true }),
		fc.double(),
		fc.integer({ min: 0, max: 3_000_000_000_000 }).map(String),
		fc.date({ min: new Date('1990-01-01'), max: new Date('2035-01-01'), noInvalidDate: true }).map((d) => d.toISOString()),
		fc.constantFrom('2025', '1e12', '0x65F1', '1740830400,5', '2025-02-30', '2025-13-01', 'tomorrow', ' 1740830400 '),
		odd,
	);

	it('arrives as the milliseconds meant (seconds or milliseconds, 2000 to a day ahead), or is refused showing the value', async () => {
		await fc.assert(
			fc.asyncProperty(times, async (v) => {
				const now = Date.now();
				const got = outcome(fx, await run({ eventTime: '={{ $json.v }}' }, [{ v } as IDataObject]), /event time/);
				const blank = v === null || v === undefined || (typeof v === 'string' && v.trim() === '');
				if (blank) {
					expect(got.sent).toBe(true);
					return;
				}
				const expected = intended(v, now);
				if (typeof v !== 'string' || /^\s*[\d.]+\s*$/.test(v) || /Z$/.test(v)) expect(got.sent).toBe(expected !== undefined);
				if (!got.sent && (typeof v === 'number' || (typeof v === 'string' && v.length <= 60 && !CONTROL.test(v)))) {
					expect(got.error.message).toContain(typeof v === 'number' ? String(v) : v.trim()); // the value is shown
				}
				if (got.sent) {
					const itime = Number(eventOf(got.body).itime);
					if (expected !== undefined) expect(itime).toBe(expected);
					expect(itime).toBeGreaterThanOrEqual(Y2000);
					expect(itime).toBeLessThanOrEqual(Date.now() + DAY);
				}
			}),
			RUN,
		);
	});

	it('an n8n DateTime arrives as its milliseconds, when between 2000 and a day ahead', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.now() + 10 * DAY }), async (ms) => {
				const got = outcome(fx, await run({ eventTime: '={{ DateTime.fromMillis($json.v) }}' }, [{ v: ms }]), /event time/);
				expect(got.sent).toBe(ms >= Y2000 && ms <= Date.now() + DAY);
				if (got.sent) expect(eventOf(got.body).itime).toBe(BigInt(ms));
			}),
			RUN,
		);
	});
});

describe('App Key and Report ID', () => {
	const ids = fc.oneof(fc.string({ maxLength: 300 }), fc.uuid(), odd);
	const intended = (v: unknown): string | undefined => {
		const text = typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v === null ? '' : undefined;
		return text !== undefined && !CONTROL.test(text) && [...text].length <= 256 ? text : undefined;
	};

	it.each([
		['appKey', 'App Key', 'app_key'],
		['randomId', 'Report ID', 'random_id'],
	])('%s: text (or a safe whole number) arrives trimmed; objects, lists, true/false are refused naming the field', async (field, label, key) => {
		await fc.assert(
			fc.asyncProperty(ids, async (v) => {
				const got = outcome(fx, await run({ [field]: '={{ $json.v }}' }, [{ v } as IDataObject]), new RegExp(label));
				const expected = intended(v);
				expect(got.sent).toBe(expected !== undefined);
				if (!got.sent || expected === undefined) return;
				const sent = key === 'app_key' ? got.body.app_key : eventOf(got.body).random_id;
				if (expected !== '') expect(sent).toBe(expected);
				else if (key === 'app_key') expect(sent).toBeUndefined();
				else expect(sent).toMatch(/^[0-9a-f-]{36}$/);
			}),
			RUN,
		);
	});

	it('Report IDs repeated within a run: the first of each is sent, every later one fails naming the first item', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(fc.constantFrom('a', ' a', 'b', '', 'c '), { minLength: 1, maxLength: 6 }), async (list) => {
				fx.reset();
				const result = await fx.run(
					{ ...report, euid: '={{ $json.euid }}', randomId: '={{ $json.id }}' },
					list.map((id, i) => ({ euid: String(i + 1), id })),
					{ onError: 'continueRegularOutput' },
				);
				expectPrototypeUntouched();
				const first = new Map<string, number>();
				const expected = list.map((raw, i) => {
					const id = raw.trim();
					if (id === '') return 'sent';
					if (first.has(id)) return `Report ID "${id}" is already the Report ID of item ${first.get(id)}: EngageLab would count only one of the two events`;
					first.set(id, i);
					return 'sent';
				});
				expect(result.items.map((i) => (i.json.error as IDataObject | undefined)?.message ?? 'sent')).toEqual(expected);
				expect(result.items.map((i) => i.pairedItem)).toEqual(list.map((_, item) => ({ item })));
				expect(fx.emulator.ma.events).toHaveLength(expected.filter((e) => e === 'sent').length);
			}),
			RUN,
		);
	});
});

describe('numeric options', () => {
	// Six values per row, always: Jest takes a test function with more parameters than the row for a done-callback test.
	const rules: Array<[string, string, number, number, boolean, number | undefined]> = [
		['concurrency', 'Concurrency', 1, 100, true, undefined],
		['maxAttempts', 'Max Attempts', 1, 10, true, undefined],
		['maxRequestsPerSecond', 'Max Requests Per Second', 0.01, 1_000_000, false, 0],
		['retryDelay', 'Retry Delay \\(Milliseconds\\)', 0, 2 ** 31 - 1, false, undefined],
		['timeout', 'Timeout \\(Milliseconds\\)', 1, 2 ** 31 - 1, false, undefined],
	];
	const values = fc.oneof(
		fc.integer({ min: -5, max: 120 }),
		fc.double(),
		fc.double({ min: 0, max: 2, noNaN: true }),
		fc.constantFrom(0, -1, 1, 0.5, 2.5, NaN, Infinity, 2 ** 31 - 1, 2 ** 31, 3e9, '5', ' 7 ', 'x', '', true, null),
	);

	it.each(rules)('%s: a value within the documented range is used, anything else is refused naming the option', async (name, label, min, max, whole, also) => {
		let runs = 0;
		await fc.assert(
			fc.asyncProperty(values, async (v) => {
				const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
				const unset = v === null || v === '';
				const valid = unset || n === also || (Number.isFinite(n) && n >= min && n <= max && (!whole || Number.isInteger(n)));
				// A valid timeout shorter than the emulator's answer may time out: that request was still
				// sent, and may arrive only during a later run (the machine may be slow): each run has its
				// own EUID, and requests of earlier runs are left out.
				const euid = String(++runs);
				const params = { euid, email: 'a@example.com', options: { maxAttempts: 1, [name]: '={{ $json.v }}' } };
				fx.reset();
				const result = await fx.run(params, [{ v } as IDataObject]);
				const received = fx.emulator.received;
				received.splice(0, received.length, ...received.filter((r) => r.euid === euid));
				if (valid && name === 'timeout' && n < 1000) {
					expect(result.error).not.toBeInstanceOf(NodeOperationError);
					expect(received.length).toBeLessThanOrEqual(1);
					return;
				}
				const got = outcome(fx, result, new RegExp(`The option ${label} is`));
				expect(got.sent).toBe(valid);
			}),
			RUN,
		);
	});

	it("Report's Batch Size: a whole number from 1 to 1000, else refused", async () => {
		await fc.assert(
			fc.asyncProperty(fc.oneof(values, fc.integer({ min: 990, max: 1010 })), async (v) => {
				const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : NaN;
				const valid = v === null || v === '' || (Number.isInteger(n) && n >= 1 && n <= 1000);
				const got = outcome(fx, await run({ batchSize: '={{ $json.v }}' }, [{ v } as IDataObject]), /Batch Size is/);
				expect(got.sent).toBe(valid);
			}),
			RUN,
		);
	});
});
