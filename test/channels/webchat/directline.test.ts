// The Direct Line 3.0 subset, route by route, as botframework-directlinejs (inside Web Chat) calls it.
import request from 'supertest';
import http from 'node:http';
import WebSocket from 'ws';
import { signToken } from '../../../src/channels/webchat/directline-token';
import { SECRET, startHarness, type Harness } from './harness';

type Activity = { id: string; type: string; text?: string; from: { id: string; role?: string }; name?: string; suggestedActions?: { actions: { title: string; value: unknown }[] }; channelData?: { clientActivityID?: string }; attachments?: { name?: string }[] };

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function start(): Promise<{ conversationId: string; token: string; streamUrl: string }> {
  const issued = await request(h.base).post('/chat/token').expect(200);
  const started = await request(h.base).post('/v3/directline/conversations').set('Authorization', `Bearer ${issued.body.token}`).send({}).expect(201);
  expect(started.body.conversationId).toBe(issued.body.conversationId);
  return started.body;
}

function say(c: { conversationId: string; token: string }, text: string, clientActivityID = `c${Math.random()}`) {
  return request(h.base)
    .post(`/v3/directline/conversations/${c.conversationId}/activities`)
    .set('Authorization', `Bearer ${c.token}`)
    .send({ type: 'message', text, from: { id: 'dl_user' }, locale: 'en-GB', channelData: { clientActivityID } });
}

async function activities(c: { conversationId: string; token: string }, watermark = '') {
  const res = await request(h.base).get(`/v3/directline/conversations/${c.conversationId}/activities?watermark=${watermark}`).set('Authorization', `Bearer ${c.token}`).expect(200);
  return res.body as { activities: Activity[]; watermark: string };
}

/** Opens the stream and collects every activity set it receives. */
function openStream(url: string): Promise<{ ws: WebSocket; received: Activity[]; sets: { watermark?: string }[]; next: (n: number) => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const received: Activity[] = [];
    const sets: { watermark?: string }[] = [];
    const waiters: { n: number; done: () => void }[] = [];
    ws.on('message', (data) => {
      const set = JSON.parse(String(data)) as { activities: Activity[]; watermark?: string };
      received.push(...set.activities);
      sets.push({ watermark: set.watermark });
      for (const w of [...waiters]) if (received.length >= w.n) w.done();
    });
    ws.on('open', () =>
      resolve({
        ws,
        received,
        sets,
        next: (n) => new Promise<void>((done) => (received.length >= n ? done() : waiters.push({ n, done }))),
      }),
    );
    ws.on('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.on('error', reject);
  });
}

describe('starting a conversation', () => {
  it('gives the page a token that opens exactly one new conversation, with a stream URL', async () => {
    const c = await start();
    expect(c.streamUrl).toMatch(new RegExp(`^ws://127\\.0\\.0\\.1:\\d+/v3/directline/conversations/${c.conversationId}/stream\\?t=`));
    // Starting again with the same token returns the same conversation rather than a second one.
    const again = await request(h.base).post('/v3/directline/conversations').set('Authorization', `Bearer ${c.token}`).send({}).expect(200);
    expect(again.body.conversationId).toBe(c.conversationId);
  });

  it('lets a landlord server exchange the secret for a token, and refuses a wrong secret', async () => {
    const generated = await request(h.base).post('/v3/directline/tokens/generate').set('Authorization', `Bearer ${SECRET}`).expect(200);
    expect(generated.body).toEqual({ conversationId: expect.any(String), token: expect.any(String), expires_in: expect.any(Number) });
    await request(h.base).post('/v3/directline/tokens/generate').set('Authorization', 'Bearer not-the-secret').expect(401);
    await request(h.base).post('/v3/directline/tokens/generate').expect(401);
    const started = await request(h.base).post('/v3/directline/conversations').set('Authorization', `Bearer ${generated.body.token}`).send({}).expect(201);
    expect(started.body.conversationId).toBe(generated.body.conversationId);
  });
});

describe('talking', () => {
  it('echoes what the person sent and replies with text and buttons, in watermark order', async () => {
    const c = await start();
    const join = await request(h.base)
      .post(`/v3/directline/conversations/${c.conversationId}/activities`)
      .set('Authorization', `Bearer ${c.token}`)
      .send({ type: 'event', name: 'webchat/join', from: { id: 'dl_user' }, channelData: { clientActivityID: 'join1' } })
      .expect(200);
    expect(join.body.id).toEqual(expect.any(String));
    const posted = await say(c, 'hello', 'm1').expect(200);

    const all = await activities(c);
    expect(all.watermark).toBe('4');
    expect(all.activities.map((a) => [a.from.role, a.type, a.text ?? a.name])).toEqual([
      ['user', 'event', 'webchat/join'],
      ['bot', 'message', 'Are you in immediate danger?'],
      ['user', 'message', 'hello'],
      ['bot', 'message', 'You said: hello'],
    ]);
    expect(all.activities[2]?.id).toBe(posted.body.id);
    expect(all.activities[2]?.channelData?.clientActivityID).toBe('m1');
    expect(all.activities[3]?.suggestedActions?.actions.map((a) => a.title)).toEqual(['Yes', 'No']);
    // Each button names the question it answers.
    expect(all.activities[3]?.suggestedActions?.actions.map((a) => a.value)).toEqual([{ q: all.activities[3]?.id }, { q: all.activities[3]?.id }]);

    const later = await activities(c, '2');
    expect(later.activities.map((a) => a.text)).toEqual(['hello', 'You said: hello']);
    expect(later.watermark).toBe('4');

    // The runtime got a keyed conversation key (not the Direct Line id) and the browser's language.
    const turn = h.turns.find((t) => t.text === 'hello');
    expect(turn?.channel).toBe('webchat');
    expect(turn?.conversationKey).not.toContain(c.conversationId);
    expect(turn?.localeHint).toBe('en-GB');
  });

  it('keeps what the person wrote sealed in the database', async () => {
    const c = await start();
    await say(c, 'my neighbour at number 12').expect(200);
    expect((await activities(c)).activities.map((a) => a.text)).toEqual(['my neighbour at number 12', 'You said: my neighbour at number 12']);
    const raw = await h.db.connection.collection('webchat_transcripts').findOne({ _id: c.conversationId as never });
    expect(raw).not.toBeNull();
    expect(JSON.stringify(raw)).not.toContain('number 12');
  });

  it('stores a re-sent message once and runs its turn once', async () => {
    const c = await start();
    const first = await say(c, 'twice please', 'same-id').expect(200);
    const second = await say(c, 'twice please', 'same-id').expect(200);
    expect(second.body.id).toBe(first.body.id);
    expect((await activities(c)).activities.filter((a) => a.text === 'twice please')).toHaveLength(1);
    expect(h.turns.filter((t) => t.text === 'twice please')).toHaveLength(1);
  });

  it('apologises in words when a turn fails, and the conversation goes on', async () => {
    const c = await start();
    await say(c, 'boom').expect(200);
    await say(c, 'after').expect(200);
    const texts = (await activities(c)).activities.map((a) => a.text);
    expect(texts[1]).toMatch(/something went wrong/i);
    expect(texts.slice(2)).toEqual(['after', 'You said: after']);
  });

  it('refuses a malformed activity', async () => {
    const c = await start();
    await request(h.base).post(`/v3/directline/conversations/${c.conversationId}/activities`).set('Authorization', `Bearer ${c.token}`).send({ text: 'no type' }).expect(400);
    expect((await activities(c)).activities).toHaveLength(0);
  });
});

describe('tokens that must be refused (and nothing stored)', () => {
  let c: { conversationId: string; token: string };
  let other: { conversationId: string; token: string };
  let turnsBefore: number;
  beforeAll(async () => {
    c = await start();
    other = await start();
    turnsBefore = h.turns.length;
  });
  afterAll(async () => {
    expect(h.turns.length).toBe(turnsBefore);
    expect((await activities(c)).activities).toHaveLength(0);
  });

  const tampered = (token: string) => `${token.slice(0, -4)}AAAA`;
  const expired = () => signToken(SECRET, c.conversationId, new Date(Date.now() - 3600_000));
  const forged = () => signToken('some-other-secret-0123456789abcdef', c.conversationId, new Date());

  const routes = (token: string) => [
    request(h.base).post(`/v3/directline/conversations/${c.conversationId}/activities`).set('Authorization', `Bearer ${token}`).send({ type: 'message', text: 'x' }),
    request(h.base).get(`/v3/directline/conversations/${c.conversationId}/activities`).set('Authorization', `Bearer ${token}`),
    request(h.base).get(`/v3/directline/conversations/${c.conversationId}?watermark=0`).set('Authorization', `Bearer ${token}`),
    request(h.base).post(`/v3/directline/conversations/${c.conversationId}/upload?userId=u`).set('Authorization', `Bearer ${token}`).attach('file', Buffer.from('x'), { filename: 'a.png', contentType: 'image/png' }),
  ];

  it.each([
    ['no token', () => '', 401],
    ['a tampered token', () => tampered(c.token), 401],
    ['a token signed with another secret', forged, 401],
    ['an expired token', expired, 403],
    ['a token for another conversation', () => other.token, 403],
  ])('%s gets %s on every conversation route', async (_name, token, status) => {
    for (const r of routes(token())) {
      const res = await r;
      expect(res.status).toBe(status);
    }
  });

  it.each([
    ['a tampered token', () => tampered(c.token), 401],
    ['an expired token', expired, 403],
    ['a token for another conversation', () => other.token, 403],
  ])('the stream refuses %s', async (_name, token, status) => {
    await expect(openStream(`${h.base.replace('http', 'ws')}/v3/directline/conversations/${c.conversationId}/stream?t=${encodeURIComponent(token())}`)).rejects.toThrow(`HTTP ${status}`);
  });

  it('refresh refuses an expired token, so an old token cannot be kept alive', async () => {
    await request(h.base).post('/v3/directline/tokens/refresh').set('Authorization', `Bearer ${expired()}`).expect(403);
    await request(h.base).post('/v3/directline/conversations').set('Authorization', `Bearer ${tampered(c.token)}`).send({}).expect(401);
  });
});

describe('refresh, reconnect and the stream', () => {
  it('refreshes a token for the same conversation', async () => {
    const c = await start();
    const refreshed = await request(h.base).post('/v3/directline/tokens/refresh').set('Authorization', `Bearer ${c.token}`).expect(200);
    expect(refreshed.body.conversationId).toBe(c.conversationId);
    await say({ conversationId: c.conversationId, token: refreshed.body.token }, 'with the new token').expect(200);
  });

  it('streams live replies, ignores keep-alive frames, and replays after the watermark on reconnect', async () => {
    const c = await start();
    const stream = await openStream(c.streamUrl);
    stream.ws.send(''); // directlinejs keep-alive
    await say(c, 'one').expect(200);
    await stream.next(2);
    expect(stream.received.map((a) => a.text)).toEqual(['one', 'You said: one']);
    expect(stream.sets.at(-1)?.watermark).toBe('2');
    stream.ws.close();

    // While the socket is down, the conversation goes on (for example a reply from another instance).
    await say(c, 'two').expect(200);

    const reconnect = await request(h.base).get(`/v3/directline/conversations/${c.conversationId}?watermark=2`).set('Authorization', `Bearer ${c.token}`).expect(200);
    expect(reconnect.body.streamUrl).toContain('watermark=2');
    const again = await openStream(reconnect.body.streamUrl);
    await again.next(2);
    expect(again.received.map((a) => a.text)).toEqual(['two', 'You said: two']);
    again.ws.close();
  });
});

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

describe('attachments', () => {
  const upload = (c: { conversationId: string; token: string }) => request(h.base).post(`/v3/directline/conversations/${c.conversationId}/upload?userId=dl_user`).set('Authorization', `Bearer ${c.token}`);

  it('refuses an empty file with its reason, and stores nothing of a refused request, not even a good file beside it', async () => {
    const c = await start();
    const before = h.stored.length;
    const res = await upload(c).attach('file', PNG, { filename: 'good.png', contentType: 'image/png' }).attach('file', Buffer.alloc(0), { filename: 'empty.png', contentType: 'image/png' });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/empty/);
    expect(h.stored.length).toBe(before);
    expect((await activities(c)).activities).toHaveLength(0);
  });

  it('decides the type from the bytes: a web page called a photo is refused', async () => {
    const c = await start();
    const before = h.stored.length;
    const res = await upload(c).attach('file', Buffer.from('<!doctype html><html><script>alert(1)</script></html>'), { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(res.status).toBe(415);
    expect(res.body.error.message).toMatch(/photos, voice notes, videos and PDFs/);
    expect(h.stored.length).toBe(before);
  });

  it('keeps a file name written in any language', async () => {
    const c = await start();
    const res = await upload(c)
      .attach('activity', Buffer.from(JSON.stringify({ type: 'message', from: { id: 'dl_user' }, channelData: { clientActivityID: 'utf8' }, attachments: [{ contentType: 'image/png', name: 'zdjęcie.jpg' }] })), { filename: 'blob', contentType: 'application/vnd.microsoft.activity' })
      .attach('file', PNG, { filename: 'zdjęcie.png', contentType: 'image/png' })
      .expect(200);
    const echoed = (await activities(c)).activities.find((a) => a.id === res.body.id);
    expect(echoed?.attachments).toEqual([{ contentType: 'image/png', name: 'zdjęcie.png' }]);
  });

  it('stores an uploaded photo as evidence and passes it to the turn', async () => {
    const c = await start();
    const res = await request(h.base)
      .post(`/v3/directline/conversations/${c.conversationId}/upload?userId=dl_user`)
      .set('Authorization', `Bearer ${c.token}`)
      .attach('activity', Buffer.from(JSON.stringify({ type: 'message', text: 'photo', from: { id: 'dl_user' }, channelData: { clientActivityID: 'up1' }, attachments: [{ contentType: 'image/png', name: 'door.png' }] })), { filename: 'blob', contentType: 'application/vnd.microsoft.activity' })
      .attach('file', PNG, { filename: 'door.png', contentType: 'image/png' })
      .expect(200);
    expect(res.body.id).toEqual(expect.any(String));
    expect(h.stored.at(-1)).toMatchObject({ contentType: 'image/png', size: PNG.length });
    const turn = h.turns.find((t) => t.text === 'photo');
    expect(turn?.media).toEqual([{ id: `ev${h.stored.length}`, contentType: 'image/png' }]);
    const echoed = (await activities(c)).activities[0];
    expect(echoed?.attachments).toEqual([{ contentType: 'image/png', name: 'door.png' }]);
  });

  it('refuses a file type that is not evidence, and a file that is too large', async () => {
    const c = await start();
    const before = h.stored.length;
    await request(h.base).post(`/v3/directline/conversations/${c.conversationId}/upload`).set('Authorization', `Bearer ${c.token}`).attach('file', Buffer.from('MZ'), { filename: 'a.exe', contentType: 'application/x-msdownload' }).expect(415);
    await request(h.base).post(`/v3/directline/conversations/${c.conversationId}/upload`).set('Authorization', `Bearer ${c.token}`).attach('file', Buffer.alloc(10 * 1024 * 1024 + 1), { filename: 'big.png', contentType: 'image/png' }).expect(413);
    expect(h.stored.length).toBe(before);
    expect((await activities(c)).activities).toHaveLength(0);
  });
});

describe('quick exit and erasure', () => {
  it('when the person asks to delete the chat, the page is told to exit and the transcript is gone', async () => {
    const c = await start();
    await say(c, 'hello').expect(200);
    const stream = await openStream(c.streamUrl);
    await stream.next(2);
    const closed = new Promise<void>((resolve) => stream.ws.on('close', () => resolve()));
    await say(c, 'exit').expect(200);
    await closed;
    expect(stream.received.slice(3).map((a) => a.type === 'event' ? a.name : a.text)).toEqual(['Chat deleted.', 'webchat/quickExit']);
    await request(h.base).get(`/v3/directline/conversations/${c.conversationId}/activities`).set('Authorization', `Bearer ${c.token}`).expect(404);
    await request(h.base).get(`/v3/directline/conversations/${c.conversationId}?watermark=0`).set('Authorization', `Bearer ${c.token}`).expect(404);
  });

  it('the quick exit beacon erases the session, unattached evidence and the transcript', async () => {
    const c = await start();
    await say(c, 'hello').expect(200);
    const key = h.turns.at(-1)?.conversationKey;
    await request(h.base).post('/chat/exit').set('Content-Type', 'text/plain').send(c.token).expect(204);
    expect(h.erasedSessions).toContain(key);
    expect(h.evidenceErased).toContain(key);
    await request(h.base).get(`/v3/directline/conversations/${c.conversationId}/activities`).set('Authorization', `Bearer ${c.token}`).expect(404);
    await request(h.base).post('/chat/exit').set('Content-Type', 'text/plain').send('forged.token').expect(401);
  });

  it('erases by the runtime conversation key, and purges idle transcripts', async () => {
    const a = await start();
    const b = await start();
    await say(a, 'a').expect(200);
    await say(b, 'b').expect(200);
    const keyA = h.turns.find((t) => t.text === 'a')?.conversationKey as string;
    await h.webchat.eraseByConversationKey(keyA);
    await request(h.base).get(`/v3/directline/conversations/${a.conversationId}/activities`).set('Authorization', `Bearer ${a.token}`).expect(404);
    expect(await h.webchat.purgeIdle(new Date(Date.now() + 1000))).toBeGreaterThanOrEqual(1);
    await request(h.base).get(`/v3/directline/conversations/${b.conversationId}/activities`).set('Authorization', `Bearer ${b.token}`).expect(404);
  });
});

/** A GET that keeps the body as sent (compressed), to see what crosses the network. */
function rawGet(url: string, acceptEncoding: string): Promise<{ status: number; headers: http.IncomingHttpHeaders; size: number }> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'Accept-Encoding': acceptEncoding } }, (res) => {
      let size = 0;
      res.on('data', (c: Buffer) => (size += c.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, size }));
    }).on('error', reject);
  });
}

describe('the page', () => {
  it('serves /chat with its safety chrome, no caching, a strict CSP, and Web Chat from this server', async () => {
    const page = await request(h.base).get('/chat').expect(200);
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.text).toContain('Quick exit');
    expect(page.text).toContain('999');
    expect(page.text).not.toMatch(/<script>(?!<\/script>)/);
    const ar = await request(h.base).get('/chat?lang=ar').expect(200);
    expect(ar.text).toContain('<html lang="ar" dir="rtl">');
    const ur = await request(h.base).get('/chat').set('Accept-Language', 'ur-PK,en;q=0.5').expect(200);
    expect(ur.text).toContain('<html lang="ur" dir="rtl">');
    // Welsh: Web Chat has none of its own, so the page gives its send box and buttons in Welsh; Arabic gives
    // none, so Web Chat keeps its own Arabic.
    const cy = await request(h.base).get('/chat?lang=cy').expect(200);
    expect(cy.text).toContain('<html lang="cy" dir="ltr">');
    const wordsOf = (html: string) => JSON.parse(/data-words="([^"]*)"/.exec(html)![1]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&')) as { webChat: Record<string, string> };
    expect(wordsOf(cy.text).webChat).toMatchObject({ TEXT_INPUT_PLACEHOLDER: 'Teipiwch eich neges', TEXT_INPUT_SEND_BUTTON_ALT: 'Anfon' });
    expect(wordsOf(ar.text).webChat).toEqual({});
    // The quick-exit script comes first, before Web Chat's bundle; every file has a fingerprinted name.
    const scripts = [...page.text.matchAll(/<script src="([^"]+)"/g)].map((m) => m[1] as string);
    expect(scripts.map((s) => s.replace(/\.[0-9a-f]{10}\./, '.'))).toEqual(['/chat/static/quick-exit.js', '/chat/static/start.js', '/chat/static/webchat.js', '/chat/static/chat.js']);
    const bundle = await rawGet(`${h.base}${scripts[2]}`, 'br, gzip');
    expect(bundle.status).toBe(200);
    expect(bundle.headers['content-type']).toContain('javascript');
    expect(bundle.headers['content-encoding']).toBe('br');
    expect(bundle.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(bundle.size).toBeLessThan(1_000_000);
    const gzipped = await request(h.base).get(scripts[3]!).set('Accept-Encoding', 'gzip').expect(200);
    expect(gzipped.headers['content-encoding']).toBe('gzip');
  });
});
