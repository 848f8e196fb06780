// `npm run bench:faults`: issue 12's fault figures on the real service (src/main.ts as a child process, Twilio
// configured with test credentials, nothing sent beyond loopback that can arrive) and an embedded engine of its
// own. (1) The engine paused 10 s mid-turn: web chat, SMS and WhatsApp each send "Yes" to "are you in danger?",
// the engine gets SIGSTOP 5-30 ms later and SIGCONT 10 s after that; how long each channel took to answer (from
// sending), and whether the answer had the 999 words. FAULT_ROUNDS rounds (default 5). (2) A high-risk
// conversation by SMS, abandoned after the Dash checklist: how long from the message that made it high risk
// until its urgent case was in the staff queue's projection (case_queue, what the queue page reads).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import twilio from 'twilio';
import WebSocket from 'ws';
import { ensureEmbeddedDb, freePort, startEmbeddedDb } from '../src/db/embedded-db';

const ROOT = path.resolve(__dirname, '..');
const ROUNDS = Number(process.env['FAULT_ROUNDS'] ?? 5);
const AUTH_TOKEN = 'faults-test-auth-token';
// Twilio waits 15 s in all; Web Chat (botframework-directlinejs) waits 20 s for a post before it retries. The
// service's own budgets are tighter (8 s for Twilio, 5 s for web chat), both counted from arrival.
const BUDGET = { webchat: 20_000, sms: 15_000, whatsapp: 15_000 };

type Activity = { id: string; text?: string; replyToId?: string; from: { role?: string }; channelData?: { clientActivityID?: string }; suggestedActions?: { actions: { title: string; value: unknown }[] } };

async function main(): Promise<void> {
  const installed = await ensureEmbeddedDb(path.join(ROOT, '.tools'));
  if (!installed) throw new Error('the embedded database is not built (npm run db:build)');
  const engine = await startEmbeddedDb(installed, mkdtempSync(path.join(tmpdir(), 'faults-db-')));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_BASE_URL: base,
    MONGODB_URI: engine.uri,
    MONGODB_DB_NAME: 'faults',
    DATA_DIR: mkdtempSync(path.join(tmpdir(), 'faults-data-')),
    LOG_LEVEL: 'silent',
    TWILIO_ACCOUNT_SID: `AC${'f0'.repeat(16)}`,
    TWILIO_AUTH_TOKEN: AUTH_TOKEN,
    TWILIO_SMS_FROM: '+447700900000',
    TWILIO_WHATSAPP_FROM: 'whatsapp:+447700900001',
  };
  const service: ChildProcess = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], { cwd: ROOT, env, stdio: 'ignore' });
  const mongo = new MongoClient(engine.uri, { directConnection: true });
  try {
    for (let i = 0; ; i += 1) {
      if (await fetch(`${base}/readyz`).then((r) => r.ok, () => false)) break;
      if (i > 1200) throw new Error('service did not start');
      await new Promise((r) => setTimeout(r, 100));
    }
    await mongo.connect();
    console.log(`service on ${base}, engine pid ${engine.pid}`);
    await pausedRounds(base, engine.pid!);
    await abandonedHighRisk(base, mongo);
  } finally {
    process.kill(engine.pid!, 'SIGCONT');
    service.kill('SIGTERM');
    await mongo.close().catch(() => {});
    await new Promise((r) => setTimeout(r, 1000));
    await engine.stop();
  }
}

// ---- channels -------------------------------------------------------------------------------------------

let numbers = 0;
const newNumber = () => `+4477009${String(10000 + (numbers += 1)).slice(-5)}`;

async function twilioPost(base: string, channel: 'sms' | 'whatsapp', from: string, body: string): Promise<{ ms: number; status: number; text: string }> {
  const url = `${base}/webhooks/twilio/${channel}`;
  const sid = `SM${[...Array(32)].map(() => Math.floor(Math.random() * 16).toString(16)).join('')}`;
  const params = { MessageSid: sid, AccountSid: `AC${'f0'.repeat(16)}`, From: channel === 'whatsapp' ? `whatsapp:${from}` : from, To: '+447700900000', Body: body, NumMedia: '0' };
  const at = performance.now();
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params) },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  return { ms: Math.round(performance.now() - at), status: res.status, text: [...text.matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) => m[1]).join('\n') };
}

interface Chat {
  token: string;
  activities: string;
  received: Activity[];
  ws: WebSocket;
  yes: { title: string; value: unknown };
}

async function openChat(base: string, run: number): Promise<Chat> {
  const { token } = (await (await fetch(`${base}/chat/token`, { method: 'POST' })).json()) as { token: string };
  const call = (p: string, body?: object) => fetch(`${base}${p}`, { method: body ? 'POST' : 'GET', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const started = (await (await call('/v3/directline/conversations', {})).json()) as { conversationId: string; streamUrl: string };
  const activities = `/v3/directline/conversations/${started.conversationId}/activities`;
  await call(activities, { type: 'event', name: 'webchat/join', from: { id: 'u' }, locale: 'en-GB', channelData: { clientActivityID: `join-${run}` } });
  const asked = ((await (await call(activities)).json()) as { activities: Activity[] }).activities.at(-1)!;
  const yes = asked.suggestedActions!.actions.find((a) => a.title === 'Yes')!;
  const received: Activity[] = [];
  const ws = new WebSocket(started.streamUrl);
  ws.on('message', (data) => {
    const text = String(data);
    if (text.trim() !== '') received.push(...((JSON.parse(text) as { activities?: Activity[] }).activities ?? []));
  });
  await new Promise((resolve) => ws.once('open', resolve));
  await new Promise((r) => setTimeout(r, 300));
  return { token, activities, received, ws, yes };
}

/** Sends "Yes" and resolves when the page has a bot message with 999 in it (the fallback or the real reply). */
async function webchatYes(base: string, chat: Chat, run: number): Promise<{ ms: number; status: number; text: string }> {
  const at = performance.now();
  const post = fetch(`${base}${chat.activities}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${chat.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'message', text: 'Yes', value: chat.yes.value, from: { id: 'u' }, locale: 'en-GB', channelData: { clientActivityID: `yes-${run}` } }),
  });
  const res = await post;
  for (;;) {
    const answer = chat.received.find((a) => a.from.role === 'bot' && /999/.test(a.text ?? ''));
    if (answer) return { ms: Math.round(performance.now() - at), status: res.status, text: answer.text ?? '' };
    if (performance.now() - at > 30_000) return { ms: Math.round(performance.now() - at), status: res.status, text: '(no answer on the page in 30 s)' };
    await new Promise((r) => setTimeout(r, 20));
  }
}

// ---- (1) the engine paused 10 s mid-turn -----------------------------------------------------------------

async function pausedRounds(base: string, enginePid: number): Promise<void> {
  const rows: string[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const chat = await openChat(base, round);
    const smsFrom = newNumber();
    const waFrom = newNumber();
    // The first question of each, with the engine running.
    await twilioPost(base, 'sms', smsFrom, 'Hi');
    await twilioPost(base, 'whatsapp', waFrom, 'Hi');
    const inFlight = [webchatYes(base, chat, round), twilioPost(base, 'sms', smsFrom, 'Yes'), twilioPost(base, 'whatsapp', waFrom, 'Yes')] as const;
    const delay = 5 + Math.floor(Math.random() * 26);
    await new Promise((r) => setTimeout(r, delay));
    process.kill(enginePid, 'SIGSTOP');
    const resume = setTimeout(() => process.kill(enginePid, 'SIGCONT'), 10_000);
    const [web, sms, wa] = await Promise.all(inFlight);
    await new Promise((r) => setTimeout(r, 10_500));
    clearTimeout(resume);
    process.kill(enginePid, 'SIGCONT');
    const ok = (ms: number, budget: number, text: string) => (ms <= budget && /999/.test(text) ? 'yes' : 'NO');
    rows.push(
      `| ${round} | ${delay} | ${web.ms} (${web.status}) | ${ok(web.ms, BUDGET.webchat, web.text)} | ${sms.ms} (${sms.status}) | ${ok(sms.ms, BUDGET.sms, sms.text)} | ${wa.ms} (${wa.status}) | ${ok(wa.ms, BUDGET.whatsapp, wa.text)} |`,
    );
    console.log(rows.at(-1));
    if (round === 1) console.log(`  web chat said: ${web.text}\n  SMS said: ${sms.text.replace(/\n/g, ' / ')}`);
    chat.ws.close();
    // Let the real replies go out before the next round.
    await new Promise((r) => setTimeout(r, 3_000));
  }
  console.log('\n| round | paused after (ms) | web chat answered (ms, HTTP) | within 20 s with 999 | SMS (ms, HTTP) | within 15 s with 999 | WhatsApp (ms, HTTP) | within 15 s with 999 |');
  console.log('|---|---|---|---|---|---|---|---|');
  rows.forEach((r) => console.log(r));
}

// ---- (2) a high-risk conversation abandoned after the checklist --------------------------------------------

async function abandonedHighRisk(base: string, mongo: MongoClient): Promise<void> {
  const queue = mongo.db('faults').collection('case_queue');
  const before = new Set((await queue.find({}, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id)));
  const from = newNumber();
  let reply = (await twilioPost(base, 'sms', from, 'Hi')).text;
  const answers: [RegExp, string][] = [
    [/in danger right now/, 'No'],
    [/safe for you to message us now/, 'Yes'],
    [/someone else (read|see)/, 'No'],
    [/Who is this report about/, 'It happened to me'],
    [/What is it about/, 'Domestic abuse'],
    [/What has been happening/, 'Physical harm'],
    [/Anything else\? Pick more/, "That's all"],
    [/How old are you/, '18 or over'],
    [/questions that help us understand how safe you are/, 'Yes, now'],
    [/talk to someone from our team now, or carry on/, 'Carry on'],
    [/Skip the rest/, 'Yes'],
  ];
  let seenAt: number | undefined;
  let done = false;
  const watching = (async () => {
    while (seenAt === undefined && !done) {
      const row = await queue.findOne({ _id: { $nin: [...before] } as never, priority: 'urgent' });
      if (row) seenAt = performance.now();
      else await new Promise((r) => setTimeout(r, 10));
    }
  })();
  // Answers until the question after the checklist, then stops (abandoned); when each answer was sent.
  const sends: { at: number; answer: string; to: string; ms: number }[] = [];
  for (let turn = 0; turn < 60 && !/best describes your home|home of the person affected/.test(reply); turn += 1) {
    const row = answers.find(([question]) => question.test(reply));
    if (!row) throw new Error(`no answer for: ${reply}`);
    const at = performance.now();
    const answer = await twilioPost(base, 'sms', from, row[1]);
    sends.push({ at, answer: row[1], to: reply.split('\n').filter((l) => /\?/.test(l)).at(-1) ?? '', ms: answer.ms });
    reply = answer.text;
    await new Promise((r) => setTimeout(r, 40));
  }
  done = true;
  await watching;
  if (seenAt === undefined) {
    console.log('\nhigh risk abandoned after the checklist (SMS): NO urgent case in the queue');
    return;
  }
  const trigger = sends.filter((s) => s.at <= seenAt!).at(-1)!;
  const latest = await queue.findOne({ _id: { $nin: [...before] } as never, priority: 'urgent' });
  const flags = (latest?.['triage'] as { flags?: { marac?: boolean } } | undefined)?.flags;
  console.log(`\nhigh risk abandoned after the checklist (SMS): urgent case in case_queue ${Math.round(seenAt - trigger.at)} ms after sending "${trigger.answer}" to "${trigger.to}" (that turn answered in ${trigger.ms} ms; answer ${sends.indexOf(trigger) + 1} of ${sends.length})`);
  console.log(`  after the last answer: priority ${String(latest?.['priority'])}, partial ${String(latest?.['partial'])}, MARAC ${String(flags?.marac)}, open alerts ${String(latest?.['openAlerts'])}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
