// Open Direct Line sockets in this process, by conversation. An append anywhere in this process wakes
// the sockets of that conversation, which then read what they have not sent from the transcript, so a
// socket never skips an activity. (Across several instances: sticky sessions, or the client polls.)
export interface StreamSubscriber {
  /** Read and send whatever is new in the transcript. */
  pump(): void;
  /** Send activities that are not (and will not be) stored. */
  sendEphemeral(activities: unknown[]): void;
  close(code: number): void;
}

export class StreamHub {
  private readonly byConversation = new Map<string, Set<StreamSubscriber>>();

  add(conversationId: string, subscriber: StreamSubscriber): () => void {
    let set = this.byConversation.get(conversationId);
    if (!set) {
      set = new Set();
      this.byConversation.set(conversationId, set);
    }
    set.add(subscriber);
    return () => {
      const current = this.byConversation.get(conversationId);
      current?.delete(subscriber);
      if (current?.size === 0) this.byConversation.delete(conversationId);
    };
  }

  notify(conversationId: string): void {
    for (const s of this.byConversation.get(conversationId) ?? []) s.pump();
  }

  pushEphemeral(conversationId: string, activities: unknown[]): void {
    for (const s of this.byConversation.get(conversationId) ?? []) s.sendEphemeral(activities);
  }

  /** Closes every socket of a conversation (erased). */
  closeConversation(conversationId: string): void {
    for (const s of [...(this.byConversation.get(conversationId) ?? [])]) s.close(1000);
    this.byConversation.delete(conversationId);
  }

  closeAll(): void {
    for (const id of [...this.byConversation.keys()]) this.closeConversation(id);
  }

  get size(): number {
    let n = 0;
    for (const set of this.byConversation.values()) n += set.size;
    return n;
  }
}
