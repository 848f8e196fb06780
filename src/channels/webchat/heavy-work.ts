// Long messages and uploads are what a flood is made of, and each is several durable writes of kilobytes: they
// run one at a time across every conversation, in arrival order, so an ordinary turn (anyone's SMS, a tap on a
// button) never waits in the database behind more than one of them. When too many are already waiting the
// next is refused at once (429, "try again") instead of being queued: a person pasting a statement meets
// neither in practice; eight clients pasting 12 KB as fast as they are answered meet both.
export interface HeavyWork {
  /** Runs `work` in its turn, or returns undefined at once when the queue is full. */
  run<T>(work: () => Promise<T>): Promise<T> | undefined;
}

export function createHeavyWork(options: { concurrency?: number; waiting?: number } = {}): HeavyWork {
  const concurrency = options.concurrency ?? 1;
  const maxWaiting = options.waiting ?? 8;
  let running = 0;
  const queue: (() => void)[] = [];
  const next = (): void => {
    if (running >= concurrency) return;
    const start = queue.shift();
    if (start) start();
  };
  return {
    run<T>(work: () => Promise<T>): Promise<T> | undefined {
      if (running >= concurrency && queue.length >= maxWaiting) return undefined;
      return new Promise<T>((resolve, reject) => {
        queue.push(() => {
          running += 1;
          work()
            .then(resolve, reject)
            .finally(() => {
              running -= 1;
              next();
            });
        });
        next();
      });
    },
  };
}
