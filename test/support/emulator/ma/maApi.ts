/**
 * The rest of the MA API, per docs/ma/api.md: Get EUID (/v1/user/register), Set user
 * properties (/v1/user/property) and Report events (/v1/event/report), with the state EngageLab
 * would keep for them.
 */
import { checkEuid, isObject, type JsonObject } from './maRules';
import type { JsonValue } from '../strictJson';

const IDENTITY_NAMES = ['user_id', 'anonymous_id', 'registration_id'];
const PROPERTY_TYPES = ['set', 'increase', 'add', 'remove', 'delete'];
const PROPERTY_NAME = /^[\p{L}\p{N}_]{1,64}$/u;
const EVENT_NAME = /^[a-z][a-z0-9_]*$/;

export interface StoredEvent {
	euid: bigint;
	event_name: string;
	itime: bigint;
	random_id?: string;
	properties?: JsonObject;
	app_key?: string;
}

export class MaState {
	/** `<identity_name>:<value>` → EUID, for identifiers that resolve. Seed it in tests. */
	readonly identities = new Map<string, bigint>();
	readonly properties = new Map<string, Record<string, JsonValue>>();
	/** Events counted, once per random_id. */
	readonly events: StoredEvent[] = [];
	private readonly randomIds = new Set<string>();

	reset(): void {
		this.identities.clear();
		this.properties.clear();
		this.events.length = 0;
		this.randomIds.clear();
	}

	register(body: JsonObject): number | JsonObject {
		const name = body.identity_name;
		const values = body.identity_values;
		if (typeof name !== 'string' || !IDENTITY_NAMES.includes(name)) return 55106;
		if (!Array.isArray(values)) return 55004;
		if (values.length > 100) return 55101;
		if (values.length === 0 || values.some((v) => v === '' || v === null)) return 55107;
		if (values.some((v) => typeof v !== 'string')) return 55004;
		if ((values as string[]).some((v) => [...v].length > 256)) return 55105;
		const data: JsonValue[] = [];
		for (const value of values as string[]) {
			const euid = this.identities.get(`${name}:${value}`);
			if (euid !== undefined) data.push({ identity_value: value, euid });
		}
		return { data };
	}

	setProperties(body: JsonObject): number | JsonObject {
		const problem = checkEuid(body.euid);
		if (problem !== undefined) return problem;
		const { type, properties } = body;
		if (typeof type !== 'string' || !PROPERTY_TYPES.includes(type)) return 55004;
		if (!isObject(properties) || Object.keys(properties).length === 0) return 55004;
		for (const [name, value] of Object.entries(properties)) {
			if (!PROPERTY_NAME.test(name)) return 55102;
			if (type !== 'delete' && (value === null || value === '' || (Array.isArray(value) && value.length === 0))) return 55103;
			if (type === 'increase' && typeof value !== 'bigint') return 55004;
		}
		const euid = String(body.euid);
		const stored = { ...this.properties.get(euid) };
		for (const [name, value] of Object.entries(properties)) {
			const current = Object.hasOwn(stored, name) ? stored[name] : undefined;
			// defineProperty: "__proto__" and the like are plain property names here too.
			const put = (v: JsonValue) => Object.defineProperty(stored, name, { value: v, enumerable: true, writable: true, configurable: true });
			if (type === 'set') put(value);
			else if (type === 'delete') delete stored[name];
			else if (type === 'increase') put((typeof current === 'bigint' ? current : 0n) + (value as bigint));
			else {
				const list = Array.isArray(current) ? current : [];
				const items = Array.isArray(value) ? value : [value];
				put(type === 'add' ? [...list, ...items] : list.filter((v) => !items.includes(v)));
			}
		}
		this.properties.set(euid, stored);
		return {};
	}

	reportEvents(body: JsonObject): number | JsonObject {
		const { data, app_key } = body;
		if (app_key !== undefined && typeof app_key !== 'string') return 55004;
		if (!Array.isArray(data) || data.length === 0) return 55004;
		for (const event of data) {
			if (!isObject(event)) return 55004;
			const problem = checkEuid(event.euid);
			if (problem !== undefined) return problem;
			if (typeof event.event_name !== 'string' || !EVENT_NAME.test(event.event_name)) return 55004;
			if (typeof event.itime !== 'bigint' || event.itime < 0n) return 55004;
			if (event.random_id !== undefined && typeof event.random_id !== 'string') return 55004;
			if (event.properties !== undefined && !isObject(event.properties)) return 55004;
		}
		for (const event of data as JsonObject[]) {
			const randomId = event.random_id as string | undefined;
			if (randomId !== undefined) {
				if (this.randomIds.has(randomId)) continue; // a retried report is not counted twice
				this.randomIds.add(randomId);
			}
			this.events.push({
				euid: event.euid as bigint,
				event_name: event.event_name as string,
				itime: event.itime as bigint,
				random_id: randomId,
				properties: event.properties as JsonObject | undefined,
				app_key: app_key as string | undefined,
			});
		}
		return {};
	}
}
