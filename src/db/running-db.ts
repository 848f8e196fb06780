// While `npm start` runs the embedded database, its address is kept in DATA_DIR/running-db.json, so that the
// shell tools (`npm run staff`, `npm run chat`) use that database instead of opening its file a second time
// (the engine locks its file). The note names the process; a note left by a process that is gone is ignored.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FILE = 'running-db.json';

export function announceRunningDatabase(dataDir: string, uri: string): () => void {
  const file = path.join(dataDir, FILE);
  writeFileSync(file, JSON.stringify({ uri, pid: process.pid }), { mode: 0o600 });
  return () => rmSync(file, { force: true });
}

/** The address of the database a live `npm start` is running on this data folder, if there is one. */
export function runningDatabase(dataDir: string): string | undefined {
  const file = path.join(dataDir, FILE);
  if (!existsSync(file)) return undefined;
  try {
    const { uri, pid } = JSON.parse(readFileSync(file, 'utf8')) as { uri?: unknown; pid?: unknown };
    if (typeof uri !== 'string' || typeof pid !== 'number') return undefined;
    process.kill(pid, 0);
    return uri;
  } catch {
    return undefined;
  }
}
