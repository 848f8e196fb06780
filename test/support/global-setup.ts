// One embedded database for the whole run, on a temporary folder and a free port (the engine `npm start` uses).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureEmbeddedDb, startEmbeddedDb, type RunningDatabase } from '../../src/db/embedded-db';

declare global {
  var __TEST_DB__: { db: RunningDatabase; dir: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  const toolsDir = path.resolve(__dirname, '../../.tools');
  const installed = await ensureEmbeddedDb(toolsDir, (line) => process.stderr.write(`${line}\n`));
  if (!installed) throw new Error('Tests need the embedded database: install Java 17 and Maven so it can be built (see README).');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'safe-report-test-db-'));
  const db = await startEmbeddedDb(installed, dir);
  process.env['TEST_MONGODB_URI'] = db.uri;
  process.env['TEST_DATA_DIR'] = dir;
  globalThis.__TEST_DB__ = { db, dir };
}
