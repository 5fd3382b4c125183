/**
 * What a product is: the facts of one EngageLab API that the node, its credential and its
 * credential test need (products/<p>/<p>.product.ts holds each one; catalog.ts lists them). Flat
 * fields, so tests and the harness read `product.userField` and the like.
 */
import type { IDataObject, INodeCredentialTestResult } from 'n8n-workflow';

import type { AnswerReader } from '../transport/outcome';
import type { Redactor } from '../transport/redact';
import type { ErrorCodeInfo } from './errorInfo';

/** The credential's host choice: its field, the URL each option stands for, the default. */
export interface ProductHosts {
	/** The credential field holding the choice: MA's `dataCenter`, the messaging products' `host`. */
	readonly field: 'dataCenter' | 'host';
	readonly urls: Readonly<Record<string, string>>;
	readonly default: string;
	/** Put before a bad Custom Base URL's problem: which product's credential it is ('' for MA). */
	readonly urlProblemPrefix: string;
	/** A Custom Base URL made ready for the shared check (push: a trailing /v4 dropped, D1). */
	readonly customUrl?: (raw: string) => string;
}

/** What the credential test's probe got back (transport/probe.ts). */
export interface ProbeAnswer {
	status: number;
	body: unknown;
	headers?: IDataObject;
}

/** The credential test's request, and the verdict on its answer: nothing for a pass, or what came back instead. */
export interface CredentialProbe {
	/** The path, with its query string if any. */
	readonly path: string;
	/** A POST's JSON body; without one, a GET. */
	readonly body?: string;
	judge(answer: ProbeAnswer, url: string, redact: Redactor): Partial<INodeCredentialTestResult>;
}

export interface Product {
	/** 'ma', 'sms', …: also the emulator's and the guide page's name. */
	readonly name: string;
	/** The docs folder (docs/<folder>/guide.md) when it is not `name`: App and Web Push share docs/push/. */
	readonly docs?: string;
	/** As users see it at the start of messages: "EngageLab SMS" ("EngageLab" for MA). */
	readonly title: string;
	/** The n8n credential type (credentials/EngageLab<Product>Api.credentials.ts). */
	readonly credentialType: string;
	/** The credential test's name (the node's methods.credentialTest and the credential's testedBy). */
	readonly testName: string;
	/** The credential's fields holding the Basic user and password. */
	readonly userField: string;
	readonly passwordField: string;
	readonly hosts: ProductHosts;
	readonly errorCodes: Readonly<Record<number, ErrorCodeInfo>>;
	/** How an answer reads: answerReader (transport/outcome.ts) with the product's rules. */
	readonly readAnswer: AnswerReader;
	readonly probe: CredentialProbe;
}
