/** EngageLab Marketing Automation (docs/ma/api.md): User and Event, with the MA credential. */
import type { Product } from '../product';
import { readMaAnswer } from './answer';
import { MA_PROBE } from './credentialProbe';
import { MA_ERROR_CODES } from './errorTable';
import { MA_DEFAULT_HOST, MA_HOSTS } from './hosts';

export const MA = {
	name: 'ma',
	title: 'EngageLab',
	credentialType: 'engageLabApi',
	testName: 'engageLabApiTest',
	userField: 'apiKey',
	passwordField: 'apiSecret',
	hosts: { field: 'dataCenter', urls: MA_HOSTS, default: MA_DEFAULT_HOST, urlProblemPrefix: '' },
	errorCodes: MA_ERROR_CODES,
	readAnswer: readMaAnswer,
	probe: MA_PROBE,
} as const satisfies Product;

/** What one MA request may carry (docs/ma/api.md). */
export const MA_LIMITS = {
	/** Identifier values per Get EUID request (error 55101 above it). */
	identifiersPerRequest: 100,
	/** Events per Report request: EngageLab documents no maximum; the node's own cap on Batch Size. */
	eventsPerBatch: 1000,
} as const;
