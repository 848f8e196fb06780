// POST /api/messages (Azure Bot Service): botbuilder's CloudAdapter in the SDK's anonymous mode, the
// reply going to the Bot Connector (nock), and a request without a JWT refused when an app id is set.
import nock from 'nock';
import request from 'supertest';
import { startHarness, type Harness } from './harness';

const SERVICE_URL = 'https://connector.example.test/';

const incoming = (text: string, id: string) => ({
  type: 'message',
  id,
  text,
  locale: 'en-GB',
  channelId: 'msteams',
  serviceUrl: SERVICE_URL,
  timestamp: new Date().toISOString(),
  conversation: { id: 'teams-conv-1' },
  from: { id: 'teams-user-1', name: 'A Person' },
  recipient: { id: 'bot-1', name: 'Report bot' },
});

describe('anonymous mode (no app id)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ botFramework: { appId: undefined } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('runs the turn and replies through the Bot Connector with text and buttons', async () => {
    const replies: { text?: string; suggestedActions?: { actions: { value: string }[] } }[] = [];
    const connector = nock(SERVICE_URL)
      .post(/\/v3\/conversations\/teams-conv-1\/activities\/.*/, (body: (typeof replies)[number]) => {
        replies.push(body);
        return true;
      })
      .reply(200, { id: 'reply-1' });

    await request(h.base).post('/api/messages').send(incoming('hello from teams', 'act-1')).expect((res) => expect(res.status).toBeLessThan(300));

    expect(connector.isDone()).toBe(true);
    expect(replies[0]?.text).toBe('You said: hello from teams');
    expect(replies[0]?.suggestedActions?.actions.map((a) => a.value)).toEqual(['Yes', 'No']);
    const turn = h.turns.find((t) => t.text === 'hello from teams');
    expect(turn?.channel).toBe('botframework');
    expect(turn?.providerMessageId).toBe('botframework:teams-conv-1:act-1');
    expect(turn?.conversationKey).not.toContain('teams-conv-1');
  });
});

describe('with an app id', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ botFramework: { appId: '00000000-0000-0000-0000-000000000001', appPassword: 'not-used', appType: 'MultiTenant' } });
  });
  afterAll(async () => {
    await h.close();
  });

  it('refuses a request without a Bot Framework token and runs no turn', async () => {
    // The SDK prints the refusal to the console itself; keep the test output readable.
    const quiet = jest.spyOn(console, 'error').mockImplementation(() => {});
    await request(h.base).post('/api/messages').send(incoming('no token', 'act-2')).expect(401);
    expect(h.turns).toHaveLength(0);
    quiet.mockRestore();
  });
});

describe('without Bot Framework settings', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('has no /api/messages endpoint', async () => {
    await request(h.base).post('/api/messages').send(incoming('hello', 'act-3')).expect(404);
  });
});
