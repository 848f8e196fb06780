// Tables for `npm run bench`: per size, the growth ratio per operation, and bench/RESULTS.md; and what every
// bench's results file shares (percentiles, a Markdown table, the line saying what wrote it, writing it).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROPORTIONS } from './seed';

export interface Measured {
  size: number;
  seedSeconds: number;
  /** The embedded engine's scrub of what seeding left (bench/run.ts). */
  scrubSeconds?: number;
  /** The machine's 1-minute load average when measuring began and ended at this size. */
  load?: number[];
  /** Operation → milliseconds of each sample. */
  ops: Record<string, number[]>;
  concurrent: { conversations: number; turns: number; perSecond: number; p50: number; p99: number }[];
}

/** Operations a person waits for: their growth must stay within 1.5. */
const WAITED_FOR = ['turn', 'submission (submit turn)', 'staff queue (listQueue)', 'STOP lookup (open cases by contact)', 'read one photo', 'web chat append'];

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** A Markdown table: the header's cells, then rows already written as `| … |`. */
export function markdownTable(header: string[], rows: string[]): string {
  return [`| ${header.join(' | ')} |`, `|${header.map(() => '---|').join('')}`, ...rows].join('\n');
}

/** What a results file says first: the command and script that wrote it, when, on what Node, CPUs and database. */
export function writtenBy(command: string, script: string, database: string): string {
  return `Written by \`${command}\` (${script}) on ${new Date().toISOString()}; Node ${process.version}, ${os.cpus().length} CPUs; database: ${database}`;
}

/** Writes bench/<file>, its lines joined. */
export function writeResults(file: string, lines: string[]): void {
  writeFileSync(path.resolve(__dirname, file), lines.join('\n'));
}

/** A bench's entry point: a failure is printed and the process exits 1. */
export function runBench(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}

const ms = (n: number): string => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const k = (n: number): string => (n >= 1000 ? `${n / 1000}k` : String(n));

export function sizeTable(m: Measured): string {
  const rows = Object.entries(m.ops).map(([op, v]) => `| ${op} | ${v.length} | ${ms(percentile(v, 50))} | ${ms(percentile(v, 95))} |`);
  const conc = m.concurrent.map((c) => `| ${c.conversations} conversations at once | ${c.turns} turns | ${c.perSecond.toFixed(1)} turns/s | p50 ${ms(c.p50)} ms, p99 ${ms(c.p99)} ms |`);
  return [
    `### ${k(m.size)} cases (seeded in ${m.seedSeconds.toFixed(0)} s${m.scrubSeconds === undefined ? '' : `, then scrubbed in ${m.scrubSeconds.toFixed(0)} s`})`,
    '',
    ...(m.load ? [`Load average (1 min) while measuring: ${m.load.map((l) => l.toFixed(1)).join(' at the start, ')} at the end.`, ''] : []),
    '| operation | samples | p50 ms | p95 ms |',
    '|---|---|---|---|',
    ...rows,
    '',
    '| load | turns | throughput | latency |',
    '|---|---|---|---|',
    ...conc,
  ].join('\n');
}

export function growthTable(results: Measured[]): string {
  const first = results[0]!;
  const last = results.at(-1)!;
  const header = `| operation | ${results.map((r) => `p50 / p95 at ${k(r.size)}`).join(' | ')} | growth p95 ${k(last.size)}/${k(first.size)} |`;
  const rows = Object.keys(first.ops).map((op) => {
    const cells = results.map((r) => `${ms(percentile(r.ops[op] ?? [], 50))} / ${ms(percentile(r.ops[op] ?? [], 95))}`);
    const growth = percentile(last.ops[op] ?? [], 95) / Math.max(0.001, percentile(first.ops[op] ?? [], 95));
    const mark = WAITED_FOR.includes(op) ? (growth <= 1.5 ? ' ✓' : ' ✗ (target ≤ 1.5)') : '';
    return `| ${op} | ${cells.join(' | ')} | ${growth.toFixed(2)}${mark} |`;
  });
  const conc = (first.concurrent ?? []).map((c, i) => {
    const cells = results.map((r) => `${r.concurrent[i]!.perSecond.toFixed(1)} turns/s, p99 ${ms(r.concurrent[i]!.p99)}`);
    return `| ${c.conversations} conversations at once | ${cells.join(' | ')} | ${(last.concurrent[i]!.perSecond / first.concurrent[i]!.perSecond).toFixed(2)} (throughput) |`;
  });
  return [header, `|---|${results.map(() => '---|').join('')}---|`, ...rows, ...conc].join('\n');
}

function machine(): string {
  let cpus = os.cpus().length;
  try {
    cpus = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || cpus;
  } catch {
    // nproc is not everywhere
  }
  return `${cpus} CPUs (nproc), ${os.cpus()[0]?.model.trim() ?? 'unknown'}; Node ${process.version}; ${os.platform()} ${os.release()}`;
}

export function describeRun(results: Measured[], run: { kind: string; minutes: number }): string {
  const last = results.at(-1)!;
  const turn95 = percentile(last.ops['turn'] ?? [], 95);
  const submit95 = percentile(last.ops['submission (submit turn)'] ?? [], 95);
  const at200 = last.concurrent.find((c) => c.conversations === 200)?.perSecond ?? 0;
  return [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` (bench/run.ts) on ${new Date().toISOString()}; the whole run took ${run.minutes.toFixed(1)} minutes.`,
    '',
    `Machine: ${machine()}. Database: ${run.kind === 'embedded' ? 'the embedded engine (docs/adr/0004-embedded-database.md)' : run.kind}.`,
    'The machine may be shared with other work while the benchmark runs: figures from one run compare with each other, not with another day\'s.',
    '',
    '## What is stored',
    '',
    `Cases over the six years the packs keep closed cases (one in seven open), and per case: ${PROPORTIONS.events} history events, ${PROPORTIONS.inbound} inbound dedupe records,`,
    `${PROPORTIONS.outbound} outbound messages; one alert per ${1 / PROPORTIONS.alerts} cases, a web chat transcript per ${1 / PROPORTIONS.transcripts}, a live session per ${1 / PROPORTIONS.sessions}`,
    `(some expired, for the purge) and one ~200 kB photo per ${1 / PROPORTIONS.photos} cases. Each kind of record is made once by the product's own`,
    'code and copied with new keys (bench/seed.ts). Sizes are cumulative: the 10k run has the 1k run\'s data and more.',
    '',
    '## What is measured',
    '',
    '- turn: `handleTurn` of an SMS conversation going through the real intake dialog, one conversation at a time;',
    '- submission: the turn that confirms the report (triage, the case and its history written, evidence attached);',
    '- staff queue: `cases.listQueue(team)`; STOP lookup: `cases.findOpenCasesByContactHash`; read one photo: `evidence.read`;',
    '- web chat append: the transcript store\'s `append`; housekeeping: retention purge, expired sessions, idle transcripts;',
    `- ${results[0]!.concurrent.map((c) => c.conversations).join(' and ')} conversations at once: each sends its next answer, all together, for a few rounds.`,
    '',
    'Before measuring at each size, the embedded engine is asked (`scrubNow`, not a MongoDB command) to finish scrubbing what',
    'seeding left: seeding writes years of data in minutes with no deletes, so nothing set the scrubber off, where a running',
    'service\'s scrubber rewrites dead pages as they appear (housekeeping deletes every few minutes). The scrubs that the measured',
    'turns set off themselves (each submission deletes its session) run as they would in service.',
    '',
    '## Growth',
    '',
    growthTable(results),
    '',
    `Targets (issue 10) at ${k(last.size)} cases: turn p95 ${ms(turn95)} ms (target < 150) ${turn95 < 150 ? '✓' : '✗'}; submission p95 ${ms(submit95)} ms`,
    `(target < 500) ${submit95 < 500 ? '✓' : '✗'}; ${at200.toFixed(1)} turns/s with 200 conversations at once (target ≥ 80) ${at200 >= 80 ? '✓' : '✗'}.`,
    '',
    '## Each size',
    '',
    ...results.map((r) => `${sizeTable(r)}\n`),
    '## MongoDB',
    '',
    'No MongoDB can be installed on the machines this project runs on (no registry here carries it), so these figures are for the',
    'embedded engine only. To measure MongoDB, run `MONGODB_URI=mongodb://host:27017/ npm run bench` on a machine that has one;',
    'every query above is answered from an index on MongoDB too (the database contract suite checks the shapes with `explain`).',
    '',
    'Options: `BENCH_SIZES=1000,10000` (default 1000,10000,100000), `BENCH_SAMPLES=40`, `BENCH_CONCURRENCY=50,200` (empty: none).',
    '',
  ].join('\n');
}
