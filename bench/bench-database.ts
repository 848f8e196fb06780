// The database a bench measures on: the embedded engine in a fresh data folder (MongoDB when MONGODB_URI is set),
// with the config and logger that go with it; closed, stopped and its folder removed when the bench is done.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../src/config';
import { connectDatabase, type Database } from '../src/db/connection.mongo';
import { startEmbeddedDatabase } from '../src/db/embedded';
import { createLogger, type Logger } from '../src/log/logger';

export interface BenchDatabase {
  config: Config;
  logger: Logger;
  database: Database;
  /** Which database it is, for the results file. */
  kind: string;
}

/** `name` names the data folder and the database; `env` is added to the process's for the config. */
export async function withBenchDatabase<T>(name: string, env: Record<string, string>, run: (bench: BenchDatabase) => Promise<T>): Promise<T> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `safe-report-bench-${name}-`));
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, MONGODB_DB_NAME: `bench_${name}_${Date.now()}`, LOG_LEVEL: 'error', ...env });
  const logger = createLogger({ level: 'error', destination: process.stderr });
  const embedded = config.mongodbUri ? undefined : await startEmbeddedDatabase({ toolsDir: config.toolsDir, dataDir, allowFallback: config.embeddedDbFallback, progress: (l) => process.stderr.write(`${l}\n`) });
  const database = connectDatabase(config.mongodbUri ?? embedded!.uri, config.mongodbDbName, logger);
  await database.connected;
  try {
    return await run({ config, logger, database, kind: embedded?.kind ?? 'MONGODB_URI' });
  } finally {
    await database.close();
    await embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
