import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * The secrets EngageLab callbacks are checked with, for the EngageLab Trigger. One credential
 * for every product: each product's console shows its own username/secret or app key, and the
 * trigger reads only the fields its verification method needs (see the README).
 */
export class EngageLabWebhookApi implements ICredentialType {
	name = 'engageLabWebhookApi';

	displayName = 'EngageLab Webhook API';

	icon = { light: 'file:../nodes/EngageLabTrigger/engagelab.svg', dark: 'file:../nodes/EngageLabTrigger/engagelab.dark.svg' } as const;

	documentationUrl = 'https://www.engagelab.com/docs/sms/api/callback';

	properties: INodeProperties[] = [
		{
			displayName: 'Callback Username',
			name: 'username',
			type: 'string',
			default: '',
			description: 'SMS, OTP and App Push: the username set on the callback in the EngageLab console',
		},
		{
			displayName: 'Callback Secret',
			name: 'secret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'SMS, OTP and App Push: the secret set with that username; callbacks are signed with it',
		},
		{
			displayName: 'Email Webhook Secret (App Key)',
			name: 'emailSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Email: the key shown under Send Settings → WebHook; Email callbacks are signed with it',
		},
		{
			displayName: 'Secret Token',
			name: 'urlToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"A long random value (at least 16 characters) EngageLab sends with every callback: append ?token=… to the callback URL, or (SMS, OTP, App Push, trigger version 3) enter Bearer … in the console's Authorization field. Proves the caller knows it, not what the body says; a URL may end up in proxies' logs.",
		},
	];
}
