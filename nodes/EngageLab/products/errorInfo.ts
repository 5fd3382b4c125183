/**
 * The shape of the products' error tables (products/<product>/errorTable.ts), and for the
 * messaging products what an HTTP status alone says when a code is unknown. Data only: each
 * product's answer rules read these. Facts: docs/ma/api.md, docs/messaging/*.md.
 */
/** One row of a product's error table. */
export interface ErrorCodeInfo {
	meaning: string;
	check: string;
	/** Transient: worth trying again later (as opposed to a problem in the request or credential). */
	transient?: boolean;
	/**
	 * The API key and secret were refused: the credential is wrong. The credential test fails on
	 * these; any other code EngageLab knows means the key and secret were accepted.
	 */
	credential?: boolean;
	/** Push: the rate limiter refused the request, which was not applied (pause, then repeat). */
	rateLimit?: boolean;
	/** The HTTP status EngageLab is documented to answer with this code (push: absent where the docs show none). */
	httpStatus?: number;
}

export interface MessagingErrorInfo extends ErrorCodeInfo {
	/** The code means the credential (key pair, host or its rights) is wrong, not the item. */
	credential: boolean;
	/** The HTTP status EngageLab is documented (or assumed) to answer with this code. */
	httpStatus: number;
	/** True when the docs do not confirm this code for this product (see the product's doc, "Errors"). */
	provisional?: boolean;
}

/** For answers whose code is missing or not in the product's table: what the status alone says. */
export const HTTP_STATUS_FALLBACK: Readonly<Record<number, Omit<MessagingErrorInfo, 'httpStatus'>>> = {
	400: {
		meaning: 'The request was rejected',
		check: 'Check the fields of the item against the message EngageLab returned.',
		credential: false,
	},
	401: {
		meaning: 'Authentication failed',
		check: 'Check the key pair in the credential and that its host (data center) is the one your account is in.',
		credential: true,
	},
	403: {
		meaning: 'Not allowed',
		check: 'The key pair is valid but may not use this API: check its permissions in the EngageLab console.',
		credential: true,
	},
	404: {
		meaning: 'Not found',
		check: "Check the credential's host or Custom URL: this path does not exist there.",
		credential: true,
	},
	429: {
		meaning: 'Too many requests',
		check: 'Lower the concurrency or wait before trying again.',
		credential: false,
		transient: true,
	},
	500: {
		meaning: 'EngageLab server error',
		check: 'Try again later; if it keeps happening, contact EngageLab support.',
		credential: false,
		transient: true,
	},
	502: { meaning: 'Bad gateway', check: 'Try again later.', credential: false, transient: true },
	503: { meaning: 'Service unavailable', check: 'Try again later.', credential: false, transient: true },
	504: { meaning: 'Gateway timeout', check: 'Try again later.', credential: false, transient: true },
};
