// `npm run db:build`: builds the embedded database ahead of time (CI does this before the tests).
import { loadConfig } from '../config';
import { ensureFerretDb } from './ferretdb';

async function main(): Promise<void> {
  const config = loadConfig();
  const binary = await ensureFerretDb(config.toolsDir, (line) => process.stderr.write(`${line}\n`));
  if (!binary) {
    process.stderr.write('Go is not installed, so FerretDB cannot be built. Install Go, or set MONGODB_URI.\n');
    process.exit(1);
  }
  process.stdout.write(`${binary}\n`);
}

main().catch((error: Error) => {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
