// A whole report over the Direct Line endpoint of the app as main.ts builds it (createServices), on the
// real database, ending with the triaged case stored.
import request from 'supertest';
import { startComposedApp, type ComposedApp } from './composed-app';
import { answer, REFERENCE } from './persona';

describe('a complete report through web chat (the app as composed for production)', () => {
  let app: ComposedApp;

  beforeAll(async () => {
    app = await startComposedApp('webchat-e2e');
  });
  afterAll(async () => {
    await app.close();
  });

  it('takes a whole report over Direct Line and stores it as a triaged case', async () => {
    const token = (await request(app.services.app).post('/chat/token').expect(200)).body.token as string;
    const c = (await request(app.services.app).post('/v3/directline/conversations').set('Authorization', `Bearer ${token}`).send({}).expect(201)).body;
    const post = (body: object) => request(app.services.app).post(`/v3/directline/conversations/${c.conversationId}/activities`).set('Authorization', `Bearer ${token}`).send(body).expect(200);
    await post({ type: 'event', name: 'webchat/join', from: { id: 'u' }, locale: 'en-GB', channelData: { clientActivityID: 'join' } });
    let seen = 0;
    let reference: string | undefined;
    const said: string[] = [];
    for (let turn = 0; turn < 80 && !reference; turn += 1) {
      const all = (await request(app.services.app).get(`/v3/directline/conversations/${c.conversationId}/activities`).set('Authorization', `Bearer ${token}`).expect(200)).body.activities as BotActivity[];
      const fromBot = all.slice(seen).filter((a) => a.from.role === 'bot');
      seen = all.length;
      for (const a of fromBot) if (process.env['WEBCHAT_E2E_TRACE']) console.log('bot |', a.text, '|', (a.suggestedActions?.actions ?? []).map((x) => x.title).join(' / '));
      reference = fromBot.map((a) => REFERENCE.exec(a.text ?? '')?.[1]).find(Boolean);
      if (reference) break;
      const last = fromBot.at(-1);
      const actions = last?.suggestedActions?.actions ?? [];
      const reply = answer(last?.text ?? '', actions.map((x) => x.title));
      const text = reply.button ?? reply.type ?? '';
      said.push(text);
      // A button is a messageBack: its label as the text, and a value naming the question it answers.
      const pressed = actions.find((x) => x.title === reply.button);
      await post({ type: 'message', text, ...(pressed ? { value: pressed.value } : {}), from: { id: 'u' }, locale: 'en-GB', channelData: { clientActivityID: `m${turn}` } });
    }
    expect(reference).toBeDefined();
    const stored = await app.db.connection.collection('cases').findOne({ reference });
    expect(stored).toMatchObject({ channel: 'webchat', category: { id: 'asb', subcategoryId: 'noise' }, triage: { disposition: expect.any(String) } });
    // What happened is not readable in the database.
    expect(JSON.stringify(stored)).not.toContain('music next door');
    // The transcript is still there for the person to read back until the session is purged.
    expect(said.length).toBeGreaterThan(5);
  });
});

type BotActivity = { from: { role: string }; text?: string; suggestedActions?: { actions: { title: string; value: unknown }[] } };
