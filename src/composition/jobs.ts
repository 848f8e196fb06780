// The service's periodic work, each job run by exactly one instance at a time under a lease (src/db/scheduled-job.ts).
import { createScheduledJob } from '../db/scheduled-job';
import type { LeaseStore } from '../db/lease.mongo';
import type { Logger } from '../log/logger';

export interface JobSpec {
  name: string;
  intervalMs: number;
  run: () => Promise<unknown>;
  /** What the log says when a run fails (it is retried at the next tick). */
  failure: string;
}

export function createJobs(options: { leases: LeaseStore; logger: Logger; now: () => Date; jobs: JobSpec[] }): { start(): void; stop(): Promise<void> } {
  const owner = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const jobs = options.jobs.map((job) =>
    createScheduledJob({
      leases: options.leases,
      name: job.name,
      owner,
      intervalMs: job.intervalMs,
      now: options.now,
      run: async () => void (await job.run()),
      onError: (error) => options.logger.warn({ err: { type: (error as Error).name } }, job.failure),
    }),
  );
  return {
    start: () => jobs.forEach((job) => job.start()),
    stop: async () => void (await Promise.all(jobs.map((job) => job.stop()))),
  };
}
