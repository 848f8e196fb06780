// The database contract suite against the embedded default (CI), or any engine named by the environment:
// see test/db/contract/engines.ts, and docs/adr/0004-embedded-database.md for each candidate's results.
import { describeDatabaseContract } from './contract/database.contract';
import { engineUnderTest } from './contract/engines';

describeDatabaseContract(engineUnderTest());
