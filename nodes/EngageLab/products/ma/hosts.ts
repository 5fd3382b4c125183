/** EngageLab MA data centers (docs/ma/api.md, "Hosts"): the credential's `dataCenter` option values. */
export const MA_HOSTS = {
	singapore: 'https://ma-api.engagelab.com',
	virginia: 'https://ma-api-usva.engagelab.com',
} as const;

/** The choice a new credential starts with (unless EngageLab set the account up in Virginia). */
export const MA_DEFAULT_HOST = 'singapore';

export const MA_HOST_OPTIONS = [
	{ name: 'Singapore', value: 'singapore', description: MA_HOSTS.singapore },
	{ name: 'Virginia (USA)', value: 'virginia', description: MA_HOSTS.virginia },
	{ name: 'Custom', value: 'custom', description: 'Another address: a proxy in front of EngageLab, a private deployment or a test server' },
] as const;
