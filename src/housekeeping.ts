// What one housekeeping run removes, in order: closed cases past the pack's retention together with
// everything that belongs to them (history, alerts, evidence, delivery records), web chat transcripts of
// expired conversations, cached webhook answers, and reply addresses nobody has written from for a long time;
// then the follow-up's own tidying (surveys, plans).
// Run by one instance at a time under a lease (see src/compose.ts).
import type { Logger } from './log/logger';

/** A reply address nobody has written from for this long is forgotten (cases rarely stay open longer). */
const REPLY_ADDRESS_IDLE_MS = 400 * 24 * 3600_000;
/** Twilio retries a webhook within minutes; a day is far beyond any retry. */
const WEBHOOK_ANSWER_MS = 24 * 3600_000;

export interface HousekeepingDeps {
  cases: { purgeExpired(): Promise<{ caseIds: string[] }> };
  evidence: { deleteForCases(caseIds: string[]): Promise<number> };
  transcripts: { purgeIdle(before: Date): Promise<number> };
  /** Conversations with a person: those of purged cases, and those that ended without a case. */
  handoffs?: { purge(input: { caseIds: string[]; endedBefore: Date }): Promise<number> };
  /** Present when SMS/WhatsApp are configured. */
  outbound?: {
    forgetCases(caseIds: string[]): Promise<number>;
    purge(input: { repliesBefore: Date; contactsIdleSince?: Date }): Promise<{ replies: number; contacts: number }>;
  };
  /** Keeping reporters informed (src/staff/updates/setup.ts): surveys nobody answered in time, old wrong-try
   *  counts, the plans of purged cases, and surveys held back for safe times tried again. */
  followUp?: { tidy(input: { caseIds: string[] }): Promise<void> };
  /** Unfinished conversations are erased after this long (SESSION_EXPIRY_HOURS). */
  expiryHours: number;
  now: () => Date;
  logger: Logger;
}

export function createHousekeeping(deps: HousekeepingDeps) {
  return {
    async run(): Promise<{ cases: number; evidence: number; transcripts: number }> {
      const at = deps.now().getTime();
      const { caseIds } = await deps.cases.purgeExpired();
      const evidence = await deps.evidence.deleteForCases(caseIds);
      await deps.outbound?.forgetCases(caseIds);
      await deps.handoffs?.purge({ caseIds, endedBefore: new Date(at - deps.expiryHours * 3600_000) });
      const transcripts = await deps.transcripts.purgeIdle(new Date(at - deps.expiryHours * 3600_000));
      await deps.outbound?.purge({ repliesBefore: new Date(at - WEBHOOK_ANSWER_MS), contactsIdleSince: new Date(at - REPLY_ADDRESS_IDLE_MS) });
      await deps.followUp?.tidy({ caseIds });
      const summary = { cases: caseIds.length, evidence, transcripts };
      deps.logger.info(summary, 'housekeeping done');
      return summary;
    },
  };
}
