// The runtime's promises to a person, on the real database: nothing applied twice, nothing lost, nothing
// out of order, a restart or an old snapshot never loses or crashes, quick exit leaves nothing behind.
import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { createFieldCipher } from '../../src/crypto/field-cipher';
import { createActor, setup } from 'xstate';
import type { DialogDefinition, DialogEvent } from '../../dialogs/shared/contract';
import { createTranslations } from '../../src/conversation/i18n';
import { createConversationRuntime } from '../../src/conversation/runtime';
import { MAX_UNMATCHED_CHARS } from '../../src/conversation/apply-message';
import { createConversationStores } from '../../src/conversation/stores.mongo';
import type { InboundMessage } from '../../src/conversation/types';
import { forgetRecording } from '../support/forget';
import { openTestDatabase } from '../support/database';
import { fixtureDialog, fixtureMachine, fixturePolicy, fixtureResources } from '../support/fixture-dialogs';
import { openTranscript, runTable, type Transcript } from '../support/transcript';

const open = (extra: Partial<Parameters<typeof openTranscript>[0]> = {}): Promise<Transcript> =>
  openTranscript({ dialogs: [fixtureDialog], policy: fixturePolicy, resources: fixtureResources, ...extra });

interface StoredSession {
  revision: number;
  snapshot: string;
  locale: string;
  unmatched: { text: string }[];
}
async function words(t: Transcript): Promise<string[]> {
  const doc = (await t.sessionDoc()) as StoredSession | null;
  return doc ? (JSON.parse(doc.snapshot) as { context: { words: string[] } }).context.words : [];
}

describe('one turn at a time', () => {
  let t: Transcript;
  beforeEach(async () => {
    t = await open();
  });
  afterEach(async () => {
    await t.close();
  });

  test('a repeated inbound message gets the first reply and is applied once', async () => {
    await t.say('hi');
    await t.say('red');
    const first = await t.say('a loud party', { providerMessageId: 'SM-repeat' });
    const before = (await t.sessionDoc()) as StoredSession;
    const again = await t.say('a loud party', { providerMessageId: 'SM-repeat' });
    expect(t.last()?.duplicate).toBe(true);
    expect(again).toEqual(first);
    expect(await words(t)).toEqual(['a loud party']);
    expect(((await t.sessionDoc()) as StoredSession).revision).toBe(before.revision);
  });

  test('20 messages sent at once on one conversation are all applied, in arrival order', async () => {
    await t.say('hi');
    await t.say('blue');
    const sent = Array.from({ length: 20 }, (_, i) => `message ${i + 1}`);
    const results = await Promise.all(sent.map((text) => t.say(text)));
    expect(results).toHaveLength(20);
    expect(await words(t)).toEqual(sent);
    expect(results[19]?.[0]?.text).toBe('You said 20 things about blue. More, or DONE.');
  });

  test('a quick exit from the page while a turn is still running leaves no session behind', async () => {
    await t.say('hi');
    for (let round = 0; round < 5; round += 1) {
      const turn = t.say(`typed just before leaving ${round}`);
      const erased = t.runtime.eraseConversation(t.conversationKey);
      await Promise.all([turn, erased]);
      expect(await t.sessionDoc()).toBeNull();
    }
  });

  test('a person can pick a choice by number, label or synonym, whatever the case and punctuation', async () => {
    await t.say('hi');
    expect(await t.keys('  BLUE! ')).toEqual(['fixture:collectingWords.prompt']);
    await t.say('back');
    expect(await t.keys('1')).toEqual(['fixture:collectingWords.prompt']);
    await t.say('back');
    expect(await t.keys('Scarlet.')).toEqual(['fixture:collectingWords.prompt']);
  });

  test('not understood twice re-asks with an example; the third time offers a person; nothing typed is lost', async () => {
    await runTable(t, [
      ['hello there', ['fixture:askingColour.prompt']],
      ['purple', ['common:notUnderstood.withExample', 'fixture:askingColour.prompt']],
      ['green', ['common:notUnderstood.withExample', 'fixture:askingColour.prompt']],
      ['mauve', ['common:notUnderstood.offerPerson', 'fixture:askingColour.prompt']],
    ]);
    expect(t.last()?.prompts[0]?.text).toMatch(/\bperson\b/i);
    const doc = (await t.sessionDoc()) as StoredSession;
    expect(doc.unmatched.map((u) => u.text)).toEqual(['hello there', 'purple', 'green', 'mauve']);
    await t.say('person');
    expect(t.handoffs[0]?.unmatched).toEqual(['hello there', 'purple', 'green', 'mauve']);
  });

  test('pasting statement after statement keeps the first and the latest for staff, not every one (the session is rewritten each turn)', async () => {
    await t.say('hello there');
    const statement = (n: number) => `statement ${n}: ${'he was shouting at the door again and banging on the wall '.repeat(60)}`.trim();
    for (let n = 1; n <= 8; n += 1) await t.say(statement(n));
    const kept = ((await t.sessionDoc()) as StoredSession).unmatched.map((u) => u.text);
    expect(kept[0]).toBe('hello there');
    expect(kept.at(-1)).toBe(statement(8));
    expect(kept).not.toContain(statement(1));
    expect(kept.reduce((sum, text) => sum + text.length, 0)).toBeLessThanOrEqual(MAX_UNMATCHED_CHARS);
  });

  test('a picture sent with free text reaches the report', async () => {
    await runTable(t, [
      ['hi', ['fixture:askingColour.prompt']],
      ['red', ['fixture:collectingWords.prompt']],
    ]);
    await t.say('this is the damage', { mediaIds: ['media-1'] });
    await t.say('done');
    expect(t.submitted[0]?.evidence.mediaIds).toEqual(['media-1']);
  });
});

describe('global interrupts from any state', () => {
  let t: Transcript;
  beforeEach(async () => {
    t = await open();
  });
  afterEach(async () => {
    await t.close();
  });

  test('quick exit erases the conversation and leaves no session or dedupe record behind', async () => {
    await runTable(t, [
      ['hi', ['fixture:askingColour.prompt']],
      ['red', ['fixture:collectingWords.prompt']],
      ['my neighbour at number 4', ['fixture:collectingWords.prompt']],
    ]);
    const prompts = await t.say('Exit');
    expect(prompts.map((p) => p.key)).toEqual(['common:quickExit.done']);
    expect(t.last()).toMatchObject({ erased: true, ended: true });
    expect(t.erased).toHaveLength(1);
    expect(await t.sessionDoc()).toBeNull();
    expect(t.submitted).toHaveLength(0);
    expect(await t.inboundCount()).toBe(0);
  });

  test('immediate danger gets the dialog its say first, and the question is asked again', async () => {
    await t.say('hi');
    expect(await t.keys('999')).toEqual(['fixture:danger.said', 'fixture:askingColour.prompt']);
  });

  test('help explains the words that work everywhere, then asks the question again', async () => {
    await t.say('hi');
    expect(await t.keys('HELP')).toEqual(['common:help.prompt', 'fixture:askingColour.prompt']);
  });

  test('asking for a person hands off through the dialog with what it knows', async () => {
    await t.say('hi');
    expect(await t.keys('talk to a person')).toEqual(['fixture:handoff.done', 'fixture:askingColour.prompt']);
    expect(t.handoffs[0]).toMatchObject({ reason: 'asked', channel: 'webchat', conversationKey: t.conversationKey });
  });

  test('changing language switches every later prompt; the choice is kept in the session', async () => {
    await t.say('hi');
    const prompts = await t.say('language');
    // English first, then every shipped language by its own name.
    expect(prompts[0]?.choiceLabels?.[0]).toEqual({ id: 'en', label: 'English' });
    expect(prompts[0]?.choiceLabels).toEqual(expect.arrayContaining([{ id: 'cy', label: 'Cymraeg' }, { id: 'ur', label: 'اردو' }, { id: 'bn', label: 'বাংলা' }]));
    const next = await t.say('cymraeg');
    expect(next.map((p) => p.text)).toEqual(['Iawn, Cymraeg o hyn ymlaen.', 'Dewiswch liw.']);
    expect(t.last()?.locale).toBe('cy');
    // Welsh labels and English ones both pick a choice; Welsh interrupt words work too.
    expect(await t.keys('coch')).toEqual(['fixture:collectingWords.prompt']);
    await t.say('done');
    expect(t.submitted[0]?.locale).toBe('cy');
  });
});

test('with a cipher, nothing the person typed is readable in the database, and the conversation still carries on', async () => {
  const cipher = createFieldCipher(new Map([['k1', randomBytes(32)]]), 'k1');
  const t = await open({ cipher });
  await runTable(t, [
    ['hi there, I live at 4 Elm Road', ['fixture:askingColour.prompt']],
    ['red', ['fixture:collectingWords.prompt']],
  ]);
  const first = await t.say('Elm Road party every night', { providerMessageId: 'SM-sealed' });
  const stored = JSON.stringify(await t.sessionDoc());
  expect(stored).not.toMatch(/Elm Road|party/);
  expect(await t.say('Elm Road party every night', { providerMessageId: 'SM-sealed' })).toEqual(first);
  await t.say('person');
  expect(t.handoffs[0]?.unmatched).toEqual(['hi there, I live at 4 Elm Road']);
  await t.say('done');
  expect(t.submitted[0]?.incident.description).toBe('Elm Road party every night');
  await t.close();
});

describe('a dialog that does not handle interrupts itself', () => {
  const bare = setup({ types: {} as { events: DialogEvent } }).createMachine({
    id: 'bare',
    initial: 'asking',
    states: { asking: { meta: { prompt: { key: 'fixture:askingColour.prompt', freeText: true } } } },
  });
  const bareDialog: DialogDefinition = { id: 'bare', version: 1, machine: bare };

  // The runtime's floor under safety: danger and self-harm are answered whatever the dialog does, and exit
  // erases. Everything else (a person, help, back) is the dialog's to answer.
  test('danger still gets 999 guidance first, self-harm still gets support, exit still erases; words it cannot use are kept', async () => {
    const t = await openTranscript({ dialogs: [bareDialog], policy: fixturePolicy, resources: fixtureResources });
    await runTable(t, [
      ['999', ['common:danger.guidance', 'fixture:askingColour.prompt']],
      ['i want to die', ['common:selfHarm.support', 'fixture:askingColour.prompt']],
      ['my neighbour shouts at me', ['fixture:askingColour.prompt']],
    ]);
    expect(((await t.sessionDoc()) as StoredSession).unmatched.map((u) => u.text)).toEqual(['i want to die', 'my neighbour shouts at me']);
    await runTable(t, [['delete', ['common:quickExit.done']]]);
    expect(t.erased).toHaveLength(1);
    expect(await t.sessionDoc()).toBeNull();
    await t.close();
  });
});

describe('coming back later', () => {
  test('after the idle limit the person is welcomed back and can carry on', async () => {
    const t = await open();
    await runTable(t, [
      ['hi', ['fixture:askingColour.prompt']],
      ['red', ['fixture:collectingWords.prompt']],
      ['first thing', ['fixture:collectingWords.prompt']],
    ]);
    t.advance(31);
    await runTable(t, [
      ['second thing', ['common:welcomeBack.prompt']],
      ['carry on', ['fixture:collectingWords.prompt']],
    ]);
    expect(await words(t)).toEqual(['first thing']);
    const doc = (await t.sessionDoc()) as StoredSession;
    expect(doc.unmatched.map((u) => u.text)).toContain('second thing');
    await t.close();
  });

  test('or start again from the beginning', async () => {
    const t = await open();
    await t.say('hi');
    await t.say('red');
    t.advance(120);
    await runTable(t, [
      ['anything', ['common:welcomeBack.prompt']],
      ['2', ['fixture:askingColour.prompt']],
    ]);
    await t.close();
  });

  test('after expiry the conversation starts fresh', async () => {
    const t = await open();
    await t.say('hi');
    await t.say('red');
    t.advance(73 * 60);
    expect(await t.keys('hello again')).toEqual(['fixture:askingColour.prompt']);
    await t.close();
  });
});

describe('surviving restarts and new dialog versions', () => {
  const i18n = createTranslations({ extraResources: fixtureResources });
  const logger = pino({ level: 'silent' });
  const ports = {
    submitReport: async () => ({ reference: 'R-1', teamKey: 'policy:team.test', contactable: true, helplineIds: [] }),
    openUrgentCase: async () => ({ reference: 'R-1' }),
    requestHandoff: async () => ({ expectedReply: 'in_hours' as const }),
  };
  const message = (key: string, id: string, text: string): InboundMessage => ({ channel: 'sms', conversationKey: key, providerMessageId: id, text, receivedAt: new Date() });
  const runtimeOn = (connection: Parameters<typeof createConversationStores>[0], dialogs: DialogDefinition[] = [fixtureDialog]) => {
    const stores = createConversationStores(connection);
    return createConversationRuntime({ stores, forget: forgetRecording(stores), dialogs, defaultDialogId: 'fixture', dialogPolicy: fixturePolicy, effects: ports, i18n, session: { idleMinutes: 30, expiryHours: 72 }, logger });
  };

  test('a process killed between turns loses nothing: a new instance carries on from the database', async () => {
    const first = await openTestDatabase();
    const a = runtimeOn(first.connection);
    await a.ensureIndexes();
    await a.handleTurn(message('k1', 'm1', 'hi'));
    await a.handleTurn(message('k1', 'm2', 'blue'));
    await a.handleTurn(message('k1', 'm3', 'one'));
    await first.close(); // the old process is gone without a goodbye
    const second = await openTestDatabase(first.name);
    const b = runtimeOn(second.connection);
    const result = await b.handleTurn(message('k1', 'm4', 'two'));
    expect(result.prompts[0]?.text).toBe('You said 2 things about blue. More, or DONE.');
    expect((await b.handleTurn(message('k1', 'm3', 'one'))).duplicate).toBe(true);
    await second.drop();
  });

  test('two instances taking turns on one conversation at once lose nothing', async () => {
    const db = await openTestDatabase();
    const a = runtimeOn(db.connection);
    const b = runtimeOn(db.connection);
    await a.ensureIndexes();
    await a.handleTurn(message('k2', 'm1', 'hi'));
    await a.handleTurn(message('k2', 'm2', 'red'));
    const texts = Array.from({ length: 10 }, (_, i) => `w${i}`);
    await Promise.all(texts.map((text, i) => (i % 2 === 0 ? a : b).handleTurn(message('k2', `x${i}`, text))));
    const doc = await db.connection.collection('sessions').findOne({ conversationKey: 'k2' });
    const stored = (JSON.parse(String(doc?.['snapshot'])) as { context: { words: string[] } }).context.words;
    expect([...stored].sort()).toEqual([...texts].sort());
    await db.drop();
  });

  test('a snapshot naming a state that no longer exists restarts kindly, without a crash', async () => {
    const db = await openTestDatabase();
    const a = runtimeOn(db.connection);
    await a.ensureIndexes();
    await a.handleTurn(message('k3', 'm1', 'hi'));
    const sessions = db.connection.collection('sessions');
    const doc = await sessions.findOne({ conversationKey: 'k3' });
    const snapshot = JSON.parse(String(doc?.['snapshot'])) as Record<string, unknown>;
    await sessions.updateOne({ conversationKey: 'k3' }, { $set: { snapshot: JSON.stringify({ ...snapshot, value: 'askingFavouriteCheese' }) } });
    const result = await a.handleTurn(message('k3', 'm2', 'red'));
    expect(result.prompts.map((p) => p.key)).toEqual(['common:restarted.prompt', 'fixture:askingColour.prompt']);
    expect((await a.handleTurn(message('k3', 'm3', 'red'))).prompts.map((p) => p.key)).toEqual(['fixture:collectingWords.prompt']);
    await db.drop();
  });

  test('an older dialog version is migrated when a migration is registered, else restarted kindly', async () => {
    const db = await openTestDatabase();
    const v1 = runtimeOn(db.connection, [{ ...fixtureDialog, version: 1 }]);
    await v1.ensureIndexes();
    for (const key of ['k4', 'k5']) {
      await v1.handleTurn(message(key, `${key}-1`, 'hi'));
      await v1.handleTurn(message(key, `${key}-2`, 'red'));
    }
    const migrated = runtimeOn(db.connection, [{ ...fixtureDialog, version: 2, migrations: [{ from: 1, migrate: (s) => s }] }]);
    expect((await migrated.handleTurn(message('k4', 'k4-3', 'a'))).prompts.map((p) => p.key)).toEqual(['fixture:collectingWords.prompt']);
    const unmigrated = runtimeOn(db.connection, [{ ...fixtureDialog, version: 3 }]);
    expect((await unmigrated.handleTurn(message('k5', 'k5-3', 'a'))).prompts.map((p) => p.key)).toEqual(['common:restarted.prompt', 'fixture:askingColour.prompt']);
    await db.drop();
  });

  test('a failed submission is told to the dialog and can be retried', async () => {
    let fail = true;
    const t = await open({
      effects: {
        submitReport: async () => {
          if (fail) throw new Error('down');
          return { reference: 'R-9', teamKey: 'policy:team.test', contactable: true, helplineIds: [] };
        },
      },
    });
    await runTable(t, [
      ['hi', ['fixture:askingColour.prompt']],
      ['red', ['fixture:collectingWords.prompt']],
      ['done', ['fixture:submitFailed.prompt']],
    ]);
    fail = false;
    await runTable(t, [['try again', ['fixture:submitted.thanks']]]);
    expect(t.last()?.ended).toBe(true);
    await t.close();
  });
});

test('the fixture machine itself is restorable (sanity for the tests above)', () => {
  const actor = createActor(fixtureMachine, { input: { policy: fixturePolicy, channel: 'cli', sessionId: 's' } }).start();
  expect(actor.getSnapshot().value).toBe('askingColour');
  actor.stop();
});
