// The mongoose connection: pool and timeouts set, readiness by ping, and reconnection with back-off so
// that a database that is down at start makes /readyz answer 503 rather than the process crash-loop.
import mongoose, { type Connection } from 'mongoose';
import type { Logger } from 'pino';

export interface Database {
  connection: Connection;
  /** Resolves once the first connection succeeds (it keeps retrying until then). */
  connected: Promise<void>;
  isReady: () => Promise<boolean>;
  close: () => Promise<void>;
}

const OPTIONS: mongoose.ConnectOptions = {
  maxPoolSize: 20,
  minPoolSize: 0,
  serverSelectionTimeoutMS: 5000,
  connectTimeoutMS: 5000,
  socketTimeoutMS: 30000,
  heartbeatFrequencyMS: 5000,
  // Fail fast when the database is gone rather than queueing a frightened person's message silently.
  bufferCommands: false,
  autoIndex: false,
  autoCreate: false,
  retryWrites: false,
};

export function connectDatabase(uri: string, dbName: string, logger: Logger, options: { maxDelayMs?: number } = {}): Database {
  const connection = mongoose.createConnection();
  let closed = false;
  let attempt = 0;
  const maxDelay = options.maxDelayMs ?? 30_000;

  const connected = (async () => {
    for (;;) {
      if (closed) throw new Error('database closed before it connected');
      try {
        await connection.openUri(uri, { ...OPTIONS, dbName });
        if (attempt > 0) logger.info({ attempts: attempt + 1 }, 'database connected after retrying');
        return;
      } catch (error) {
        attempt += 1;
        const wait = Math.min(maxDelay, 500 * 2 ** Math.min(attempt, 6));
        logger.warn({ attempt, retryInMs: wait, err: { type: (error as Error).name } }, 'database unreachable; retrying');
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  })();
  // Callers that do not wait must not see an unhandled rejection when we close before connecting.
  connected.catch(() => {});

  return {
    connection,
    connected,
    isReady: async () => {
      if (connection.readyState !== 1 || !connection.db) return false;
      try {
        await Promise.race([
          connection.db.admin().command({ ping: 1 }),
          new Promise((_, reject) => setTimeout(() => reject(new Error('ping timeout')), 2000).unref()),
        ]);
        return true;
      } catch {
        return false;
      }
    },
    close: async () => {
      closed = true;
      await connection.close(true).catch(() => {});
    },
  };
}
