// One FerretDB for the whole run, on a temporary folder and a free port (the same binary `npm start` uses).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretDb, startFerretDb, type RunningDatabase } from '../../src/db/ferretdb';

declare global {
  var __TEST_DB__: { db: RunningDatabase; dir: string } | undefined;
}

export default async function globalSetup(): Promise<void> {
  const toolsDir = path.resolve(__dirname, '../../.tools');
  const binary = await ensureFerretDb(toolsDir, (line) => process.stderr.write(`${line}\n`));
  if (!binary) throw new Error('Tests need FerretDB: install Go so it can be built (see README).');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'safe-report-test-db-'));
  const db = await startFerretDb(binary, dir, { quiet: true });
  process.env['TEST_MONGODB_URI'] = db.uri;
  process.env['TEST_DATA_DIR'] = dir;
  globalThis.__TEST_DB__ = { db, dir };
}
