// The app as main.ts builds it (createServices) on this file's own database, for the whole-report tests.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createServices, type Services } from '../../../src/compose';
import { loadConfig } from '../../../src/config';
import { createLogger } from '../../../src/log/logger';
import { openTestDatabase } from '../../support/database';

export interface ComposedApp {
  services: Services;
  db: Awaited<ReturnType<typeof openTestDatabase>>;
  /** Stops the services and drops the database. */
  close(): Promise<void>;
}

export async function startComposedApp(name: string): Promise<ComposedApp> {
  const db = await openTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(path.join(tmpdir(), `${name}-`)) });
  const services = await createServices({ config, logger: createLogger({ level: 'silent' }), database: db }, { scheduler: false });
  await services.start();
  return {
    services,
    db,
    close: async () => {
      await services.stop();
      await db.drop();
    },
  };
}
