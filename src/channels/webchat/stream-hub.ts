// Open Direct Line sockets in this process, by conversation. What this process appends is handed to every
// socket of the conversation from memory; a socket reads the transcript only when it has missed something
// (it connected mid-way, or another instance appended). A conversation has at most `maxPerConversation`
// sockets: a person has a few tabs, a script has hundreds. (Across instances: sticky sessions, or polling.)
export interface AppendedBatch {
  activities: unknown[];
  /** Watermark before the first of these activities. */
  from: number;
  /** Watermark after them. */
  watermark: number;
}

export interface StreamSubscriber {
  /** Activities just appended to the transcript. */
  deliver(batch: AppendedBatch): void;
  /** Activities that are not (and will not be) stored. */
  sendEphemeral(activities: unknown[]): void;
  close(code: number): void;
}

export const MAX_STREAMS_PER_CONVERSATION = 8;

export class StreamHub {
  private readonly byConversation = new Map<string, Set<StreamSubscriber>>();

  constructor(private readonly maxPerConversation = MAX_STREAMS_PER_CONVERSATION) {}

  /** True when another socket may open for this conversation. */
  hasRoom(conversationId: string, limit = this.maxPerConversation): boolean {
    return (this.byConversation.get(conversationId)?.size ?? 0) < limit;
  }

  /** Adds a socket; undefined when the conversation already has as many as it may. */
  add(conversationId: string, subscriber: StreamSubscriber): (() => void) | undefined {
    let set = this.byConversation.get(conversationId);
    if (!set) {
      set = new Set();
      this.byConversation.set(conversationId, set);
    }
    if (set.size >= this.maxPerConversation) return undefined;
    set.add(subscriber);
    return () => {
      const current = this.byConversation.get(conversationId);
      current?.delete(subscriber);
      if (current?.size === 0) this.byConversation.delete(conversationId);
    };
  }

  publish(conversationId: string, batch: AppendedBatch): void {
    for (const s of this.byConversation.get(conversationId) ?? []) s.deliver(batch);
  }

  pushEphemeral(conversationId: string, activities: unknown[]): void {
    for (const s of this.byConversation.get(conversationId) ?? []) s.sendEphemeral(activities);
  }

  /** Closes every socket of a conversation (erased), after sending each the `farewell` activities. */
  closeConversation(conversationId: string, farewell: unknown[] = []): void {
    for (const s of [...(this.byConversation.get(conversationId) ?? [])]) {
      if (farewell.length > 0) s.sendEphemeral(farewell);
      s.close(1000);
    }
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
