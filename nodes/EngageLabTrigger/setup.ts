/**
 * What the trigger needs from its credential and options, checked when the workflow is
 * activated (so a missing secret fails activation with a message, not every callback) and again
 * on each callback.
 */
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { Verification } from './description';
import type { CallbackSource } from './callbackEvents';
import { parseAllowList } from './sourceIp';

/** Shorter URL tokens are refused: the token is the only check on unsigned callbacks. */
const MIN_TOKEN_LENGTH = 16;

export const field = (credentials: ICredentialDataDecryptedObject | undefined, name: string): string =>
	typeof credentials?.[name] === 'string' ? (credentials[name] as string) : '';

export function setupProblem(
	product: CallbackSource,
	verification: Verification,
	credentials: ICredentialDataDecryptedObject | undefined,
	allowedIps: string | undefined,
	nodeVersion = 1,
): string | undefined {
	if (allowedIps?.trim()) {
		const list = parseAllowList(allowedIps, nodeVersion >= 3);
		if ('error' in list) return `Allowed Source IPs: ${list.error}`;
	}
	if (verification === 'none') return undefined;
	if (verification === 'urlToken' || verification === 'signatureAndToken') {
		if (field(credentials, 'urlToken').length < MIN_TOKEN_LENGTH) {
			return `The credential's Secret Token (URL Token) must be at least ${MIN_TOKEN_LENGTH} characters (use a long random value)`;
		}
		if (verification === 'urlToken') return undefined;
	}
	if (product === 'whatsapp') return 'EngageLab does not sign WhatsApp callbacks: choose the URL Token verification';
	if (product === 'email') {
		return field(credentials, 'emailSecret') ? undefined : "The credential has no Email Webhook Secret (the App Key from the Email console's WebHook settings)";
	}
	if (!field(credentials, 'username') || !field(credentials, 'secret')) {
		return 'The credential needs the Callback Username and Callback Secret set on the callback in the EngageLab console';
	}
	return undefined;
}
