import { Credentials } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IExecuteData,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowDataProxyAdditionalKeys,
	IWorkflowExecuteAdditionalData,
	Workflow,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, deepCopy, isExpression, NodeHelpers, UnexpectedError } from 'n8n-workflow';

/** Registry of credential type classes, keyed by `ICredentialType.name`. */
export class TestCredentialTypes {
	private readonly types = new Map<string, ICredentialType>();

	constructor(types: ICredentialType[] = []) {
		types.forEach((t) => this.register(t));
	}

	register(type: ICredentialType) {
		this.types.set(type.name, type);
		return this;
	}

	recognizes(name: string) {
		return this.types.has(name);
	}

	getByName(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new UnexpectedError(`Unknown credential type "${name}"`);
		return type;
	}

	getParentTypes(name: string): string[] {
		const parents = this.types.get(name)?.extends ?? [];
		return parents.flatMap((p) => [p, ...this.getParentTypes(p)]);
	}
}

/**
 * Test `ICredentialsHelper`: returns plain ("decrypted") test credentials per credential type and applies
 * the credential type's `authenticate` exactly like packages/cli/src/credentials-helper.ts does:
 *  - function form: `await credentialType.authenticate(credentials, requestOptions)`
 *  - generic form: every `properties.<outerKey>.<key>: value` is expression-resolved with
 *    `workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials })`
 *    and written to `requestOptions[outerKey][key]` (so `auth: {username, password}` → axios basic auth).
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	private credentials: Record<string, ICredentialDataDecryptedObject> = {};

	/** Every credential data object handed out by getDecrypted(), in order (for assertions). */
	readonly decryptCalls: Array<{ type: string; nodeName?: string }> = [];

	constructor(readonly credentialTypes: TestCredentialTypes) {
		super();
	}

	/** Set test credentials, keyed by credential type name, e.g. `{ toyApi: { apiKey, apiSecret, baseUrl } }`. */
	setCredentials(credentials: Record<string, ICredentialDataDecryptedObject>) {
		this.credentials = deepCopy(credentials);
		return this;
	}

	getParentTypes(name: string): string[] {
		return this.credentialTypes.getParentTypes(name);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		incomingRequestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const requestOptions = incomingRequestOptions as IHttpRequestOptions & Record<string, unknown>;
		const credentialType = this.credentialTypes.getByName(typeName);
		const { authenticate } = credentialType;
		if (!authenticate) return requestOptions;

		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions);
		}

		if (authenticate.type === 'generic') {
			requestOptions.headers ??= {};
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
					const keyResolved = this.resolveValue(key, { $credentials: credentials }, workflow, node);
					const valueResolved = this.resolveValue(value, { $credentials: credentials }, workflow, node);
					const target = (requestOptions[outerKey] ??= {}) as Record<string, unknown>;
					target[keyResolved] = valueResolved;
				}
			}
		}
		return requestOptions;
	}

	/** Same as cli CredentialsHelper.resolveValue (private there). */
	private resolveValue(
		parameterValue: string,
		additionalKeys: IWorkflowDataProxyAdditionalKeys,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(parameterValue)) return parameterValue;
		const returnValue = workflow.expression.getSimpleParameterValue(
			node,
			parameterValue,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		if (!returnValue) return '';
		return returnValue.toString();
	}

	/** Port of cli logic for credentials with an `expirable` hidden property + `preAuthentication()`. */
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const credentialType = this.credentialTypes.getByName(typeName);
		const expirable = credentialType.properties.find(
			(p) => p.type === 'hidden' && p.typeOptions?.expirable === true,
		);
		if (!expirable || typeof credentialType.preAuthentication !== 'function') return undefined;
		const isCredentialTest = node?.parameters?.temp === '' && node?.type === 'n8n-nodes-base.noOp';
		if (credentials[expirable.name] === '' || credentialsExpired || isCredentialTest) {
			const output = await credentialType.preAuthentication.call(helpers, credentials);
			if (output[expirable.name] === undefined) return undefined;
			this.credentials[typeName] = { ...this.credentials[typeName], ...(output as ICredentialDataDecryptedObject) };
			return Object.assign(credentials, output);
		}
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string) {
		return new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type, '');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		_mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.credentials[type];
		if (!data) throw new UnexpectedError(`No test credentials set for type "${type}"`);
		this.decryptCalls.push({ type, nodeName: executeData?.node.name });
		// Like cli applyDefaultsAndOverwrites(): fill in property defaults, hand out a copy.
		const withDefaults = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			deepCopy(data) as never,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject | null;
		return { ...(withDefaults ?? {}), ...deepCopy(data) };
	}

	async updateCredentials(_c: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject) {
		this.credentials[type] = deepCopy(data);
	}

	async updateCredentialsOauthTokenData(
		_c: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	) {
		this.credentials[type] = deepCopy(data);
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const t = this.credentialTypes.getByName(type);
		if (!t.extends) return t.properties;
		const combined: INodeProperties[] = [];
		for (const parent of t.extends) NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		NodeHelpers.mergeNodeProperties(combined, t.properties);
		return combined;
	}
}
