/**
 * n8n's Retry On Fail (the node settings retryOnFail / maxTries / waitBetweenTries) re-runs the
 * whole node, every item, in n8n-core's WorkflowExecute. What a try sent is not sent again:
 * answered items get their first answer's output, an item whose send may have been applied fails
 * again with that error, items never sent are sent (execution/sendLedger.ts). Email's request_id
 * and Report's random_id stay the same across tries. Counted at the emulators; the same rules in
 * real n8n: test/e2e/retryOnFail.test.ts.
 */
import type { IDataObject } from 'n8n-workflow';

import { EMAIL } from '../../nodes/EngageLab/products/email/email.product';
import { SMS } from '../../nodes/EngageLab/products/sms/sms.product';
import { EMAIL_API_KEY, EMAIL_API_USER, emailEmulator, type EmailState } from '../support/emulator/email/emailEmulator';
import { SMS_KEY, SMS_SECRET, smsEmulator, type SmsState } from '../support/emulator/sms/smsEmulator';
import { EngageLabFixture } from '../support/inProcess/maFixture';
import { MessagingFixture } from '../support/inProcess/productFixture';

const sms = new MessagingFixture<SmsState>(SMS, (o) => smsEmulator(o), SMS_KEY, SMS_SECRET);
const email = new MessagingFixture<EmailState>(EMAIL, (o) => emailEmulator(o), EMAIL_API_USER, EMAIL_API_KEY);
const ma = new EngageLabFixture();
beforeAll(async () => void (await Promise.all([sms.start(), email.start(), ma.start()])));
afterAll(async () => await Promise.all([sms.stop(), email.stop(), ma.stop()]));
beforeEach(() => {
	sms.reset();
	email.reset();
	ma.reset();
});

const RETRY = { retryOnFail: true, maxTries: 3, waitBetweenTries: 1 };
const MAY_OR_MAY_NOT = /may or may not have been applied/;
const phone = (i: number) => `+659100${String(i).padStart(4, '0')}`;
const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ to: phone(i) }));
const smsSend = {
	operation: 'send',
	to: '={{ $json.to }}',
	template: { __rl: true, mode: 'list', value: '123456789' },
	templateVariables: { mappingMode: 'defineBelow', value: { order_no: 'A-1', delivery_time: 'Friday' }, matchingColumns: [], schema: [] },
};

/** Recipients EngageLab accepted more than one SMS for. */
function smsTwice(): string[] {
	const count = new Map<string, number>();
	for (const m of sms.emulator.state.sent) for (const to of m.to) count.set(to, (count.get(to) ?? 0) + 1);
	return [...count].filter(([, n]) => n > 1).map(([to]) => to);
}

describe('SMS Send with Retry On Fail: nothing already sent is sent again', () => {
	it('100 items, 3% of sends applied and then the connection reset: no recipient gets two SMS; the node stops at the ambiguous item', async () => {
		sms.emulator.injectFaults({ seed: 22, rate: 0.03, faults: [{ kind: 'lost' }] });

		const result = await sms.run(smsSend, rows(100), RETRY);

		const lost = sms.emulator.received.filter((r) => r.fault === 'lost');
		expect(lost.length).toBeGreaterThan(0); // the condition the test is about happened
		expect(smsTwice()).toEqual([]);
		expect(result.status).toBe('error');
		expect(String((result.error as Error).message)).toMatch(MAY_OR_MAY_NOT);
		// Three tries, and only the first reached EngageLab for the items it sent.
		expect(sms.emulator.received.filter((r) => r.key === lost[0].key)).toHaveLength(1);
	});

	it('with continue on fail (n8n re-runs when item 0 failed): every item has one SMS, the same output on every try, item 0 its error', async () => {
		sms.emulator.faultRecipient(phone(0), 'lost');

		const result = await sms.run(smsSend, rows(10), { ...RETRY, onError: 'continueRegularOutput' });

		expect(sms.emulator.state.sent).toHaveLength(10); // item 0's was applied before its answer was lost
		expect(smsTwice()).toEqual([]);
		expect(sms.emulator.received).toHaveLength(10);
		expect(result.items).toHaveLength(10);
		expect(String((result.items[0].json.error as IDataObject).message)).toMatch(MAY_OR_MAY_NOT);
		// Items 1..9: the output of their one send, on every try.
		const planIds = sms.emulator.state.sent.filter((m) => m.to[0] !== phone(0)).map((m) => m.plan_id);
		expect(result.items.slice(1).map((i) => i.json.plan_id).sort()).toEqual(planIds.sort());
		expect(result.items.map((i) => i.pairedItem)).toEqual(rows(10).map((_, item) => ({ item })));
	});

	it('an item refused in a way that applied nothing (HTTP 429, Max Attempts 1) is sent on the next try, once', async () => {
		sms.emulator.faultRecipient(phone(0), 'http429');

		const result = await sms.run({ ...smsSend, options: { maxAttempts: 1 } }, rows(3), { ...RETRY, onError: 'continueRegularOutput' });

		expect(sms.emulator.received.map((r) => [r.key, r.fault])).toEqual([[phone(0), 'http429'], [phone(1), undefined], [phone(2), undefined], [phone(0), undefined]]);
		expect(result.items.map((i) => i.json.error)).toEqual([undefined, undefined, undefined]);
		expect(smsTwice()).toEqual([]);
	});

	it('without Retry On Fail nothing is kept: a second execution of the same items sends again (as asked)', async () => {
		await sms.run(smsSend, rows(2));
		await sms.run(smsSend, rows(2));

		expect(sms.emulator.state.sent).toHaveLength(4);
	});
});

describe('Email Send with Retry On Fail: the request_id is the same on every try', () => {
	const emailSend = { operation: 'send', from: 'support@mail.acme.com', to: '={{ $json.to }}', subject: 'Hi', html: '<p>Hi</p>' };

	it('a re-run of the node sends each item with its first request_id: EngageLab sends one email per recipient', async () => {
		// Item 0's answers are lost three times (the node's own retries), so n8n re-runs the node.
		email.emulator.faultRecipient('a0@example.com', 'lost', 'lost', 'lost');
		const to = Array.from({ length: 5 }, (_, i) => ({ to: `a${i}@example.com` }));

		const result = await email.run(emailSend, to, { ...RETRY, onError: 'continueRegularOutput', typeVersion: 2 });

		const ids = new Map<string, Set<string>>();
		for (const r of email.emulator.received) {
			const body = JSON.parse(r.rawBody) as { to: string[]; request_id: string };
			ids.set(body.to[0], (ids.get(body.to[0]) ?? new Set()).add(body.request_id));
		}
		expect([...ids.values()].map((s) => s.size)).toEqual([1, 1, 1, 1, 1]);
		expect(email.emulator.received.length).toBeGreaterThan(5); // n8n did re-run the node
		const sentTo = email.emulator.state.sent.map((m) => m.to[0]);
		expect(sentTo.sort()).toEqual(to.map((t) => t.to).sort());
		expect(result.items).toHaveLength(5);
	});
});

describe('Set Properties Increase with Retry On Fail: applied once', () => {
	it('an increase whose answer was lost is not sent again on the next tries; the others are not repeated', async () => {
		ma.emulator.faultEuid('7', 'lost');
		const euids = ['7', '8', '9'].map((euid) => ({ euid }));

		const result = await ma.run(
			{ resource: 'user', operation: 'setProperties', euid: '={{ $json.euid }}', propertyOperation: 'increase', propertiesInput: 'json', propertiesJson: '{"points":5}', options: { timeout: 1_000 } },
			euids,
			{ ...RETRY, onError: 'continueRegularOutput' },
		);

		expect(['7', '8', '9'].map((e) => ma.emulator.ma.properties.get(e)?.points)).toEqual([5n, 5n, 5n]);
		expect(ma.emulator.received).toHaveLength(3);
		expect(String((result.items[0].json.error as IDataObject).message)).toMatch(MAY_OR_MAY_NOT);
	});
});
