// `npm run bench`: turns per second and p50/p95/p99 latency of handleTurn for 200 concurrent
// conversations going through real intake steps on the embedded database, against a baseline in the
// same run that performs only the same database reads and writes with no dialog. Writes bench/RESULTS.md.
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { dialogs } from '../dialogs/index';
import { loadConfig } from '../src/config';
import { createForgetConversation } from '../src/conversation/forget';
import { createTranslations } from '../src/conversation/i18n';
import { createConversationRuntime } from '../src/conversation/runtime';
import type { SessionRecord } from '../src/conversation/session.mongo';
import { createConversationStores } from '../src/conversation/stores.mongo';
import { retryTransient } from '../src/conversation/transient';
import { connectDatabase } from '../src/db/connection.mongo';
import { startEmbeddedDatabase } from '../src/db/embedded';
import { createLogger } from '../src/log/logger';
import { toDialogPolicy } from '../src/policy/dialog-policy';
import { loadPolicyPack } from '../src/policy/load';

const CONVERSATIONS = Number(process.env['BENCH_CONVERSATIONS'] ?? 200);
/** Real intake steps on SMS: hello, not in danger, safe to talk, others do not read, victim, noise, confirm, social rent, when, where. */
const SCRIPT = ['hi', '2', '1', '2', '1', 'noise', '1', '1', 'last night about 11pm', 'outside my front door'];
/** Keeps `npm run bench` under two minutes on a slow or busy machine (at least one step always runs). */
const TIME_BUDGET_MS = Number(process.env['BENCH_BUDGET_MS'] ?? 45_000);

interface Figures {
  turns: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

interface Phase {
  name: string;
  latencies: number[];
  busyMs: number;
  turn: (conversation: number, step: number) => Promise<void>;
}

/** One step for every conversation at once (each conversation's steps stay in order across rounds). */
async function round(phase: Phase, step: number, conversations: number): Promise<void> {
  const started = performance.now();
  await Promise.all(
    Array.from({ length: conversations }, async (_, conversation) => {
      const t0 = performance.now();
      await phase.turn(conversation, step);
      phase.latencies.push(performance.now() - t0);
    }),
  );
  phase.busyMs += performance.now() - started;
}

/**
 * Dialog and baseline rounds alternate step by step, so both see the same database size and the same
 * load from whatever else the machine is doing; stops starting rounds after TIME_BUDGET_MS.
 */
async function compare(phases: [Phase, Phase], conversations: number): Promise<number> {
  const started = performance.now();
  let steps = 0;
  for (let step = 0; step < SCRIPT.length; step += 1) {
    if (step > 0 && performance.now() - started > TIME_BUDGET_MS) break;
    // Whichever phase runs second in a step pays for the database settling after the first one's writes
    // (measured: up to 1.7x), so the order alternates.
    for (const phase of step % 2 === 0 ? phases : [...phases].reverse()) await round(phase, step, conversations);
    steps += 1;
  }
  return steps;
}

function figures(phase: Phase): Figures {
  const sorted = [...phase.latencies].sort((a, b) => a - b);
  const seconds = phase.busyMs / 1000;
  return { turns: sorted.length, seconds, perSecond: sorted.length / seconds, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
}

function machine(): { cpus: number; model: string } {
  let cpus = os.cpus().length;
  try {
    cpus = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || cpus;
  } catch {
    // nproc is not everywhere; os.cpus() is close enough.
  }
  return { cpus, model: os.cpus()[0]?.model.trim() ?? 'unknown' };
}

const fmt = (n: number): string => n.toFixed(1);
const row = (name: string, f: Figures): string => `| ${name} | ${f.turns} | ${fmt(f.seconds)} | ${fmt(f.perSecond)} | ${fmt(f.p50)} | ${fmt(f.p95)} | ${fmt(f.p99)} |`;

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'safe-report-bench-'));
  const config = loadConfig({ ...process.env, DATA_DIR: dataDir, MONGODB_DB_NAME: `bench_${Date.now()}` });
  const logger = createLogger({ level: 'error', destination: process.stderr });
  const embedded = config.mongodbUri
    ? undefined
    : await startEmbeddedDatabase({ toolsDir: config.toolsDir, dataDir, allowFallback: config.embeddedDbFallback, progress: (line) => process.stderr.write(`${line}\n`) });
  const uri = config.mongodbUri ?? embedded!.uri;
  const database = connectDatabase(uri, config.mongodbDbName, logger);
  await database.connected;
  try {
    const stores = createConversationStores(database.connection);
    const runtime = createConversationRuntime({
      stores,
      forget: createForgetConversation({
        ...stores,
        evidence: { deleteUnattached: async () => 0 },
        transcripts: { eraseByConversationKey: async () => {} },
        handoffs: { forgetConversation: async () => 0 },
      }),
      dialogs,
      defaultDialogId: 'intake',
      dialogPolicy: toDialogPolicy(loadPolicyPack('one-vision-housing')),
      effects: {
        submitReport: async (report) => ({ reference: `B-${report.sessionId.slice(0, 6)}`, teamKey: 'policy:team.neighbourhood', contactable: true, helplineIds: [] }),
        openUrgentCase: async (report) => ({ reference: `B-${report.sessionId.slice(0, 6)}` }),
        requestHandoff: async () => ({ expectedReply: 'in_hours' }),
      },
      i18n: createTranslations(),
      session: config.session,
      logger,
    });
    await runtime.ensureIndexes();
    const { sessions, inbound } = stores;

    // Warm up connections and code paths (not measured).
    for (let i = 0; i < 20; i += 1) {
      await runtime.handleTurn({ channel: 'sms', conversationKey: `warm-${i}`, providerMessageId: randomUUID(), text: 'hi', receivedAt: new Date() });
    }
    const sample = await sessions.load('warm-0');
    const snapshotSize = sample?.snapshot ?? '{}';

    const run = randomUUID().slice(0, 8);
    process.stderr.write(`${CONVERSATIONS} conversations; dialog and baseline rounds alternate, up to ${SCRIPT.length} steps\n`);
    const dialogPhaseFor = (tag: string): Phase => ({ name: 'dialog', latencies: [], busyMs: 0, turn: async (c, step) => {
      await runtime.handleTurn({ channel: 'sms', conversationKey: `d-${tag}-${run}-${c}`, providerMessageId: `d-${tag}-${run}-${c}-${step}`, text: SCRIPT[step] ?? '', receivedAt: new Date() });
    } });

    // The same reads and writes a turn makes (dedupe lookup, session load, compare-and-set save of a
    // snapshot of the same size, dedupe record), with no dialog, no matching and no rendering.
    const reply = JSON.stringify({ prompts: [{ key: 'intake:askingDanger.prompt', text: 'x'.repeat(120) }], locale: 'en', ended: false, erased: false, duplicate: false });
    // Like handleTurn, a baseline turn is retried whole when the database is busy.
    const baselinePhaseFor = (tag: string): Phase => ({ name: 'baseline', latencies: [], busyMs: 0, turn: (c, step) => retryTransient(async () => {
      const key = `b-${tag}-${run}-${c}`;
      const id = `b-${tag}-${run}-${c}-${step}`;
      const now = new Date();
      const [, stored] = await Promise.all([inbound.find(id), sessions.load(key)]);
      const record: SessionRecord = {
        conversationKey: key, sessionId: stored?.sessionId ?? randomUUID(), channel: 'sms', dialogId: 'intake', dialogVersion: 1,
        snapshot: snapshotSize, locale: 'en', revision: (stored?.revision ?? 0) + 1, createdAt: stored?.createdAt ?? now,
        lastActivityAt: now, expiresAt: new Date(now.getTime() + 3_600_000), notUnderstoodCount: 0, unmatched: stored?.unmatched ?? [],
        pending: null, recent: [...(stored?.recent ?? []), { providerMessageId: id, reply }].slice(-10),
      };
      const saved = stored ? await sessions.replace(record, stored) : await sessions.insert(record);
      if (!saved) throw new Error('baseline lost a compare-and-set (should not happen: one writer per conversation)');
      await inbound.record({ providerMessageId: id, conversationKey: key, reply, createdAt: now });
    }, 10) });
    // One conversation alone first: what the dialog itself costs per turn, with no queueing.
    const soloDialog = dialogPhaseFor('solo');
    const soloBaseline = baselinePhaseFor('solo');
    await compare([soloDialog, soloBaseline], 1);
    const dialogPhase = dialogPhaseFor('many');
    const baselinePhase = baselinePhaseFor('many');
    const counts: Record<string, number> = {};
    let current = 'none';
    if (process.env['BENCH_COUNT_OPS']) {
      database.connection.set('debug', (collection: string, method: string) => {
        const k = `${current}:${collection}.${method}`;
        counts[k] = (counts[k] ?? 0) + 1;
      });
      const wrap = (p: Phase): void => {
        const inner = p.turn;
        p.turn = async (c, st) => {
          current = p.name;
          await inner(c, st);
        };
      };
      wrap(dialogPhase);
      wrap(baselinePhase);
    }
    const steps = await compare([dialogPhase, baselinePhase], CONVERSATIONS);
    if (process.env['BENCH_COUNT_OPS']) console.log(counts);
    const dialog = figures(dialogPhase);
    const baseline = figures(baselinePhase);

    const { cpus, model } = machine();
    const header = '| phase | turns | seconds | turns/s | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|---|';
    const solo = { dialog: figures(soloDialog), baseline: figures(soloBaseline) };
    const table = [
      header,
      row(`handleTurn (intake dialog), ${CONVERSATIONS} at once`, dialog),
      row(`baseline (same DB reads/writes only), ${CONVERSATIONS} at once`, baseline),
      row('handleTurn (intake dialog), 1 alone', solo.dialog),
      row('baseline, 1 alone', solo.baseline),
    ].join('\n');
    const ratio = [
      `${CONVERSATIONS} at once: throughput ratio dialog/baseline ${(dialog.perSecond / baseline.perSecond).toFixed(2)}; latency ratio p50 ${(dialog.p50 / baseline.p50).toFixed(2)}, p95 ${(dialog.p95 / baseline.p95).toFixed(2)}, p99 ${(dialog.p99 / baseline.p99).toFixed(2)}.`,
      `1 alone: throughput ratio ${(solo.dialog.perSecond / solo.baseline.perSecond).toFixed(2)}; the dialog adds ${fmt(solo.dialog.p50 - solo.baseline.p50)} ms at p50 per turn.`,
    ].join('\n');
    console.log(`\n${table}\n\n${ratio}\n`);
    const date = new Date().toISOString();
    writeFileSync(
      path.resolve(__dirname, 'RESULTS.md'),
      [
        '# Benchmark results',
        '',
        `Written by \`npm run bench\` (bench/run.ts) on ${date}.`,
        '',
        `Machine: ${cpus} CPUs (nproc), ${model}; Node ${process.version}; database: ${embedded?.kind ?? 'MONGODB_URI'} (${os.platform()} ${os.release()}).`,
        'The machine may be shared with other work while the benchmark runs: compare the two phases of one run, not runs on different days.',
        '',
        `Workload: ${CONVERSATIONS} conversations at once, each sending SMS messages in order through the real intake dialog`,
        `(safety gate, role, category, tenure, when, where) with the One Vision Housing pack: ${steps} of ${SCRIPT.length} steps ran within the time budget.`,
        'The baseline performs, per turn, the same database reads and writes (dedupe lookup and session load in parallel, revision claim and',
        'compare-and-set save of a snapshot of the same size, dedupe record) with no dialog. Dialog and baseline rounds alternate',
        'step by step (and which goes first alternates) so both see the same database size and machine load.',
        'turns/s = turns / time spent in that phase; latency is per handleTurn call (or per baseline turn), in milliseconds.',
        '',
        table,
        '',
        ratio,
        '',
        '## Reading the figures',
        '',
        '- "1 alone" is the cost of the dialog itself: restoring the actor, matching the answer, the transition, reading and rendering',
        '  the prompt and serialising the snapshot, on top of the same database work.',
        '- "200 at once" is dominated by the database. The embedded FerretDB v1 keeps everything in one SQLite file, whose writers',
        '  take turns (SQLITE_BUSY is retried, see src/conversation/transient.ts), so latency is mostly queueing and turns/s is far',
        '  below the single-conversation rate. The baseline sends its writes back to back and so contends harder than the dialog,',
        '  whose CPU work spaces them out; that is why the baseline can come out slower at 200. A production MongoDB does not have',
        '  this single-writer limit.',
        '- Set BENCH_CONVERSATIONS, BENCH_BUDGET_MS or MONGODB_URI to try other loads or a real MongoDB;',
        '  BENCH_COUNT_OPS=1 prints the database operations per phase (they are the same).',
        '',
      ].join('\n'),
    );
    await runtime.stop();
  } finally {
    await database.close();
    await embedded?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
