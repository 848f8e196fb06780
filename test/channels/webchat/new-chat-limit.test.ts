// Starting chats is limited per address; chats already open carry on.
import { startHarness, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ newChatsPerTenMinutes: 3 });
});
afterAll(async () => {
  await h.close();
});

it('refuses a flood of new chats from one address with 429, while an open chat still works', async () => {
  const starts = [];
  for (let i = 0; i < 4; i += 1) starts.push(await fetch(`${h.base}/chat/token`, { method: 'POST' }));
  expect(starts.map((r) => r.status)).toEqual([200, 200, 200, 429]);
  expect(await starts[3]?.json()).toEqual({ error: 'too_many_new_chats' });
  // The page's one-request start (token, conversation and first question) counts against the same limit.
  const early = await fetch(`${h.base}/chat/start`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"locale":"en"}' });
  expect(early.status).toBe(429);

  const { conversationId, token } = (await starts[0]?.json()) as { conversationId: string; token: string };
  const started = await fetch(`${h.base}/v3/directline/conversations`, { method: 'POST', headers: { Authorization: `Bearer ${token}` } });
  expect(started.status).toBeLessThan(300);
  const sent = await fetch(`${h.base}/v3/directline/conversations/${conversationId}/activities`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ type: 'message', from: { id: 'user' }, text: 'hello' }),
  });
  expect(sent.status).toBe(200);
  expect(h.turns.map((t) => t.text)).toContain('hello');
});
