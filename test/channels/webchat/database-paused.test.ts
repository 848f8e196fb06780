// The database stops answering mid-turn (its process paused with SIGSTOP for 10 s): the person still gets
// an answer with 999 guidance while it is paused, never a bare error, and the real reply follows once it
// is back. The app as main.ts builds it, on an embedded database of its own (pausing the run's shared one
// would stall every other test file).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import WebSocket from 'ws';
import { createServices, type Services } from '../../../src/compose';
import { loadConfig } from '../../../src/config';
import { connectDatabase, type Database } from '../../../src/db/connection.mongo';
import { ensureEmbeddedDb, startEmbeddedDb, type RunningDatabase } from '../../../src/db/embedded-db';
import { createLogger } from '../../../src/log/logger';

type Activity = { id: string; type: string; text?: string; replyToId?: string; from: { role?: string }; channelData?: { clientActivityID?: string }; suggestedActions?: { actions: { title: string; value: unknown }[] } };

let engine: RunningDatabase;
let database: Database;
let services: Services;
let server: http.Server;
let base: string;

beforeAll(async () => {
  const installed = await ensureEmbeddedDb(path.resolve(__dirname, '../../../.tools'));
  if (!installed) throw new Error('the embedded database is not built');
  engine = await startEmbeddedDb(installed, mkdtempSync(path.join(tmpdir(), 'webchat-paused-')));
  database = connectDatabase(engine.uri, 'paused', createLogger({ level: 'silent' }), { maxDelayMs: 1000 });
  await database.connected;
  const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: mkdtempSync(path.join(tmpdir(), 'webchat-paused-data-')) });
  services = await createServices({ config, logger: createLogger({ level: 'silent' }), database }, { scheduler: false });
  await services.start();
  server = http.createServer(services.app);
  services.attach(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  if (engine?.pid) process.kill(engine.pid, 'SIGCONT');
  await services?.stop();
  server?.closeAllConnections();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
  await database?.close();
  await engine?.stop();
});

const call = (pathname: string, token: string, body?: object) =>
  fetch(`${base}${pathname}`, { method: body ? 'POST' : 'GET', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });

it('answers "Yes" to "are you in danger?" with 999 guidance while the database is paused, then the real reply', async () => {
  const { token } = (await (await fetch(`${base}/chat/token`, { method: 'POST' })).json()) as { token: string };
  const started = (await (await call('/v3/directline/conversations', token, {})).json()) as { conversationId: string; streamUrl: string };
  const activities = `/v3/directline/conversations/${started.conversationId}/activities`;
  await call(activities, token, { type: 'event', name: 'webchat/join', from: { id: 'u' }, locale: 'en-GB', channelData: { clientActivityID: 'join' } });
  const asked = ((await (await call(activities, token)).json()) as { activities: Activity[] }).activities.at(-1)!;
  const yes = asked.suggestedActions!.actions.find((a) => a.title === 'Yes')!;

  const received: Activity[] = [];
  const ws = new WebSocket(started.streamUrl);
  ws.on('message', (data) => received.push(...(JSON.parse(String(data)) as { activities: Activity[] }).activities));
  await new Promise((resolve) => ws.once('open', resolve));
  await new Promise((resolve) => setTimeout(resolve, 300));

  process.kill(engine.pid!, 'SIGSTOP');
  let paused = true;
  const resume = setTimeout(() => {
    process.kill(engine.pid!, 'SIGCONT');
    paused = false;
  }, 10_000);
  try {
    const at = Date.now();
    const res = await call(activities, token, { type: 'message', text: 'Yes', value: yes.value, from: { id: 'u' }, locale: 'en-GB', channelData: { clientActivityID: 'yes-paused' } });
    const answeredAfter = Date.now() - at;
    // Accepted, with the person's message echoed and the safe words on the page, while the database is still paused.
    expect(res.status).toBe(200);
    while (!received.some((a) => a.from.role === 'bot' && /999/.test(a.text ?? ''))) await new Promise((r) => setTimeout(r, 50));
    expect(paused).toBe(true);
    expect(received.some((a) => a.channelData?.clientActivityID === 'yes-paused')).toBe(true);
    console.log(`database paused: answered in ${answeredAfter} ms, with: ${received.find((a) => a.from.role === 'bot' && /999/.test(a.text ?? ''))?.text}`);
  } finally {
    await new Promise((r) => setTimeout(r, Math.max(0, 10_500)));
    clearTimeout(resume);
    if (paused) process.kill(engine.pid!, 'SIGCONT');
  }
  // Once the database is back, the turn runs: the 999 guidance of the dialog itself, stored in the transcript.
  for (let i = 0; i < 200; i += 1) {
    const all = ((await (await call(activities, token)).json()) as { activities: Activity[] }).activities;
    const mine = all.find((a) => a.channelData?.clientActivityID === 'yes-paused');
    if (mine && all.some((a) => a.from.role === 'bot' && a.replyToId === mine.id && /999/.test(a.text ?? ''))) break;
    if (i === 199) throw new Error('the turn never ran after the database came back');
    await new Promise((r) => setTimeout(r, 100));
  }
  ws.close();
}, 60_000);
