import { rmSync } from 'node:fs';

export default async function globalTeardown(): Promise<void> {
  const running = globalThis.__TEST_DB__;
  if (!running) return;
  await running.db.stop();
  rmSync(running.dir, { recursive: true, force: true });
}
