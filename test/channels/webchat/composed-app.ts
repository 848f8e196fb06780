// The app as main.ts builds it (createServices) on this file's own database, for the whole-report tests.
import { mkdtempSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
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

export interface ServedApp extends ComposedApp {
  /** http://127.0.0.1:<port>, with the web chat's WebSocket stream attached. */
  base: string;
}

/** The composed app listening on a free local port, as a browser reaches it; close() also closes the server. */
export async function serveComposedApp(name: string): Promise<ServedApp> {
  const app = await startComposedApp(name);
  const server = http.createServer(app.services.app);
  app.services.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    ...app,
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      await app.services.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await app.db.drop();
    },
  };
}
