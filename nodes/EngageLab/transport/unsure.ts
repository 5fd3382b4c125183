/**
 * The errors of requests that were not repeated because EngageLab may have applied them before the
 * answer was lost (engageLabRequest's "may or may not have been applied"): the send ledger
 * (execution/sendLedger.ts) keeps these so that n8n's Retry On Fail does not send them again.
 */
export const mayHaveBeenApplied = new WeakSet<Error>();
