// What a person, a double click, a crash, a slow database or a hostile script does to the Direct Line
// endpoint: one answer per question, every accepted message answered, the old token dead after a quick
// exit, every tab cleared, and limits that only a script meets.
import request from 'supertest';
import WebSocket from 'ws';
import { createTranscriptStore } from '../../../src/channels/webchat/transcript.mongo';
import { createFieldCipher } from '../../../src/crypto/field-cipher';
import { echoTurn, SECRET, startHarness, type Harness } from './harness';
import type { InboundMessage } from '../../../src/conversation/types';
import { randomBytes } from 'node:crypto';

type Activity = { id: string; type: string; text?: string; name?: string; from: { role?: string }; value?: unknown; channelData?: { clientActivityID?: string; ignored?: boolean }; suggestedActions?: { actions: { title: string; value: unknown }[] } };

let h: Harness;
const turns: InboundMessage[] = [];
let hold: Promise<void> | undefined;
beforeAll(async () => {
  const echo = echoTurn(turns);
  h = await startHarness({
    handleTurn: async (message) => {
      if (message.text === 'slow database') await hold;
      return echo(message);
    },
    turnBudgetMs: 400,
    limits: { messagesPerMinutePerConversation: 40, longMessagesPerTenMinutesPerConversation: 3 },
  });
});
afterAll(async () => {
  await h.close();
});

async function start(): Promise<{ conversationId: string; token: string; streamUrl: string }> {
  const issued = await request(h.base).post('/chat/token').expect(200);
  return (await request(h.base).post('/v3/directline/conversations').set('Authorization', `Bearer ${issued.body.token}`).send({}).expect(201)).body;
}
const post = (c: { conversationId: string; token: string }, body: object) =>
  request(h.base).post(`/v3/directline/conversations/${c.conversationId}/activities`).set('Authorization', `Bearer ${c.token}`).send({ type: 'message', from: { id: 'u' }, ...body });
const all = async (c: { conversationId: string; token: string }) =>
  (await request(h.base).get(`/v3/directline/conversations/${c.conversationId}/activities`).set('Authorization', `Bearer ${c.token}`).expect(200)).body.activities as Activity[];

function openStream(url: string): Promise<{ ws: WebSocket; received: Activity[]; closed: Promise<void>; next: (n: number) => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const received: Activity[] = [];
    const waiters: { n: number; done: () => void }[] = [];
    const closed = new Promise<void>((done) => ws.on('close', () => done()));
    ws.on('message', (data) => {
      received.push(...(JSON.parse(String(data)) as { activities: Activity[] }).activities);
      for (const w of [...waiters]) if (received.length >= w.n) w.done();
    });
    ws.on('open', () => resolve({ ws, received, closed, next: (n) => new Promise<void>((done) => (received.length >= n ? done() : waiters.push({ n, done }))) }));
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

describe('one answer per question', () => {
  it('a double click on a button answers the question once; the second click changes nothing', async () => {
    const c = await start();
    await post(c, { text: 'hello', channelData: { clientActivityID: 'a1' } }).expect(200);
    const question = (await all(c)).at(-1)!;
    const no = question.suggestedActions!.actions.find((a) => a.title === 'No')!;
    const before = turns.length;
    const [first, second] = await Promise.all([
      post(c, { text: 'No', value: no.value, channelData: { clientActivityID: 'click1' } }),
      post(c, { text: 'No', value: no.value, channelData: { clientActivityID: 'click2' } }),
    ]);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(turns.length - before).toBe(1);
    const after = await all(c);
    // Both clicks are echoed (Web Chat waits for that), one marked ignored, and there is one reply.
    expect(after.filter((a) => a.text === 'No').map((a) => Boolean(a.channelData?.ignored)).sort()).toEqual([false, true]);
    expect(after.filter((a) => a.text === 'You said: No')).toHaveLength(1);
  });

  it('a button of an earlier question is ignored once the person has typed their answer', async () => {
    const c = await start();
    await post(c, { text: 'first', channelData: { clientActivityID: 'b1' } }).expect(200);
    const old = (await all(c)).at(-1)!.suggestedActions!.actions[0]!;
    await post(c, { text: 'typed instead', channelData: { clientActivityID: 'b2' } }).expect(200);
    const before = turns.length;
    await post(c, { text: 'Yes', value: old.value, channelData: { clientActivityID: 'b3' } }).expect(200);
    expect(turns.length).toBe(before);
  });
});

describe('every accepted message is answered', () => {
  it('a message stored just before a crash has its turn run when Web Chat sends it again', async () => {
    const c = await start();
    // What a crash leaves: the activity stored under its client id, no turn run.
    const transcripts = createTranscriptStore(h.db.connection, createFieldCipher(new Map([['k1', randomBytes(32)]]), 'k1'));
    const stored = await transcripts.append(c.conversationId, [{ type: 'message', id: `${c.conversationId}|crashed`, text: 'Yes', from: { id: 'u', role: 'user' } }], new Date(), { clientId: 'crash-1' });
    expect(stored.status).toBe('stored');
    const retried = await post(c, { text: 'Yes', channelData: { clientActivityID: 'crash-1' } }).expect(200);
    expect(retried.body.id).toBe(`${c.conversationId}|crashed`);
    expect(turns.filter((t) => t.providerMessageId.endsWith(`${c.conversationId}|crashed`))).toHaveLength(1);
    // A second retry does not run it again.
    await post(c, { text: 'Yes', channelData: { clientActivityID: 'crash-1' } }).expect(200);
    expect(turns.filter((t) => t.providerMessageId.endsWith(`${c.conversationId}|crashed`))).toHaveLength(1);
  });

  it('a client activity id with a lone surrogate is taken like any other', async () => {
    const c = await start();
    const odd = `x\uD800y-${Date.now()}`;
    const res = await post(c, { text: 'odd id', channelData: { clientActivityID: odd } }).expect(200);
    const echo = (await all(c)).find((a) => a.id === res.body.id);
    expect(echo?.channelData?.clientActivityID).toBe(odd);
    expect(turns.some((t) => t.text === 'odd id')).toBe(true);
  });

  it('when the turn is slow (the database paused), the page gets its message back and the safe words in time', async () => {
    const c = await start();
    const stream = await openStream(c.streamUrl);
    let release!: () => void;
    hold = new Promise<void>((resolve) => (release = resolve));
    const res = await post(c, { text: 'slow database', channelData: { clientActivityID: 'slow-1' } }).expect(200);
    const messages = () => stream.received.filter((a) => a.type === 'message');
    while (!messages().some((a) => a.from.role === 'bot')) await stream.next(stream.received.length + 1);
    expect(messages()[0]?.channelData?.clientActivityID).toBe('slow-1');
    expect(messages().find((a) => a.from.role === 'bot')?.text).toMatch(/999/);
    release();
    // The turn still runs when the database answers: its real reply follows.
    while (!messages().some((a) => a.text === 'You said: slow database')) await stream.next(stream.received.length + 1);
    expect(res.body.id).toEqual(expect.any(String));
    stream.ws.close();
  });
});

describe('responses and tokens', () => {
  it('conversation responses are never cached', async () => {
    const c = await start();
    const res = await request(h.base).get(`/v3/directline/conversations/${c.conversationId}/activities`).set('Authorization', `Bearer ${c.token}`).expect(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const again = await request(h.base).post('/v3/directline/conversations').set('Authorization', `Bearer ${c.token}`).send({}).expect(200);
    expect(again.headers['cache-control']).toBe('no-store');
  });

  it('after a quick exit the old token opens, refreshes and streams nothing', async () => {
    const c = await start();
    await post(c, { text: 'hello', channelData: { clientActivityID: 'q1' } }).expect(200);
    await request(h.base).post('/chat/exit').set('Content-Type', 'text/plain').send(c.token).expect(204);
    await request(h.base).post('/v3/directline/tokens/refresh').set('Authorization', `Bearer ${c.token}`).expect(403);
    await request(h.base).post('/v3/directline/conversations').set('Authorization', `Bearer ${c.token}`).send({}).expect(403);
    await post(c, { text: 'again', channelData: { clientActivityID: 'q2' } }).expect(404);
    await expect(openStream(c.streamUrl)).rejects.toThrow('HTTP 404');
  });

  it('a quick exit in one tab clears every open tab of the conversation', async () => {
    const c = await start();
    const tabs = await Promise.all([openStream(c.streamUrl), openStream(c.streamUrl)]);
    await request(h.base).post('/chat/exit').set('Content-Type', 'text/plain').send(c.token).expect(204);
    await Promise.all(tabs.map((t) => t.closed));
    for (const tab of tabs) expect(tab.received.map((a) => a.name)).toContain('webchat/quickExit');
  });
});

describe('limits a person never meets', () => {
  it('refuses more streams on one conversation than a person has tabs', async () => {
    const c = await start();
    const open = [];
    for (let i = 0; i < 8; i += 1) open.push(await openStream(c.streamUrl));
    await expect(openStream(c.streamUrl)).rejects.toThrow('HTTP 429');
    for (const s of open) s.ws.close();
  });

  it('refuses a flood of long messages from one conversation, with a reason', async () => {
    const c = await start();
    const long = 'x'.repeat(3000);
    for (let i = 0; i < 3; i += 1) await post(c, { text: long, channelData: { clientActivityID: `l${i}` } }).expect(200);
    const refused = await post(c, { text: long, channelData: { clientActivityID: 'l3' } }).expect(429);
    expect(refused.body.error.message).toMatch(/too many long messages/);
    // Short messages still go through.
    await post(c, { text: 'short', channelData: { clientActivityID: 'l4' } }).expect(200);
  });

  it('a message longer than the limit is refused with its reason, not a bare error', async () => {
    const c = await start();
    const res = await post(c, { text: 'y'.repeat(4001), channelData: { clientActivityID: 'toolong' } }).expect(413);
    expect(res.body.error.message).toMatch(/at most 4000 characters/);
  });

  it('believes X-Forwarded-For only when TRUST_PROXY says so (off by default)', async () => {
    const limited = await startHarness({ newChatsPerTenMinutes: 2 });
    try {
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await request(limited.base).post('/chat/token').set('X-Forwarded-For', `203.0.113.${i}`)).status);
      expect(statuses).toEqual([200, 200, 429, 429]);
    } finally {
      await limited.close();
    }
  });
});

describe('after the report is sent', () => {
  it('a message after the end is kept and answered, and a new report starts only when asked', async () => {
    const ended = await startHarness({
      handleTurn: async (message) => ({
        prompts: [{ key: 'intake:submitted.reference', params: { reference: 'OVH-2026-000123' }, text: 'Thank you. Your reference is OVH-2026-000123.' }],
        locale: 'en',
        ended: message.text === 'send',
        erased: false,
        duplicate: false,
      }),
    });
    try {
      const issued = await request(ended.base).post('/chat/token').expect(200);
      const c = (await request(ended.base).post('/v3/directline/conversations').set('Authorization', `Bearer ${issued.body.token}`).send({}).expect(201)).body;
      const say = (body: object) => request(ended.base).post(`/v3/directline/conversations/${c.conversationId}/activities`).set('Authorization', `Bearer ${c.token}`).send({ type: 'message', from: { id: 'u' }, ...body }).expect(200);
      await say({ text: 'send', channelData: { clientActivityID: 'e1' } });
      await say({ text: 'and one more thing', channelData: { clientActivityID: 'e2' } });
      const got = (await request(ended.base).get(`/v3/directline/conversations/${c.conversationId}/activities`).set('Authorization', `Bearer ${c.token}`).expect(200)).body.activities as Activity[];
      expect(got.map((a) => a.text)).toContain('and one more thing');
      const reply = got.at(-1)!;
      expect(reply.text).toMatch(/already been sent.*OVH-2026-000123/);
      const startAgain = reply.suggestedActions!.actions[0]!;
      expect(startAgain.title).toBe('Start a new report');
      await say({ text: startAgain.title, value: startAgain.value, channelData: { clientActivityID: 'e3' } });
      const last = ((await request(ended.base).get(`/v3/directline/conversations/${c.conversationId}/activities`).set('Authorization', `Bearer ${c.token}`).expect(200)).body.activities as Activity[]).at(-1);
      expect(last?.text).toMatch(/Thank you/);
    } finally {
      await ended.close();
    }
  });
});

void SECRET;
