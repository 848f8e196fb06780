// The composed service says it is ready only once its indexes exist: the unique ones are what make a
// retried webhook or a double tap harmless.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createServices } from '../../src/compose';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/log/logger';
import { openTestDatabase } from '../support/database';

it('answers /readyz 503 until the indexes are made, then 200', async () => {
  const db = await openTestDatabase();
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'ready-')) });
  const services = await createServices({ config, logger: createLogger({ level: 'silent' }), database: db }, { scheduler: false });
  await request(services.app).get('/readyz').expect(503);
  await services.start();
  await request(services.app).get('/readyz').expect(200);
  const sessionIndexes = await db.connection.collection('sessions').indexes();
  expect(sessionIndexes.some((index) => index.unique && index.key['conversationKey'] === 1)).toBe(true);
  await services.stop();
  await db.drop();
});
