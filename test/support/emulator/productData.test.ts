/**
 * The node's messaging data (nodes/EngageLab/messaging/<product>/errorCodes.ts, hosts.ts) and the
 * emulators must tell the same story: every code an emulator can answer has an English entry
 * with the same HTTP status, and each host choice resolves to the documented URL.
 */
import { Workflow, type INode } from 'n8n-workflow';

import { EMAIL_ERROR_CODES } from '../../../nodes/EngageLab/products/email/errorTable';
import { EMAIL_BASE_URL_EXPRESSION, EMAIL_HOST_OPTIONS, EMAIL_HOSTS } from '../../../nodes/EngageLab/products/email/hosts';
import { HTTP_STATUS_FALLBACK, type MessagingErrorInfo } from '../../../nodes/EngageLab/products/errorInfo';
import { OTP_ERROR_CODES } from '../../../nodes/EngageLab/products/otp/errorTable';
import { OTP_BASE_URL_EXPRESSION, OTP_HOST_OPTIONS, OTP_HOSTS } from '../../../nodes/EngageLab/products/otp/hosts';
import { SMS_ERROR_CODES } from '../../../nodes/EngageLab/products/sms/errorTable';
import { SMS_BASE_URL_EXPRESSION, SMS_HOST_OPTIONS, SMS_HOSTS } from '../../../nodes/EngageLab/products/sms/hosts';
import { WHATSAPP_ERROR_CODES } from '../../../nodes/EngageLab/products/whatsapp/errorTable';
import {
	WHATSAPP_BASE_URL_EXPRESSION,
	WHATSAPP_HOST_OPTIONS,
	WHATSAPP_HOSTS,
} from '../../../nodes/EngageLab/products/whatsapp/hosts';
import { EMAIL_INTERNAL, EMAIL_SPEC } from './email/emailEmulator';
import { OTP_SPEC } from './otp/otpEmulator';
import type { ProductSpec } from './productEmulator';
import { SMS_SPEC } from './sms/smsEmulator';
import { WA_SPEC } from './whatsapp/whatsappEmulator';
import { CATALOG } from '../../../nodes/EngageLab/catalog';
import { START_NODE_TYPE, TestNodeTypes } from '../inProcess/nodeTypes';

const products: Array<[string, ProductSpec<never>, Readonly<Record<number, MessagingErrorInfo>>, number[]]> = [
	['sms', SMS_SPEC as unknown as ProductSpec<never>, SMS_ERROR_CODES, []],
	['otp', OTP_SPEC as unknown as ProductSpec<never>, OTP_ERROR_CODES, []],
	// The emulator's own internal-error code is not documented: the node meets it through the HTTP 500 fallback.
	['email', EMAIL_SPEC as unknown as ProductSpec<never>, EMAIL_ERROR_CODES, [EMAIL_INTERNAL]],
	['whatsapp', WA_SPEC as unknown as ProductSpec<never>, WHATSAPP_ERROR_CODES, []],
];

/** Products whose tables are checked against their own emulator elsewhere (test/unit/pushAnswer.test.ts). */
const CHECKED_ELSEWHERE = ['appPush', 'webPush'];

it('covers every product but MA and push (a new one needs its row here and in the hosts table below)', () => {
	const names = CATALOG.slice(1).map((o) => o.product.name).filter((name) => !CHECKED_ELSEWHERE.includes(name));
	expect(products.map(([name]) => name).sort()).toEqual(names.sort());
});

describe.each(products)('%s error table', (_name, spec, table, undocumented) => {
	it('has an entry, with the emulator’s HTTP status, for every code the emulator answers', () => {
		for (const code of Object.keys(spec.messages).map(Number)) {
			if (undocumented.includes(code)) {
				expect(HTTP_STATUS_FALLBACK[spec.httpStatusFor(code)]).toBeDefined();
				continue;
			}
			expect([code, table[code]?.httpStatus]).toEqual([code, spec.httpStatusFor(code)]);
		}
		expect(table[spec.authFailedCode]).toMatchObject({ credential: true, httpStatus: 401 });
	});

	it('says what to check in English, and marks a credential problem exactly for 401/403', () => {
		for (const [code, info] of Object.entries(table)) {
			expect([code, info.meaning]).toEqual([code, expect.stringMatching(/^[A-Z][\x20-\x7e]+[^.]$/)]);
			expect([code, info.check]).toEqual([code, expect.stringMatching(/^[A-Z].{20,}\.$/)]);
			expect([code, info.credential]).toEqual([code, info.httpStatus === 401 || info.httpStatus === 403]);
		}
	});
});

describe('HTTP status fallback', () => {
	it('covers the statuses the emulators and their faults produce', () => {
		for (const status of [400, 401, 403, 404, 429, 500, 502]) expect(HTTP_STATUS_FALLBACK[status]).toBeDefined();
		expect(HTTP_STATUS_FALLBACK[429].transient).toBe(true);
		expect(HTTP_STATUS_FALLBACK[401].credential).toBe(true);
	});
});

function resolve(expression: string, credentials: object): unknown {
	const node: INode = { id: 'n', name: 'n', type: START_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} };
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: new TestNodeTypes() });
	return workflow.expression.getSimpleParameterValue(node, expression, 'internal', { $credentials: credentials as never });
}

describe.each<[string, string, Record<string, string>, ReadonlyArray<{ value: string }>]>([
	['sms', SMS_BASE_URL_EXPRESSION, SMS_HOSTS, SMS_HOST_OPTIONS],
	['otp', OTP_BASE_URL_EXPRESSION, OTP_HOSTS, OTP_HOST_OPTIONS],
	['email', EMAIL_BASE_URL_EXPRESSION, EMAIL_HOSTS, EMAIL_HOST_OPTIONS],
	['whatsapp', WHATSAPP_BASE_URL_EXPRESSION, WHATSAPP_HOSTS, WHATSAPP_HOST_OPTIONS],
])('%s hosts', (_name, expression, hosts, options) => {
	it('offers every host plus a Custom URL', () => {
		expect(options.map((o) => o.value)).toEqual([...Object.keys(hosts), 'custom']);
	});

	it.each(Object.keys(hosts))('resolves %s to its documented URL', (host) => {
		expect(resolve(expression, { host })).toBe(hosts[host]);
	});

	it('resolves a Custom URL without trailing slashes, and an unknown choice to the first host', () => {
		expect(resolve(expression, { host: 'custom', baseUrl: ' http://127.0.0.1:5678// ' })).toBe('http://127.0.0.1:5678');
		expect(resolve(expression, { host: 'mars' })).toBe(Object.values(hosts)[0]);
	});
});
