/** What every input rule returns: the value it accepts (canonical form), or the problem to show the user. */
export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };
