// The runtime's one way to forget a conversation, as tests build it: the real session and dedupe stores, and
// the holders outside the runtime (evidence, transcripts, hand-offs, addresses) recorded instead of touched.
import { createForgetConversation, type ForgetConversation } from '../../src/conversation/forget';
import type { ConversationStores } from '../../src/conversation/stores.mongo';

export function forgetRecording(stores: Pick<ConversationStores, 'sessions' | 'inbound'>, forgotten: string[] = [], expired: string[] = []): ForgetConversation {
  const elsewhere = { forget: async () => {} };
  const real = createForgetConversation({
    sessions: stores.sessions,
    inbound: stores.inbound,
    evidence: { deleteUnattached: async () => 0 },
    transcripts: { eraseByConversationKey: async () => {} },
    handoffs: { forgetConversation: async () => 0 },
    outbound: elsewhere,
  });
  return {
    all: async (key) => {
      forgotten.push(key);
      await real.all(key);
    },
    expired: async (key) => {
      expired.push(key);
      await real.expired(key);
    },
  };
}
