// Builds every service from configuration and a database connection. main.ts and the end-to-end tests
// both use this, so what the tests exercise is what runs.
import type { Express } from 'express';
import type { Config } from './config';
import type { Database } from './db/connection.mongo';
import type { Logger } from './log/logger';
import { createApp } from './http/app';

export interface Services {
  app: Express;
  /** Starts background work (scheduled purges) once the database is connected. */
  start: () => Promise<void>;
  stop: () => Promise<void>;
}

export async function createServices(deps: { config: Config; logger: Logger; database: Database }): Promise<Services> {
  const { logger, database } = deps;
  const app = createApp({ logger, isDatabaseReady: database.isReady });
  return {
    app,
    start: async () => {},
    stop: async () => {},
  };
}
