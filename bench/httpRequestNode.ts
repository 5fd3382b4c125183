/**
 * HOOK / TODO (figure 2, and the HTTP Request node's half of figure 4): the same workflow in real
 * n8n with n8n's HTTP Request node (Basic auth, JSON body, batching at the same parallelism)
 * against our node, throughput and peak memory. That needs a real n8n instance, which the
 * end-to-end suite on main (test/e2e/) sets up; once it lands, start it here, import both
 * workflows, run each on the bench emulator's items, and return the figures as text.
 * Until then this returns undefined and `npm run bench` says the figure was not measured.
 */
export async function measureHttpRequestNode(): Promise<string | undefined> {
	return undefined;
}
