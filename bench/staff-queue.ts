// `npm run bench` (second part): the staff queue page, p50 and p95 of GET /staff/queue for a signed-in
// Community Safety officer, through the app as main.ts builds it, with 10,000 and then 100,000 stored cases.
// The open work stays the size a landlord has at once (300 open cases in each of the two teams); the rest is
// history (closed cases), which the queue must not read. Writes bench/RESULTS-staff-queue.md.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { createMongoCaseRepository } from '../src/cases/case.mongo';
import type { CaseRecord } from '../src/cases/case.repository';
import { signInOfficer } from './staff-session';
import { createServices } from '../src/compose';
import { withBenchDatabase } from './bench-database';
import { markdownTable, percentile, runBench, writeResults, writtenBy } from './report';

const SIZES = (process.env['BENCH_QUEUE_SIZES'] ?? '10000,100000').split(',').map(Number);
const OPEN_PER_TEAM = 300;
const REQUESTS = Number(process.env['BENCH_QUEUE_REQUESTS'] ?? 100);
const TEAMS = ['communitySafety', 'neighbourhoodServices'];
const KINDS = ['asb', 'hate_crime', 'harassment', 'domestic_abuse'] as const;
const PRIORITIES = [['urgent', 1], ['high', 2], ['normal', 3]] as const;

/** A stored case as the queue and case page read it (sealed fields are placeholders: the queue never opens them). */
function caseDoc(i: number, open: boolean, now: number, team: string) {
  const createdAt = new Date(now - (open ? i % 20 : 30 + (i % 3600)) * 86_400_000);
  const [priority, priorityRank] = PRIORITIES[i % 7 === 0 ? 0 : i % 3 === 0 ? 1 : 2]!;
  const kind = KINDS[i % KINDS.length]!;
  return {
    _id: randomUUID(),
    reference: `B${String(i).padStart(7, '0').slice(0, 3)}-${String(i).padStart(7, '0').slice(3)}`,
    landlordId: 'one-vision-housing',
    channel: i % 2 ? 'sms' : 'webchat',
    locale: 'en',
    sessionId: `bench-${i}`,
    category: { id: kind === 'asb' ? 'asb' : kind === 'hate_crime' ? 'hateCrime' : kind === 'harassment' ? 'harassment' : 'domesticAbuse', kind, hateMotivations: [], domesticAbuseForms: [] },
    incident: { description: 'v1:k:iv:tag:ct' },
    perpetrator: {},
    reporter: { role: 'victim' },
    consent: {},
    anonymity: 'named',
    identityAccess: 'all_staff',
    identityFields: [],
    contactHashes: [],
    safety: { immediateDangerAtStart: false, safeToTalk: true },
    police: {},
    evidence: { mediaIds: [] },
    vulnerability: {},
    risk: { level: i % 11 === 0 ? 'high' : 'standard', hateIncident: false, harassmentCourseOfConduct: false },
    triage: { at: createdAt, disposition: 'case', teamKey: 'x', reasons: [], rules: [], flags: { marac: false, repeatVictim: false, childAtRisk: false, adultAtRisk: false, communityTriggerCandidate: false }, helplineIds: [] },
    teamId: team,
    priority,
    priorityRank,
    status: open ? ['new', 'acknowledged', 'investigating', 'action_plan_agreed'][i % 4] : 'closed',
    ...(open ? {} : { outcome: 'resolvedEarlyIntervention' }),
    firstResponseDue: new Date(createdAt.getTime() + 86_400_000),
    sla: open ? {} : { closedAt: new Date(createdAt.getTime() + 20 * 86_400_000) },
    createdAt,
    updatedAt: createdAt,
    revision: 0,
    openAlerts: 0,
  };
}

async function main(): Promise<void> {
  const rows: string[] = [];
  const kind = await withBenchDatabase('queue', {}, async ({ config, logger, database, kind }) => {
    const services = await createServices({ config, logger, database }, { scheduler: false });
    await services.start();
    const server = services.app.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

    // A Community Safety officer, signed in over HTTP as a browser would.
    const http = await signInOfficer(services, base, { username: 'bench.cst', displayName: 'Bench Officer', roles: ['cst'], check: '/staff/queue' });

    const cases = database.connection.collection('cases');
    const repository = createMongoCaseRepository(database.connection);
    const now = Date.now();
    let stored = 0;
    let openMade = 0;
    for (const size of SIZES) {
      const started = performance.now();
      while (stored < size) {
        const batch = [];
        for (let k = 0; k < 1000 && stored < size; k += 1, stored += 1) {
          const open = openMade < OPEN_PER_TEAM * TEAMS.length && stored % Math.max(1, Math.floor(size / (OPEN_PER_TEAM * TEAMS.length * 4))) === 0;
          const doc = caseDoc(stored, open, now, TEAMS[(open ? openMade : stored) % TEAMS.length]!);
          if (open) {
            // Open work goes in as the service stores it (the queue's projection too); history in bulk.
            const { _id, openAlerts: _o, ...rest } = doc;
            await repository.insert({ ...rest, id: _id, events: [], alerts: [] } as unknown as CaseRecord);
            openMade += 1;
          } else batch.push(doc);
        }
        if (batch.length) await cases.insertMany(batch as never[], { ordered: false });
        if (stored % 10_000 === 0) process.stderr.write(`  ${stored} cases stored\n`);
      }
      const fillSeconds = (performance.now() - started) / 1000;
      // Counted in the queue's own projection: counting the whole case collection is linear on the embedded engine.
      const open = await database.connection.collection('case_queue').countDocuments({ teamId: 'communitySafety' });
      const first = await (await http('/staff/queue')).text();
      const shown = (first.match(/<tr class="govuk-table__row sr-row--/g) ?? []).length;
      if (shown === 0) throw new Error('the queue page shows no case: the bench measured nothing');
      for (let i = 0; i < 10; i += 1) await (await http('/staff/queue')).text();
      const latencies: number[] = [];
      for (let i = 0; i < REQUESTS; i += 1) {
        const t0 = performance.now();
        const res = await http('/staff/queue');
        await res.text();
        latencies.push(performance.now() - t0);
        if (res.status !== 200) throw new Error(`queue answered ${res.status}`);
      }
      latencies.sort((a, b) => a - b);
      const row = `| ${size.toLocaleString('en-GB')} | ${open} | ${shown} | ${REQUESTS} | ${percentile(latencies, 50).toFixed(1)} | ${percentile(latencies, 95).toFixed(1)} | ${percentile(latencies, 99).toFixed(1)} | ${fillSeconds.toFixed(0)} |`;
      rows.push(row);
      process.stderr.write(`${row}\n`);
    }
    server.close();
    await services.stop();
    return kind;
  });
  const table = markdownTable(['stored cases', 'open in the officer’s team', 'rows on the page', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'fill s'], rows);
  console.log(`\n${table}\n`);
  writeResults(
    'RESULTS-staff-queue.md',
    [
      '# Staff queue page',
      '',
      `${writtenBy('npm run bench', 'bench/staff-queue.ts', kind)}.`,
      '',
      `GET /staff/queue for a signed-in Community Safety officer, ${REQUESTS} requests one after another, through the whole app`,
      '(session and account lookup, the queue read, rendering the page). The open work is fixed (300 open cases in each team,',
      'the officer sees the 200 most urgent); the rest of the stored cases are closed history, which the queue must not read.',
      '',
      table,
      '',
    ],
  );
}

runBench(main);
