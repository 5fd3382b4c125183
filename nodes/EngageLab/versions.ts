/**
 * The node's versions, and every default that differs between them: the one place to change when
 * a default changes (a saved workflow keeps the version it was made with, so its defaults never
 * move under it). See docs/DEVELOPMENT.md, "Node versions".
 */
export const NODE_VERSIONS = [1, 2] as const;
export type NodeVersion = (typeof NODE_VERSIONS)[number];

/** The version n8n gives a node newly added to a workflow. */
export const DEFAULT_NODE_VERSION: NodeVersion = 2;

export interface VersionDefaults {
	/** Options → Concurrency when unset: requests in flight at once. */
	concurrency: number;
	/**
	 * Options → Concurrency Mode when unset: a fixed number in flight (1), or found while the node
	 * runs (Auto, 2 on: AIMD, see execution/adaptiveConcurrency.ts).
	 */
	concurrencyMode: 'fixed' | 'auto';
	/** The subtitle under the node: `setContact: user` (1) or the operation's display name (2 on). */
	subtitle: 'operationValue' | 'operationName';
	/** Report's Event Time, App Key, Report ID and Batch Size: top-level fields (1) or in Additional Fields (2 on). */
	reportSettings: 'topLevel' | 'additionalFields';
	/**
	 * Identify User By: on Set Contact only, by EUID, user ID or anonymous ID (1), or on Set
	 * Contact, Set Properties and Report, by registration ID too (2 on).
	 */
	identifyUserBy: 'setContactOnly' | 'everyUserOperation';
}

export const VERSION_DEFAULTS: Readonly<Record<NodeVersion, VersionDefaults>> = {
	1: { concurrency: 5, concurrencyMode: 'fixed', subtitle: 'operationValue', reportSettings: 'topLevel', identifyUserBy: 'setContactOnly' },
	2: { concurrency: 5, concurrencyMode: 'auto', subtitle: 'operationName', reportSettings: 'additionalFields', identifyUserBy: 'everyUserOperation' },
};

/** The defaults of a saved node's version; an unknown (newer) version gets the newest defaults. */
export function defaultsFor(version: number): VersionDefaults {
	return VERSION_DEFAULTS[version as NodeVersion] ?? VERSION_DEFAULTS[DEFAULT_NODE_VERSION];
}

/** The versions whose defaults have `pick(defaults) === value`, for `@version` display options. */
export function versionsWhere<T>(pick: (d: VersionDefaults) => T, value: T): NodeVersion[] {
	return NODE_VERSIONS.filter((v) => pick(VERSION_DEFAULTS[v]) === value);
}
