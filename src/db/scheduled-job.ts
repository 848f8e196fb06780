// Periodic work that exactly one instance runs: each tick takes (or renews) a lease and runs the job
// only while holding it. A crashed holder's lease runs out and another instance carries on.
import type { LeaseStore } from './lease.mongo';

export interface ScheduledJob {
  /** Runs now, then every interval (idempotent: a second start does nothing). */
  start(): void;
  /** Stops the timer and gives the lease up so another instance can take over at once. */
  stop(): Promise<void>;
}

export function createScheduledJob(options: {
  leases: LeaseStore;
  name: string;
  owner: string;
  intervalMs: number;
  run: () => Promise<void>;
  /** Called with whatever the job threw; the next tick tries again. */
  onError: (error: unknown) => void;
  now?: () => Date;
}): ScheduledJob {
  const { leases, name, owner, intervalMs } = options;
  let timer: NodeJS.Timeout | undefined;
  const tick = async (): Promise<void> => {
    try {
      // The lease outlives one interval, so a slow run is not taken over half-way.
      if (await leases.acquire(name, owner, intervalMs * 2, options.now?.())) await options.run();
    } catch (error) {
      options.onError(error);
    }
  };
  return {
    start: () => {
      if (timer) return;
      void tick();
      timer = setInterval(() => void tick(), intervalMs);
      timer.unref();
    },
    stop: async () => {
      if (timer) clearInterval(timer);
      timer = undefined;
      await leases.release(name, owner).catch(() => {});
    },
  };
}
