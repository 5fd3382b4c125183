/**
 * `body.message`: a custom (in-app) message, delivered to the app and not shown by the system
 * (fact sheet §4). `msg_content` is text, or a JSON object (EngageLab's SDKs 0.1.1).
 */
import { type Built, type JsonObject, problem, text } from './built';

export interface MessageParams {
	content?: unknown;
	/** Send Content as a JSON object rather than text. */
	contentIsJson?: boolean;
	title?: unknown;
	contentType?: unknown;
}

export function buildMessage(params: MessageParams, extras?: JsonObject): Built<JsonObject> {
	let content: unknown = params.content;
	if (params.contentIsJson) {
		if (typeof content === 'string') {
			try {
				content = JSON.parse(content);
			} catch {
				return problem('Message content is not valid JSON', 'Turn off "Content Is JSON" to send it as text.');
			}
		}
		if (content === null || typeof content !== 'object' || Array.isArray(content)) {
			return problem('Message content must be a JSON object');
		}
		if (Object.keys(content).length === 0) return problem('Message content is empty');
	} else {
		if (content !== null && typeof content === 'object') content = JSON.stringify(content);
		content = typeof content === 'string' ? content : text(content);
		if (content === '') return problem('Message content is empty', 'A custom message needs content.');
	}
	const out: JsonObject = { msg_content: content };
	const title = text(params.title);
	if (title !== '') out.title = title;
	const contentType = text(params.contentType);
	if (contentType !== '') out.content_type = contentType;
	if (extras && Object.keys(extras).length > 0) out.extras = extras;
	return { ok: out };
}
