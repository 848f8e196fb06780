// Expired conversations go in bounded batches: each is several deletes, and a backlog (a service back after a
// long stop, years of data loaded at once) erased in one run held the job for 13 s at 100,000 cases. What is
// left waits for the next run.
import type { KeyedSerial } from '../db/keyed-serial';
import type { Logger } from '../log/logger';
import { errorCode } from './effects-runner';
import type { ForgetConversation } from './forget';
import type { InboundStore } from './inbound.mongo';
import type { SessionStore } from './session.mongo';

export interface ExpiredPurgeDeps {
  sessions: SessionStore;
  inbound: InboundStore;
  forget: ForgetConversation;
  /** The runtime's per-conversation queue: a conversation is erased between its turns, never during one. */
  turns: KeyedSerial;
  /** Dedupe records older than this are removed with their conversations. */
  expiryMs: number;
  /** At most this many expired conversations per run (dedupe records: ten times as many). */
  perRun: number;
  clock: () => Date;
  logger: Logger;
}

export function createExpiredPurge(deps: ExpiredPurgeDeps): () => Promise<{ sessions: number; inbound: number }> {
  const { sessions, inbound, turns, perRun, logger } = deps;
  return async function purgeExpired() {
    const now = deps.clock();
    let removed = 0;
    for (let looked = 0; looked < perRun; ) {
      const want = Math.min(100, perRun - looked);
      const batch = await sessions.findExpired(now, want);
      looked += batch.length;
      for (const session of batch) {
        // In the conversation's own queue: a turn arriving now is never cut off half-way, and a session it
        // has just renewed is no longer expired when this runs.
        const gone = await turns.run(session.conversationKey, () => sessions.removeIfExpired(session.conversationKey, now));
        if (!gone) continue;
        removed += 1;
        try {
          await deps.forget.expired(session.conversationKey);
        } catch (error) {
          logger.error({ sessionId: session.sessionId, err: { type: errorCode(error) } }, 'erasing an expired conversation failed');
        }
      }
      if (batch.length < want) break;
    }
    const inboundRemoved = await inbound.removeOlderThan(new Date(now.getTime() - deps.expiryMs), perRun * 10);
    if (removed > 0 || inboundRemoved > 0) logger.info({ sessions: removed, inbound: inboundRemoved }, 'expired conversations purged');
    return { sessions: removed, inbound: inboundRemoved };
  };
}
