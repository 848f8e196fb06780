// Every accepted message is answered, even when the service dies under it: the real service (src/main.ts)
// runs as a child process on the run's database; "Yes" to "are you in danger?" is posted by web chat and by
// SMS at once, the child is killed with SIGKILL 10-60 ms later, started again, and Web Chat's retry (the same
// clientActivityID) and Twilio's (the same MessageSid) must each get the 999 guidance. Ten runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import twilio from 'twilio';
import { testDatabaseUri, uniqueDbName } from '../../support/database';

type Activity = { id: string; type: string; text?: string; replyToId?: string; from: { role?: string }; suggestedActions?: { actions: { title: string; value: unknown }[] } };

const ROOT = path.resolve(__dirname, '../../..');
let port = 0;
let child: ChildProcess | undefined;
const exited = new Set<number>();
const env = {
  ...process.env,
  NODE_ENV: 'development',
  HOST: '127.0.0.1',
  MONGODB_URI: '',
  MONGODB_DB_NAME: '',
  DATA_DIR: mkdtempSync(path.join(tmpdir(), 'webchat-kill-')),
  LOG_LEVEL: 'silent',
  TWILIO_ACCOUNT_SID: `AC${'c3'.repeat(16)}`,
  TWILIO_AUTH_TOKEN: 'kill-test-auth-token',
  TWILIO_SMS_FROM: '+447700900000',
};

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = server.address() as net.AddressInfo;
      server.close(() => resolve(p));
    });
  });
}

async function startService(): Promise<void> {
  // node itself runs the service (tsx only as its loader), so SIGKILL reaches the service and nothing else.
  child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/main.ts')], { cwd: ROOT, env: { ...env, PORT: String(port), PUBLIC_BASE_URL: base() }, stdio: 'ignore' });
  const started = child;
  started.once('exit', () => {
    exited.add(started.pid ?? -1);
  });
  // Up to two minutes: a busy machine starts the service slowly (this is not a measurement).
  for (let i = 0; i < 1200; i += 1) {
    const ready = await fetch(`http://127.0.0.1:${port}/readyz`).then((r) => r.ok, () => false);
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('service did not start');
}

function kill(): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const base = () => `http://127.0.0.1:${port}`;
const json = async (res: Response) => (await res.json()) as Record<string, unknown>;
async function call(pathname: string, token: string, body?: object): Promise<Response> {
  return fetch(`${base()}${pathname}`, {
    method: body ? 'POST' : 'GET',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
}

/** A text as Twilio sends it (signed); the messages of the TwiML answer. */
async function sms(from: string, sid: string, body: string): Promise<string[]> {
  const url = `${base()}/webhooks/twilio/sms`;
  const params = { MessageSid: sid, AccountSid: env.TWILIO_ACCOUNT_SID, From: from, To: env.TWILIO_SMS_FROM, Body: body, NumMedia: '0' };
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(env.TWILIO_AUTH_TOKEN, url, params) },
    body: new URLSearchParams(params).toString(),
  });
  expect(res.status).toBe(200);
  return [...(await res.text()).matchAll(/<Message>([\s\S]*?)<\/Message>/g)].map((m) => m[1]!);
}

beforeAll(async () => {
  env.MONGODB_URI = testDatabaseUri();
  env.MONGODB_DB_NAME = uniqueDbName('webchat-kill');
  port = await freePort();
  await startService();
}, 150_000);
afterAll(async () => {
  await kill();
});

it('answers "Yes" to "are you in danger?" with 999 guidance after a kill -9 mid-turn, web chat and SMS, 10 runs of 10', async () => {
  const answered: boolean[] = [];
  const answeredBySms: boolean[] = [];
  for (let run = 0; run < 10; run += 1) {
    const { token } = (await json(await fetch(`${base()}/chat/token`, { method: 'POST' }))) as { token: string };
    const { conversationId } = (await json(await call('/v3/directline/conversations', token, {}))) as { conversationId: string };
    const activities = `/v3/directline/conversations/${conversationId}/activities`;
    await call(activities, token, { type: 'event', name: 'webchat/join', from: { id: 'u' }, locale: 'en-GB', channelData: { clientActivityID: `join-${run}` } });
    const asked = ((await json(await call(activities, token))).activities as Activity[]).at(-1)!;
    expect(asked.text).toMatch(/in danger right now/);
    const yes = asked.suggestedActions!.actions.find((a) => a.title === 'Yes')!;
    const message = { type: 'message', text: 'Yes', value: yes.value, from: { id: 'u' }, locale: 'en-GB', channelData: { clientActivityID: `yes-${run}` } };

    const from = `+4477009007${String(run).padStart(2, '0')}`;
    expect((await sms(from, `SM${'0'.repeat(30)}${String(run).padStart(2, '0')}`, 'Hi')).join('\n')).toMatch(/in danger right now/);
    const smsSid = `SM${'1'.repeat(30)}${String(run).padStart(2, '0')}`;

    const inFlight = Promise.all([call(activities, token, message).catch(() => undefined), sms(from, smsSid, 'Yes').catch(() => undefined)]);
    await new Promise((r) => setTimeout(r, 10 + Math.floor(Math.random() * 51)));
    const killed = child!;
    await kill();
    await inFlight;
    // The service really died: nothing answers until it is started again.
    expect(exited.has(killed.pid ?? -1)).toBe(true);
    expect(await fetch(`${base()}/healthz`).then(() => 'up', () => 'down')).toBe('down');
    await startService();

    // Web Chat's retry: the same activity, the same clientActivityID.
    const retried = await call(activities, token, message);
    expect(retried.status).toBe(200);
    const all = (await json(await call(activities, token))).activities as Activity[];
    const yesActivities = all.filter((a) => a.text === 'Yes' && a.from.role === 'user');
    expect(yesActivities).toHaveLength(1);
    answered.push(all.some((a) => a.from.role === 'bot' && a.replyToId === yesActivities[0]!.id && /999/.test(a.text ?? '')));
    // Twilio's retry of the same message: the turn runs if it never did, and the answer has the 999 guidance.
    answeredBySms.push(/999/.test((await sms(from, smsSid, 'Yes')).join('\n')));
  }
  expect(answered).toEqual(Array(10).fill(true));
  expect(answeredBySms).toEqual(Array(10).fill(true));
}, 900_000);
