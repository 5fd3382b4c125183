/**
 * How the EngageLab MA API's answers read: success is `code` 0 with a 2xx; any other code is an
 * error, explained from MA's table (errorTable.ts) when EngageLab documents it.
 */
import { answerReader, fail, type Answer, type EngageLabResponse, type Outcome } from '../../transport/outcome';
import { redactJson } from '../../transport/redact';
import { MA_ERROR_CODES } from './errorTable';

function maRules({ status, ok, body, code, said, excerpt, statusTransient, redact }: Answer): Outcome {
	const httpCode = String(status);
	// A server or proxy may echo the credential in a success body too: it is merged into the output.
	if (code === 0 && ok) return { ok: true, response: redactJson(body as EngageLabResponse, redact) };

	// Only EngageLab's own codes decide; a gateway's {"code":502} falls back to the HTTP status.
	const known = code !== undefined && code !== 0 ? MA_ERROR_CODES[code] : undefined;
	if (code !== undefined && known) {
		return fail({
			message: `EngageLab error ${code}: ${known.meaning}`,
			description: [known.check, said ? `EngageLab said: "${said}".` : undefined, `HTTP status ${status}.`].filter(Boolean).join(' '),
			httpCode,
			code,
			apiMessage: said,
			transient: known.transient === true,
			// A business refusal was not applied; code -1 (internal error) may have been, in part.
			notApplied: known.transient !== true,
		});
	}

	if (code !== undefined && code !== 0 && !statusTransient && !ok) {
		return fail({
			message: `EngageLab error ${code}: ${said || 'unknown error'}`,
			description: [said ? `EngageLab said: "${said}".` : undefined, `HTTP status ${status}.`].filter(Boolean).join(' '),
			httpCode,
			code,
			apiMessage: said,
			transient: false,
			notApplied: false,
		});
	}
	if (code !== undefined && code !== 0 && ok) {
		return fail({
			message: `EngageLab error ${code}: ${said || 'unknown error'}`,
			description: `EngageLab answered with a code it does not document.${said ? ` EngageLab said: "${said}".` : ''} HTTP status ${status}.`,
			httpCode,
			code,
			apiMessage: said,
			transient: false,
			notApplied: false,
		});
	}
	if (code !== undefined) {
		// An HTTP error with a "success" body, or with a code that is not EngageLab's: the status decides.
		return fail({
			message: `EngageLab answered HTTP ${status}`,
			description:
				`The body said code ${code} (${said || 'no message'}), which is not an EngageLab error, and the HTTP status is an error.` +
				(statusTransient ? ' The service or a proxy in front of it is unavailable or overloaded; try again later.' : ''),
			httpCode,
			excerpt,
			transient: statusTransient,
			notApplied: false,
		});
	}
	// No EngageLab answer at all. A 2xx whose body is cut off or not JSON: the request may have
	// been applied and the answer lost on the way, so it is transient and ambiguous.
	const quoted = excerpt ? ` The body began with: ${excerpt}` : '';
	return fail({
		message: ok
			? `EngageLab answered HTTP ${status} with a body that is not an EngageLab response`
			: `EngageLab answered HTTP ${status}${excerpt ? ' with a body that is not JSON' : ' with an empty body'}`,
		description:
			(ok || statusTransient
				? 'The service or a proxy in front of it is unavailable or overloaded, or the answer was cut off; try again later. '
				: "Check the credential's data center or Base URL: it should point at the EngageLab MA API. ") + quoted.trim(),
		httpCode,
		excerpt,
		transient: ok || statusTransient,
		notApplied: false,
	});
}

/** The MA API's answer reader (User and Event requests, and the MA credential test). */
export const readMaAnswer = answerReader(maRules);
