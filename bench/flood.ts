// `npm run bench:flood`: does one abusive web chat client slow everyone? Against a service already running
// on loopback (FLOOD_BASE, default http://127.0.0.1:3998, started with TWILIO_* set, PUBLIC_BASE_URL equal
// to FLOOD_BASE and TRUST_PROXY=loopback so each client here can stand for its own address), it measures an
// ordinary person's SMS turn and web chat turn (median, ms) while quiet, then during three floods of
// FLOOD_PHASE_MS each: one web chat token sending 12 KB messages as fast as it is answered; eight such
// tokens; 200 streams open on one conversation that keeps talking. A warm-up comes first, not counted, and each run
// uses addresses of its own. Bounded in time and loopback only.
import { randomBytes } from 'node:crypto';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import twilio from 'twilio';
import WebSocket from 'ws';

const BASE = process.env['FLOOD_BASE'] ?? 'http://127.0.0.1:3998';
const AUTH_TOKEN = process.env['FLOOD_TWILIO_AUTH_TOKEN'] ?? 'flood-test-auth-token';
const PHASE_MS = Number(process.env['FLOOD_PHASE_MS'] ?? 30_000);
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
if (!LOOPBACK.has(new URL(BASE).hostname)) throw new Error('the flood is sent to loopback only');

const TWELVE_KB = '€'.repeat(4000); // 4,000 characters, 12,000 bytes in UTF-8
let clients = 0;
// A block of its own each run, so that a second run is not refused for what the first one sent (per-address limits).
const block = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;
const newAddress = () => `${block}.${(clients += 1) % 250}`;

interface Chat {
  token: string;
  conversationId: string;
  streamUrl: string;
  address: string;
}

async function startChat(): Promise<Chat> {
  const address = newAddress();
  const issued = (await (await fetch(`${BASE}/chat/token`, { method: 'POST', headers: { 'X-Forwarded-For': address } })).json()) as { token: string };
  const started = (await (
    await fetch(`${BASE}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${issued.token}`, 'Content-Type': 'application/json', 'X-Forwarded-For': address }, body: '{}' })
  ).json()) as { conversationId: string; streamUrl: string; token: string };
  return { token: started.token, conversationId: started.conversationId, streamUrl: started.streamUrl, address };
}

async function say(chat: Chat, text: string): Promise<number> {
  const res = await fetch(`${BASE}/v3/directline/conversations/${chat.conversationId}/activities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${chat.token}`, 'Content-Type': 'application/json', 'X-Forwarded-For': chat.address },
    body: JSON.stringify({ type: 'message', text, from: { id: 'u' }, locale: 'en-GB', channelData: { clientActivityID: randomBytes(8).toString('hex') } }),
  });
  await res.arrayBuffer();
  return res.status;
}

async function sms(from: string, body: string): Promise<void> {
  const params = { AccountSid: `AC${'0'.repeat(32)}`, MessageSid: `SM${randomBytes(16).toString('hex')}`, From: from, To: '+447700900000', Body: body, NumMedia: '0' };
  const url = `${BASE}/webhooks/twilio/sms`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Twilio-Signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, url, params) },
    body: new URLSearchParams(params).toString(),
  });
  await res.text();
  if (res.status >= 300) throw new Error(`SMS webhook answered ${res.status}`);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : NaN;
};

/** An ordinary person texting and chatting at a human pace while `until` has not passed. */
async function ordinaryPerson(until: number): Promise<{ sms: number[]; webchat: number[]; smsEarly: number[] }> {
  const out = { sms: [] as number[], webchat: [] as number[], smsEarly: [] as number[] };
  const early = performance.now() + 10_000;
  const phone = `+4477009${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;
  const chat = await startChat();
  const words = ['hello', 'no', 'yes', 'I would like to report noise', 'help'];
  for (let i = 0; performance.now() < until; i += 1) {
    let t0 = performance.now();
    await sms(phone, words[i % words.length]!);
    out.sms.push(performance.now() - t0);
    if (t0 < early) out.smsEarly.push(performance.now() - t0);
    t0 = performance.now();
    await say(chat, words[i % words.length]!);
    out.webchat.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 400));
  }
  return out;
}

async function flooder(until: number, tally: { sent: number; refused: number }): Promise<void> {
  const chat = await startChat();
  while (performance.now() < until) {
    const status = await say(chat, TWELVE_KB).catch(() => 0);
    if (status === 200) tally.sent += 1;
    else tally.refused += 1;
    if (status === 429) await new Promise((r) => setTimeout(r, 200));
  }
}

async function phase(name: string, load: (until: number) => Promise<string>): Promise<{ name: string; sms: number; webchat: number; load: string }> {
  const until = performance.now() + PHASE_MS;
  const [person, loadNote] = await Promise.all([ordinaryPerson(until), load(until)]);
  const result = { name, sms: Math.round(median(person.sms)), webchat: Math.round(median(person.webchat)), load: loadNote };
  const smsLater = person.sms.slice(person.smsEarly.length);
  console.log(
    `${name.padEnd(34)} SMS median ${String(result.sms).padStart(6)} ms   web chat median ${String(result.webchat).padStart(6)} ms   ${loadNote}\n` +
      `${''.padEnd(34)} SMS median in the first 10 s ${Math.round(median(person.smsEarly))} ms, after ${Math.round(median(smsLater))} ms; load average ${loadavg()[0]!.toFixed(1)}`,
  );
  return result;
}

async function main(): Promise<void> {
  const results = [];
  // Not counted: the first turns of a fresh process (compiling, the database's caches) would flatter every flood.
  const warm = await ordinaryPerson(performance.now() + Math.min(PHASE_MS, 10_000));
  console.log(`${'warming up (not counted)'.padEnd(34)} SMS median ${String(Math.round(median(warm.sms))).padStart(6)} ms   web chat median ${String(Math.round(median(warm.webchat))).padStart(6)} ms`);
  results.push(await phase('quiet', async () => ''));
  results.push(
    await phase('one token flooding 12 KB messages', async (until) => {
      const tally = { sent: 0, refused: 0 };
      await flooder(until, tally);
      return `flood: ${tally.sent} accepted, ${tally.refused} refused`;
    }),
  );
  results.push(
    await phase('eight such tokens', async (until) => {
      const tally = { sent: 0, refused: 0 };
      await Promise.all(Array.from({ length: 8 }, () => flooder(until, tally)));
      return `flood: ${tally.sent} accepted, ${tally.refused} refused`;
    }),
  );
  results.push(
    await phase('200 streams on one conversation', async (until) => {
      const chat = await startChat();
      const sockets: WebSocket[] = [];
      let opened = 0;
      let refused = 0;
      await Promise.all(
        Array.from({ length: 200 }, () => new Promise<void>((resolve) => {
          const ws = new WebSocket(chat.streamUrl);
          ws.on('open', () => { opened += 1; resolve(); });
          ws.on('message', () => {});
          ws.on('error', () => { refused += 1; resolve(); });
          ws.on('unexpected-response', () => { refused += 1; resolve(); });
          sockets.push(ws);
        })),
      );
      let messages = 0;
      while (performance.now() < until) {
        if ((await say(chat, 'still here').catch(() => 0)) === 200) messages += 1;
        await new Promise((r) => setTimeout(r, 250));
      }
      for (const ws of sockets) ws.terminate();
      return `streams: ${opened} open, ${refused} refused; ${messages} messages on that conversation`;
    }),
  );
  const quiet = results[0]!;
  console.log('\nratio to quiet (target within 1.5x):');
  for (const r of results.slice(1)) console.log(`  ${r.name.padEnd(34)} SMS ${(r.sms / quiet.sms).toFixed(2)}x   web chat ${(r.webchat / quiet.webchat).toFixed(2)}x`);
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
