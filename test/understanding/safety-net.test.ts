// The safety net through the real runtime and database: words shaped like danger now or self-harm that no
// pattern matched are asked about ("Are you in danger right now?"), never met with "Sorry, I did not
// understand" nor silently filed as an answer; yes gets the 999 guidance (with the Silent Solution) or the
// support lines, no goes back to the question, and the words are kept either way.
//
// Measured on held-out sets 1-5 at their first reads (the lists as they were before each set's changes;
// sets 1 and 2 both against the lists before d6f0d8d): the shapes as first written from the classes alone
// would have asked about 44 of the 93 danger readings missed and 21 of the 51 self-harm readings missed; after
// the shapes were generalised with those misses in view (so these figures are in-sample), 84 of 93 and 48 of
// 51. Of the 1,011 readings in the corpus and sets 1-5 that are neither, 22 (2.2%) are asked: 13 where the
// answer was not understood anyway, 9 after a free-text answer ("he threatened to stab me", "i feel
// depressed", "my son is drunk again"). On held-out set 6, written after all that, the net as it then stood
// asked about only 1 of the 6 danger messages the lists missed and none of the 3 self-harm ones: it is a net
// under the lists, not a replacement for them. Generalised again after set 6 (door and window violence without
// a person, "won't stop", a means of self-harm named): 22 of 1,060 readings that are neither are asked (2.1%).
import type { ConversationRuntime } from '../../src/conversation/runtime';
import type { ConversationStores } from '../../src/conversation/stores.mongo';
import type { OutboundPrompt } from '../../src/conversation/types';
import { policy } from './support/evaluate';
import { intakeStates } from './support/questions';
import { storeWaitingAt, useIntakeRuntime } from './support/runtime';

const states = intakeStates(policy, 'sms');
let stores: ConversationStores;
let runtime: ConversationRuntime;
const urgent: string[] = [];

useIntakeRuntime((intake) => ({ runtime, stores } = intake), {
  openUrgentCase: async (report) => {
    urgent.push(report.sessionId);
    return { reference: 'U-1' };
  },
});

let counter = 0;
/** A conversation on SMS waiting at this question; each call of the returned function is the person's next message. */
async function waitingAt(question: string): Promise<{ say(text: string): Promise<OutboundPrompt[]>; unmatched(): Promise<string[]> }> {
  counter += 1;
  const conversationKey = `net-${counter}`;
  const start = Date.now();
  await storeWaitingAt(stores, states.get(question)!, { conversationKey, sessionId: `net-session-${counter}`, channel: 'sms', at: new Date(start) });
  let turn = 0;
  return {
    say: async (text) => {
      turn += 1;
      const result = await runtime.handleTurn({ channel: 'sms', conversationKey, providerMessageId: `${conversationKey}-${turn}`, text, receivedAt: new Date(start + turn * 30_000) });
      return result.prompts;
    },
    unmatched: async () => ((await stores.sessions.load(conversationKey))?.unmatched ?? []).map((u) => u.text),
  };
}
const keys = (prompts: OutboundPrompt[]) => prompts.map((p) => p.key);

test('someone parked across the road, at a yes / no question: asked "are you in danger right now?", and yes gets 999 and the Silent Solution', async () => {
  const words = 'my ex is parked across the road';
  const person = await waitingAt('askingChildren');
  const asked = await person.say(words);
  expect(keys(asked)).toEqual(['common:askDanger.prompt']);
  expect(asked[0]!.text).toMatch(/danger right now/);
  expect(keys(asked).some((k) => /notUnderstood/.test(k))).toBe(false);
  expect(await person.unmatched()).toEqual([words]);

  const yes = await person.say('yes');
  expect(yes[0]!.key).toBe('intake:danger.guidance');
  expect(yes[0]!.text).toMatch(/999/);
  expect(yes[0]!.text).toMatch(/55/);
  // As danger anywhere: carry on when it is safe, back at the question they were at; the words stay kept.
  expect(keys(yes).at(-1)).toBe('intake:inDanger.prompt');
  expect(keys(await person.say('1')).at(-1)).toBe('intake:askingChildren.prompt');
  expect(await person.unmatched()).toEqual([words]);
});

test('no to the check: a word of thanks and the same question again, nothing raised', async () => {
  const person = await waitingAt('askingChildren');
  expect(keys(await person.say('im scared of him'))).toEqual(['common:askDanger.prompt']);
  const opened = urgent.length;
  const no = await person.say('nah');
  expect(keys(no)).toEqual(['common:askDanger.thanks', 'intake:askingChildren.prompt']);
  expect(no[0]!.text).toMatch(/999/);
  expect(urgent).toHaveLength(opened);
});

test('at a free-text question the words are taken as the answer, then the check comes before the next question', async () => {
  const person = await waitingAt('askingWhen');
  const asked = await person.say('hes sat in his car over the road');
  // (The path the graph took to this question may have opened an urgent case, which is said to be seen first.)
  expect(keys(asked).filter((k) => k !== 'intake:urgent.seen')).toEqual(['common:askDanger.prompt']);
  expect(keys(await person.say('1'))[0]).toBe('intake:danger.guidance');
});

test('"i need help" with nothing to say it is now is asked about, not answered with 999 at once; "need help now" is danger', async () => {
  const person = await waitingAt('askingChildren');
  const asked = await person.say('i need help');
  expect(keys(asked)).toEqual(['common:askDanger.prompt']);
  expect(keys(await person.say('no'))).toEqual(['common:askDanger.thanks', 'intake:askingChildren.prompt']);

  const now = await (await waitingAt('askingChildren')).say('i need help now please');
  expect(now[0]!.text).toMatch(/999/);
  expect(keys(now)).not.toContain('common:askDanger.prompt');
});

test('"maybe" to the check is asked again, never guessed; a stray answer is not understood and the check stays', async () => {
  const person = await waitingAt('askingChildren');
  await person.say('a bloke is hanging around by my car');
  expect(keys(await person.say('maybe'))).toEqual(['common:clarify.unsure', 'common:askDanger.prompt']);
  expect(keys(await person.say('banana'))).toEqual(['common:notUnderstood.prompt', 'common:askDanger.prompt']);
  expect(keys(await person.say('no'))).toEqual(['common:askDanger.thanks', 'intake:askingChildren.prompt']);
});

test('hopelessness no pattern matched gets a gentle question about harming themselves; yes gets the support lines', async () => {
  const person = await waitingAt('askingChildren');
  const asked = await person.say('honestly i feel so worthless');
  expect(keys(asked)).toEqual(['common:askSelfHarm.prompt']);
  const yes = await person.say('yes');
  expect(keys(yes)).toContain('intake:selfHarm.support');
  expect(yes.find((p) => p.key === 'intake:selfHarm.support')!.text).toMatch(/116 123/);
});

test('an ordinary complaint that is not understood still gets "not understood", not a safety question', async () => {
  const person = await waitingAt('askingChildren');
  expect(keys(await person.say('the bins have not been emptied for weeks'))[0]).toMatch(/^common:notUnderstood/);
});

test('words no pattern matched but the second opinion weighs as danger now are asked about, not filed as the answer', async () => {
  const words = 'them lot from the flats are stood outside shouting at my windows and throwing eggs';
  const person = await waitingAt('askingWhen');
  const asked = await person.say(words);
  expect(keys(asked).filter((k) => k !== 'intake:urgent.seen')).toEqual(['common:askDanger.prompt']);
  const yes = await person.say('yes');
  expect(yes[0]!.key).toBe('intake:danger.guidance');
});

test('quiet words of not being here any more, which no pattern matched, get the gentle question through the second opinion', async () => {
  const person = await waitingAt('askingChildren');
  const asked = await person.say('i have been thinking about how everyone would cope if i was not here');
  expect(keys(asked)).toEqual(['common:askSelfHarm.prompt']);
  expect(keys(await person.say('yes'))).toContain('intake:selfHarm.support');
});
