// Forgetting a conversation, in one place. Every path that erases one (the exit word, the page's quick exit,
// the "delete this chat" choice, an unfinished conversation expiring) calls this, so a store added later is
// forgotten everywhere once it is listed here. test/conversation/forget-conversation.test.ts checks every
// collection of the database after a quick exit.
export interface ConversationHolders {
  /** The runtime's own records: the session (the dialog's snapshot) and its de-duplication records. */
  sessions: { remove(conversationKey: string): Promise<unknown> };
  inbound: { removeForConversation(conversationKey: string): Promise<unknown> };
  /** Photos and files sent in the conversation that no case holds. */
  evidence: { deleteUnattached(conversationKey: string): Promise<unknown> };
  /** Web chat transcripts (and every open page of them is told to clear itself). */
  transcripts: { eraseByConversationKey(conversationKey: string): Promise<unknown> };
  /** Requests for a person made from the conversation. */
  handoffs: { forgetConversation(conversationKey: string): Promise<unknown> };
  /** Where to reply (SMS, WhatsApp): the address, cached webhook answers, replies outside any case. */
  outbound?: { forget(conversationKey: string): Promise<unknown> };
}

export interface ForgetConversation {
  /** A quick exit: everything this conversation left, where to reach the person included. */
  all(conversationKey: string): Promise<void>;
  /**
   * An unfinished conversation past its expiry: what the conversation held, but not where to reach the person
   * (a case they made earlier from the same number may still need it) nor a request for a person still waiting.
   */
  expired(conversationKey: string): Promise<void>;
}

export function createForgetConversation(holders: ConversationHolders): ForgetConversation {
  const conversation = async (key: string): Promise<void> => {
    await holders.sessions.remove(key);
    await holders.inbound.removeForConversation(key);
    await holders.evidence.deleteUnattached(key);
    await holders.transcripts.eraseByConversationKey(key);
  };
  return {
    async all(key) {
      await conversation(key);
      await holders.handoffs.forgetConversation(key);
      await holders.outbound?.forget(key);
    },
    expired: conversation,
  };
}
