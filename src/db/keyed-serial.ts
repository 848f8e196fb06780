// Runs work one at a time per key, in arrival order, within this process.
//
// For ORDER only, never for the database's sake: every write the product makes is atomic on MongoDB and
// on the embedded engine (test/db/contract), and correctness across instances comes from compare-and-set.
// Used where arrival order is what a person sees: one conversation's turns are answered in the order the
// messages came, and one web chat's activities are appended in that order.
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
