// `npm run bench`: how the cost of what people wait for grows with stored data. Seeds 1k, 10k and 100k cases
// with their related records (bench/seed.ts), and at each size measures, one at a time, a conversation turn,
// a report's submit turn, the staff queue, the STOP lookup, reading one photo, a web chat append and a
// housekeeping run; then turns per second and p99 with 50 and 200 conversations at once. Prints the growth
// ratio (largest size / smallest) per operation and writes bench/RESULTS.md.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createMongoCaseRepository } from '../src/cases/case.mongo';
import { createTranscriptStore } from '../src/channels/webchat/transcript.mongo';
import { createServices } from '../src/compose';
import { loadConfig } from '../src/config';
import { createFieldCipher } from '../src/crypto/field-cipher';
import { connectDatabase } from '../src/db/connection.mongo';
import { startEmbeddedDatabase } from '../src/db/embedded';
import { createLogger } from '../src/log/logger';
import { conversation } from './drive';
import { describeRun, growthTable, percentile, sizeTable, type Measured } from './report';
import { createSeeder } from './seed';

const SIZES = (process.env['BENCH_SIZES'] ?? '1000,10000,100000').split(',').map(Number);
const SAMPLES = Number(process.env['BENCH_SAMPLES'] ?? 40);
const CONCURRENCY = (process.env['BENCH_CONCURRENCY'] ?? '50,200').split(',').filter(Boolean).map(Number);
const CONCURRENT_STEPS = 6;

function bar(label: string, done: number, total: number): void {
  const width = 30;
  const filled = Math.round((width * done) / total);
  process.stderr.write(`\r${label} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done.toLocaleString('en-GB')}/${total.toLocaleString('en-GB')}`);
  if (done >= total) process.stderr.write('\n');
}

async function timed(samples: number, work: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const started = performance.now();
    await work(i);
    times.push(performance.now() - started);
  }
  return times;
}

async function main(): Promise<void> {
  const started = performance.now();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'safe-report-bench-'));
  const config = loadConfig({ ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir, MONGODB_DB_NAME: `bench_${Date.now()}` });
  const logger = createLogger({ level: 'error', destination: process.stderr });
  const embedded = config.mongodbUri
    ? undefined
    : await startEmbeddedDatabase({ toolsDir: config.toolsDir, dataDir, allowFallback: false, progress: (line) => process.stderr.write(`${line}\n`) });
  const database = connectDatabase(config.mongodbUri ?? embedded!.uri, config.mongodbDbName, logger);
  await database.connected;
  const services = await createServices({ config, logger, database }, { scheduler: false });
  await services.start();
  const cipher = createFieldCipher(config.secrets.encryptionKeys, config.secrets.activeKeyId);
  const transcripts = createTranscriptStore(database.connection, cipher);
  // The staff console reads the queue through the case store (src/staff/cases/queue.ts).
  const caseStore = createMongoCaseRepository(database.connection);
  const results: Measured[] = [];
  try {
    const seeder = await createSeeder(services, database.connection, { hashSecret: config.secrets.hashSecret, cipher });
    let conversations = 0;
    for (const size of SIZES) {
      const seedStart = performance.now();
      await seeder.seedTo(size, (done, total) => bar(`seeding ${total.toLocaleString('en-GB')} cases`, done, total));
      const seedSeconds = (performance.now() - seedStart) / 1000;
      const m: Measured = { size, seedSeconds, ops: {}, concurrent: [] };
      if (embedded) {
        // Seeding writes years of data in minutes, with no deletes to set the scrubber off; a running service's
        // scrubber has been rewriting dead pages all along. Asked to finish that backlog now (its rounds back to
        // back), the engine is measured in the state a service keeps it in, not during a one-off rewrite of
        // gigabytes; the scrubs the measured turns set off (each submission deletes its session) still run.
        const scrubStart = performance.now();
        while (!(await database.connection.db!.admin().command({ scrubNow: 1 }))['done']) bar('scrubbing what seeding left', 0, 1);
        bar('scrubbing what seeding left', 1, 1);
        m.scrubSeconds = (performance.now() - scrubStart) / 1000;
      }
      m.load = [os.loadavg()[0]!];
      const { teamIds, contactHashes, photoIds } = seeder.sample();

      // Turns and submit turns, one conversation at a time, through the real intake dialog.
      const turns: number[] = [];
      const submits: number[] = [];
      // As many submissions as samples of the other operations (with 10, the p95 was the slowest of ten).
      let unfinished = 0;
      while (submits.length < Math.max(5, SAMPLES)) {
        const c = conversation(services.handleTurn, `bench-${size}-${(conversations += 1)}`);
        const before = submits.length;
        for (let step = 0; step < 60; step += 1) {
          const t = await c.next();
          (t.submitted ? submits : turns).push(t.ms);
          if (t.ended) break;
        }
        // A dialog change that bench/drive.ts does not answer would otherwise loop here for ever.
        unfinished = submits.length > before ? 0 : unfinished + 1;
        if (unfinished >= 3) throw new Error(`three conversations in a row did not submit (last question: ${c.lastQuestion()}): teach bench/drive.ts the new question`);
      }
      m.ops['turn'] = turns;
      m.ops['submission (submit turn)'] = submits;
      // The queue must show seeded open work, or the figure measures an empty projection.
      if ((await caseStore.listQueue(teamIds[0]!, {}, 50)).length < Math.min(50, size / 7 / teamIds.length / 2)) throw new Error('the staff queue shows almost none of the seeded open cases');
      m.ops['staff queue (listQueue)'] = await timed(SAMPLES, (i) => caseStore.listQueue(teamIds[i % teamIds.length]!, {}, 50));
      m.ops['STOP lookup (open cases by contact)'] = await timed(SAMPLES, (i) => services.cases.findOpenCasesByContactHash(contactHashes[i % contactHashes.length]!));
      m.ops['read one photo'] = await timed(SAMPLES, (i) => services.evidence.read(photoIds[i % photoIds.length]!));
      const chat = `bench-chat-${size}`;
      await transcripts.open(chat, { conversationKey: chat, locale: 'en' }, new Date());
      m.ops['web chat append'] = await timed(SAMPLES, (i) => transcripts.append(chat, [{ id: `${chat}|${i}`, type: 'message', text: 'and again tonight' }], new Date()));
      // Housekeeping (the hourly job, in bounded batches; the first run at a size clears the backlog) and the
      // runtime's purge of expired conversations.
      m.ops['housekeeping run'] = await timed(3, () => services.housekeeping.run());
      m.ops['expired conversations purge'] = await timed(3, () => services.runtime.purgeExpired());

      for (const at of CONCURRENCY) {
        const all = Array.from({ length: at }, () => conversation(services.handleTurn, `bench-${size}-${(conversations += 1)}`));
        const latencies: number[] = [];
        const wall = performance.now();
        for (let step = 0; step < CONCURRENT_STEPS; step += 1) {
          await Promise.all(all.map(async (c) => latencies.push((await c.next()).ms)));
        }
        const seconds = (performance.now() - wall) / 1000;
        m.concurrent.push({ conversations: at, turns: latencies.length, perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) });
      }
      m.load.push(os.loadavg()[0]!);
      results.push(m);
      process.stderr.write(`${sizeTable(m)}\n\n`);
    }
    const minutes = (performance.now() - started) / 60_000;
    const text = describeRun(results, { kind: embedded?.kind ?? 'MONGODB_URI', minutes });
    console.log(`\n${growthTable(results)}\n`);
    writeFileSync(path.resolve(__dirname, 'RESULTS.md'), text);
  } finally {
    await services.stop();
    await database.close();
    await embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
