// `npm run bench:handoff`: how long the live hand-off takes each way, through the app as main.ts builds it on the
// embedded database. A person in web chat (the official Direct Line client, on its WebSocket stream) asks for
// a person; a Community Safety officer, signed in over HTTP, takes the conversation and keeps the screen's long
// poll open as the page's script does (GET …/messages?after=<last seen>&wait=1). Then, 50 times each way:
//   reporter → officer: from the person's send to the officer's poll answering with their words;
//   officer → person: from the officer's send (POST …/send) to the person's client receiving the words.
// Writes bench/RESULTS-handoff.md.
import http from 'node:http';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { createServices } from '../src/compose';
import { freePort } from '../src/db/embedded-db';
import { directLinePerson } from '../test/support/directline-client';
import { withBenchDatabase } from './bench-database';
import { markdownTable, percentile, runBench, writeResults, writtenBy } from './report';
import { signInOfficer } from './staff-session';

const MESSAGES = Number(process.env['BENCH_HANDOFF_MESSAGES'] ?? 50);
const WARM_UP = 5;

const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { n: sorted.length, median: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? 0 };
};

async function main(): Promise<void> {
  const loadBefore = os.loadavg()[0] ?? 0;
  const port = await freePort();
  const { results, kind } = await withBenchDatabase('handoff', { PORT: String(port), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` }, async ({ config, logger, database, kind }) => {
    const services = await createServices({ config, logger, database }, { scheduler: false });
    await services.start();
    const server = http.createServer(services.app);
    services.attach(server);
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${port}`;
    const officer = await signInOfficer(services, base, { username: 'bench.cst', displayName: 'Bench Officer', roles: ['cst'], check: '/staff/conversations' });

    // The person asks for a person; the officer takes it.
    const person = await directLinePerson(base);
    await person.waitFor(/are you in danger right now\?/);
    await person.say('No');
    await person.waitFor(/safe for you to message us now\?/);
    await person.say('person');
    await person.waitFor(/Someone from our team will reply here/);
    const id = (await services.handoffs.service.listWaiting())[0]!.id;
    const page = await (await officer(`/staff/conversations/${id}`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page)?.[1] ?? '';
    const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }, body: new URLSearchParams({ _csrf: csrf, ...fields }).toString() });
    await officer(`/staff/conversations/${id}/claim`, form({}));

    // The screen's long poll, as conversation.mjs runs it: each answer's words, with when they arrived.
    const arrivals: { html: string; at: number }[] = [];
    const wakers = new Set<() => void>();
    let after = -1;
    let status = '';
    let polling = true;
    const poll = async () => {
      while (polling) {
        const res = await officer(`/staff/conversations/${id}/messages?after=${after}&status=${encodeURIComponent(status)}&wait=1`, { headers: { accept: 'application/json' } });
        const body = (await res.json()) as { watermark: number; html: string; status: string };
        const at = performance.now();
        after = Math.max(after, body.watermark - 1);
        status = body.status;
        if (body.html) arrivals.push({ html: body.html, at });
        for (const wake of [...wakers]) wake();
      }
    };
    const polled = poll();
    const onScreen = (text: string) =>
      new Promise<number>((resolve) => {
        const look = () => {
          const hit = arrivals.find((a) => a.html.includes(text));
          if (!hit) return;
          wakers.delete(look);
          resolve(hit.at);
        };
        wakers.add(look);
        look();
      });
    const heardAt = (text: string) => person.waitFor(text, 0, 20_000).then(() => performance.now());

    const toOfficer: number[] = [];
    const toPerson: number[] = [];
    for (let i = 0; i < WARM_UP + MESSAGES; i += 1) {
      const words = `reporter message ${i} ${randomUUID().slice(0, 8)}`;
      const shown = onScreen(words);
      const t0 = performance.now();
      await person.say(words);
      const t1 = await shown;
      const reply = `officer reply ${i} ${randomUUID().slice(0, 8)}`;
      const heard = heardAt(`Bench from One Vision Housing: ${reply}`);
      const t2 = performance.now();
      const sent = await officer(`/staff/conversations/${id}/send`, form({ clientId: randomUUID(), text: reply }));
      if (sent.status !== 200) throw new Error(`send answered ${sent.status}`);
      const t3 = await heard;
      if (i >= WARM_UP) {
        toOfficer.push(t1 - t0);
        toPerson.push(t3 - t2);
      }
    }
    polling = false;
    // The last long poll ends when the hand-back adds its notice.
    const back = await (await officer(`/staff/conversations/${id}`)).text();
    await officer(`/staff/conversations/${id}/hand-back`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ _csrf: /name="_csrf" value="([^"]+)"/.exec(back)?.[1] ?? '', then: 'carryOn' }).toString() });
    await polled;
    person.end();
    server.closeAllConnections();
    server.close();
    await services.stop();
    return { results: { toOfficer: summary(toOfficer), toPerson: summary(toPerson) }, kind };
  });
  const row = (name: string, s: ReturnType<typeof summary>) => `| ${name} | ${s.n} | ${s.median.toFixed(1)} | ${s.p95.toFixed(1)} | ${s.max.toFixed(1)} |`;
  const table = markdownTable(['direction', 'messages', 'median ms', 'p95 ms', 'max ms'], [row('reporter → officer’s screen', results.toOfficer), row('officer’s send → web chat person', results.toPerson)]);
  console.log(`\n${table}\n`);
  writeResults(
    'RESULTS-handoff.md',
    [
      '# Live hand-off latency',
      '',
      `${writtenBy('npm run bench:handoff', 'bench/handoff.ts', kind)};`,
      `one-minute load average ${loadBefore.toFixed(1)} before and ${(os.loadavg()[0] ?? 0).toFixed(1)} after (other work shares the machine: compare runs only at a similar load).`,
      '',
      'The app as main.ts builds it, one conversation. A person in web chat (botframework-directlinejs on its WebSocket stream)',
      'and a Community Safety officer who has taken the conversation, whose screen keeps the long poll open as the page does.',
      `${MESSAGES} messages each way, one after another, after ${WARM_UP} not counted. Reporter → officer: from the person's send`,
      'to the long poll answering with their words (the page adds them as it gets the answer). Officer → person: from the',
      "officer's POST …/send to the person's client receiving the words on its stream.",
      '',
      table,
      '',
    ],
  );
}

runBench(main);
