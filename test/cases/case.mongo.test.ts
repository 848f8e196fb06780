import { createMongoCaseRepository } from '../../src/cases/case.mongo';
import { openTestDatabase } from '../support/database';
import { caseRepositoryContract } from './case-repository.contract';

caseRepositoryContract('mongoose on the real database', async () => {
  const db = await openTestDatabase();
  return { repo: createMongoCaseRepository(db.connection), close: () => db.drop() };
});
