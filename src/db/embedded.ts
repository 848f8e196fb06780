// Chooses the database when MONGODB_URI is not set: our embedded engine (Java), built locally, else
// mongodb-memory-server (which downloads MongoDB, so only on machines on the internet), else a clear message.
import path from 'node:path';
import { ensureEmbeddedDb, startEmbeddedDb, type Progress, type RunningDatabase } from './embedded-db';

export class NoDatabaseError extends Error {
  constructor(reasons: string[]) {
    super(
      [
        'No database is available. Any one of these will do:',
        '  1. Install Java 17 and Maven (Debian: apt-get install openjdk-17-jdk-headless maven) and run `npm start` again:',
        '     the embedded database is built and started for you.',
        '  2. Be online, so that mongodb-memory-server can download a MongoDB binary.',
        '  3. Set MONGODB_URI to a MongoDB you run (mongodb://host:27017/).',
        '',
        'What was tried:',
        ...reasons.map((r) => `  - ${r}`),
      ].join('\n'),
    );
    this.name = 'NoDatabaseError';
  }
}

export async function startEmbeddedDatabase(options: {
  toolsDir: string;
  dataDir: string;
  allowFallback: boolean;
  progress?: Progress;
}): Promise<RunningDatabase> {
  const reasons: string[] = [];
  try {
    const installed = await ensureEmbeddedDb(options.toolsDir, options.progress);
    if (installed) return await startEmbeddedDb(installed, path.join(options.dataDir, 'db'));
    reasons.push('embedded database: `java` or `mvn` is not on PATH to build it');
  } catch (error) {
    reasons.push(`embedded database: ${(error as Error).message.split('\n').slice(0, 6).join(' ')}`);
  }
  if (options.allowFallback) {
    try {
      const { MongoMemoryServer } = await import('mongodb-memory-server-core');
      const server = await MongoMemoryServer.create({
        instance: { ip: '127.0.0.1', dbPath: path.join(options.dataDir, 'mongodb'), storageEngine: 'wiredTiger' },
        binary: { downloadDir: path.join(options.toolsDir, 'mongodb-binaries') },
      });
      return { uri: server.getUri(), kind: 'mongodb-memory-server', stop: async () => void (await server.stop({ doCleanup: false })) };
    } catch (error) {
      reasons.push(`mongodb-memory-server: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  throw new NoDatabaseError(reasons);
}
