// `npm run db:build`: builds the embedded database ahead of time (CI does this before the tests).
import { loadConfig } from '../config';
import { ensureEmbeddedDb } from './embedded-db';

async function main(): Promise<void> {
  const config = loadConfig();
  const installed = await ensureEmbeddedDb(config.toolsDir, (line) => process.stderr.write(`${line}\n`));
  if (!installed) {
    process.stderr.write('Java 17 and Maven are needed to build the embedded database (`java` and `mvn` on PATH), or set MONGODB_URI.\n');
    process.exit(1);
  }
  process.stdout.write(`${installed}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
