// `npm run understanding:train`: trains the second opinion on the corpus and writes the model the service ships.
// Run it after changing the corpus; test/understanding/second-opinion.test.ts fails while the model is stale.
import { writeFileSync } from 'node:fs';
import { MODEL_PATH } from '../../src/conversation/interpret/second-opinion';
import { trainShipped } from './second-opinion.rows';

writeFileSync(MODEL_PATH, `${JSON.stringify(trainShipped())}\n`);
process.stdout.write(`wrote ${MODEL_PATH}\n`);
