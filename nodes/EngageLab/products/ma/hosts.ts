/** EngageLab MA data centers (docs/ma/api.md, "Hosts"): the credential's `dataCenter` option values. */
export const MA_HOSTS = {
	singapore: 'https://ma-api.engagelab.com',
	virginia: 'https://ma-api-usva.engagelab.com',
} as const;
