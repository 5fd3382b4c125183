/**
 * The only list of products: each EngageLab API the node talks to, and the resources that use it.
 * The node's credential entries (their displayOptions), its Resource picker, its credential tests
 * and the product a resource connects to are derived from it. The first product is the default
 * resource's (MA: User and Event).
 */
import type { ICredentialsDisplayOptions, ICredentialTestFunction } from 'n8n-workflow';

import { appPush } from './actions/appPush/appPush.resource';
import { email } from './actions/email/email.resource';
import { event } from './actions/event/event.resource';
import { otp } from './actions/otp/otp.resource';
import { sms } from './actions/sms/sms.resource';
import type { Resource } from './actions/types';
import { user } from './actions/user/user.resource';
import { webPush } from './actions/webPush/webPush.resource';
import { whatsapp } from './actions/whatsapp/whatsapp.resource';
import { credentialTestFor } from './methods/credentialTest';
import { EMAIL } from './products/email/email.product';
import { MA } from './products/ma/ma.product';
import { OTP } from './products/otp/otp.product';
import type { Product } from './products/product';
import { APP_PUSH } from './products/push/appPush.product';
import { WEB_PUSH } from './products/push/webPush.product';
import { SMS } from './products/sms/sms.product';
import { WHATSAPP } from './products/whatsapp/whatsapp.product';

interface Offering {
	readonly product: Product;
	readonly resources: readonly Resource[];
}

export const CATALOG = [
	{ product: MA, resources: [event, user] },
	{ product: SMS, resources: [sms] },
	{ product: OTP, resources: [otp] },
	{ product: EMAIL, resources: [email] },
	{ product: WHATSAPP, resources: [whatsapp] },
	{ product: APP_PUSH, resources: [appPush] },
	{ product: WEB_PUSH, resources: [webPush] },
] as const satisfies readonly Offering[];

const valueOf = (r: Resource) => r.resource.value;

/** Every resource, in the Resource picker's (alphabetical) order. */
export const RESOURCES: readonly Resource[] = CATALOG.flatMap((o): Resource[] => [...o.resources]).sort((a, b) =>
	valueOf(a) < valueOf(b) ? -1 : valueOf(a) > valueOf(b) ? 1 : 0,
);

/** Every product's credential test by its name (the credentials' testedBy), for the node's methods.credentialTest. */
export const CREDENTIAL_TESTS: Record<string, ICredentialTestFunction> = Object.fromEntries(
	CATALOG.map(({ product }) => [product.testName, credentialTestFor(product)]),
);

const resourcesOf = (product: Product): string[] =>
	CATALOG.filter((o) => o.product === product)
		.flatMap((o) => o.resources.map(valueOf))
		.sort();

/**
 * When a product's credential shows: for its own resources. The first product (MA) is *hidden*
 * for every other product's resources instead of shown for its own: were every Resource value
 * listed in some credential's `show`, n8n's editor would take Resource for the credential selector
 * (getMainAuthField), move it into the credential dialog and make User and Event, which share one
 * credential, unselectable.
 */
export function credentialDisplay(product: Product): ICredentialsDisplayOptions {
	if (product !== CATALOG[0].product) return { show: { resource: resourcesOf(product) } };
	const others = CATALOG.filter((o) => o.product !== product).flatMap((o) => o.resources.map(valueOf));
	return { hide: { resource: others.sort() } };
}

/** The product a resource sends with (its credential); an unknown resource gets the first (MA), whose credential is read before the operation is refused. */
export function productOf(resource: string): Product {
	return CATALOG.find((o) => o.resources.some((r) => valueOf(r) === resource))?.product ?? CATALOG[0].product;
}
