// Runs work one at a time per key, in arrival order, within this process.
//
// Why: FerretDB v1 (the embedded database) applies an update's filter and its write as separate
// steps, so concurrent updates of one document lose writes (measured: 20 concurrent $inc+$push on
// one document kept between 1 and 14). Writes that many requests make to one document (a web chat
// transcript, a message's delivery status, a conversation's turn) go through here. MongoDB makes
// each update atomic, so several instances stay correct there; the embedded database runs as one.
export interface KeyedSerial {
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Settles when everything queued so far has finished (shutdown). */
  drain(): Promise<void>;
}

export function createKeyedSerial(): KeyedSerial {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const next = previous.then(work, work);
      tails.set(key, next);
      void next
        .finally(() => {
          if (tails.get(key) === next) tails.delete(key);
        })
        .catch(() => {});
      return next;
    },
    drain: async () => {
      await Promise.allSettled([...tails.values()]);
    },
  };
}
