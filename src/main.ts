// Composition root: reads configuration, brings up the database (embedded unless MONGODB_URI is set),
// builds the app and its services, listens, and shuts everything down in order on SIGINT/SIGTERM.
import type { Server } from 'node:http';
import { ConfigError, loadConfig, type Config } from './config';
import { connectDatabase, type Database } from './db/connection.mongo';
import { NoDatabaseError, startEmbeddedDatabase } from './db/embedded';
import { announceRunningDatabase } from './db/running-db';
import type { RunningDatabase } from './db/embedded-db';
import { createLogger } from './log/logger';
import { createServices, type Services } from './compose';

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee .env.example for every setting.\n`);
      process.exit(78);
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel });
  for (const off of config.disabledChannels) logger.info({ channel: off.channel }, `channel off: ${off.reason}`);

  let embedded: RunningDatabase | undefined;
  let uri = config.mongodbUri;
  if (!uri) {
    try {
      embedded = await startEmbeddedDatabase({
        toolsDir: config.toolsDir,
        dataDir: config.dataDir,
        allowFallback: config.embeddedDbFallback,
        progress: (line) => process.stderr.write(`${line}\n`),
      });
    } catch (error) {
      if (error instanceof NoDatabaseError) {
        process.stderr.write(`${error.message}\n`);
        process.exit(69);
      }
      throw error;
    }
    uri = embedded.uri;
    logger.info({ database: embedded.kind, uri: embedded.uri, dataDir: config.dataDir }, 'embedded database started');
    // `npm run staff` and `npm run chat` in another terminal use this database while it runs.
    const forget = announceRunningDatabase(config.dataDir, embedded.uri);
    process.on('exit', forget);
  }

  const database: Database = connectDatabase(uri, config.mongodbDbName, logger);
  let services: Services | undefined;
  const listening: { server?: Server } = {};
  let stopping = false;

  const shutdown = async (signal: string): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      void embedded?.stop().finally(() => process.exit(1));
    }, config.shutdownTimeoutMs);
    force.unref();
    try {
      if (listening.server) {
        const closing = new Promise<void>((resolve) => listening.server?.close(() => resolve()));
        listening.server.closeIdleConnections();
        await closing;
      }
      await services?.stop();
      await database.close();
      await embedded?.stop();
      logger.info('stopped');
      process.exit(0);
    } catch (error) {
      logger.error({ err: { type: (error as Error).name } }, 'error while shutting down');
      await embedded?.stop().catch(() => {});
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: { type: (reason as Error)?.name ?? typeof reason, stack: (reason as Error)?.stack } }, 'unhandled rejection');
  });

  try {
    services = await createServices({ config, logger, database });
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    await database.close();
    await embedded?.stop();
    process.exit(78);
  }

  const server = services.app.listen(config.port, config.host);
  listening.server = server;
  services.attach(server);
  server.on('error', async (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') {
      process.stderr.write(`Port ${config.port} on ${config.host} is already in use. Stop the other program or set PORT to another number.\n`);
    } else {
      process.stderr.write(`Cannot listen on ${config.host}:${config.port}: ${error.code ?? error.message}\n`);
    }
    await services?.stop();
    await database.close();
    await embedded?.stop();
    process.exit(75);
  });
  server.on('listening', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const base = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
    logger.info({ url: base, pid: process.pid }, 'listening');
    process.stderr.write(`\nThe service is listening on ${base}\n  web chat:      ${base}/chat\n  staff console: ${base}/staff\n  readiness:     ${base}/readyz\n\n`);
  });
  // Indexes (the unique ones make duplicate webhooks harmless) and scheduled work, once the database is
  // there; retried with back-off if the database drops half-way, never silently given up.
  const startServices = async (): Promise<void> => {
    await database.connected;
    for (let attempt = 1; !stopping; attempt += 1) {
      try {
        await services?.start();
        logger.info('ready');
        // First run: nobody can sign in to the staff console yet. The link goes to this terminal, not the log.
        const link = await services?.staff.firstRunLink();
        if (link) process.stderr.write(`\nNo administrator yet. Create the first one (this link works once, for one hour):\n  ${link}\n\n`);
        return;
      } catch (error) {
        const wait = Math.min(30_000, 500 * 2 ** Math.min(attempt, 6));
        logger.error({ attempt, retryInMs: wait, err: { type: (error as Error).name } }, 'could not create indexes or start scheduled work; retrying');
        await new Promise((resolve) => setTimeout(resolve, wait).unref());
      }
    }
  };
  void startServices().catch(() => {});
}

void main();
