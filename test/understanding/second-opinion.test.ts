// The second opinion under the word lists (src/conversation/interpret/second-opinion.ts): a naive Bayes
// classifier per signal, trained on the corpus and held-out sets 1–6, that lets the safety net ask "are you in
// danger right now?" (or gently about harming themselves) where no pattern matched. It never raises an alarm.
//
// Measured once on the two sets written by an outside writer who had not seen the lists (held-out-outside.ts),
// with the lists as they were on main (870b51b) and the model as shipped; "caught" is understood or asked:
//   set 7 (61 messages: formal, second-language English, voice-to-text, shaking hands, dialect):
//     danger: lists 66 of 87 readings (75.9%), lists and their net 68 (78.2%), with the second opinion 80 (92.0%);
//     self-harm: lists 33 of 45 (73.3%), with the net 36 (80.0%), with the second opinion 42 (93.3%);
//     3 danger false alarms (one message, "me nerves are shot"); 2 of 96 other readings asked about danger.
//   set 8 (50 messages: abuser in the room, hate and stalking now, indirect self-harm):
//     danger: lists 57 of 66 (86.4%), with the net 57, with the second opinion 66 (100%);
//     self-harm: lists 21 of 36 (58.3%), with the net 30 (83.3%), with the second opinion 33 (91.7%);
//     no false alarms; 9 of 84 other readings asked about danger.
// The lists were then given what all three missed (throat, overdose taken, "won't be around much longer",
// "meself", typos of window and scared) and "nerves are shot" as a figure of speech; the sets now pass in full
// below. They are no longer unseen by the lists, but the model is never trained on them.
import { interpret } from '../../src/conversation/interpret/interpret';
import { secondOpinionFrom, trainSecondOpinion, shippedSecondOpinion, ASK_AT } from '../../src/conversation/interpret/second-opinion';
import { CLAUSE } from '../../src/conversation/interpret/text';
import model from '../../src/conversation/interpret/second-opinion.model.json';
import { ALL_ROWS, type Row } from './corpus';
import { HELD_OUT_7, HELD_OUT_8 } from './corpus/held-out-outside';
import { HELD_OUT_SETS, examplesOf, spelt, trainShipped, trainable } from './second-opinion.rows';
import { questions, readings, understanding } from './support/evaluate';

const listsOnly = { ...understanding, secondOpinion: undefined };
const readWith = (u: typeof understanding, question: string, text: string) => interpret({ text, hasMedia: false, question: questions.get(question)! }, u);
const isSignal = (meaning: string, kind: 'danger' | 'self-harm') => meaning.includes(kind);

test('the model the service ships is the one the corpus trains today (run `npm run understanding:train` after changing the corpus)', () => {
  expect(trainShipped()).toEqual(model);
});

describe.each([
  ['set 7', HELD_OUT_7],
  ['set 8', HELD_OUT_8],
] as const)('outside-written %s', (name, rows) => {
  const cases = readings(rows as Row[]);

  test('every danger and self-harm message is understood or asked about, and nothing that is neither raises an alarm', () => {
    const missed: string[] = [];
    let alarms = 0;
    for (const c of cases) {
      const got = readWith(understanding, c.question, c.text);
      if (isSignal(c.meaning, 'danger') && !got.danger && got.ask !== 'danger') missed.push(`danger: ${c.question}: ${c.text}`);
      if (isSignal(c.meaning, 'self-harm') && !got.selfHarm && !(got.ask === 'selfHarm' || got.ask === 'danger')) missed.push(`self-harm: ${c.question}: ${c.text}`);
      if (c.meaning === 'text' && (got.danger || got.selfHarm)) alarms += 1;
    }
    expect(missed).toEqual([]);
    expect(alarms).toBe(0);
  });

  test('the second opinion asks where the lists alone would not (printed), and asks about at most one in five readings that are neither (these sets are written to be hard: an arrest already made, the partner of a sister, a release from prison in June)', () => {
    let byLists = 0;
    let withOpinion = 0;
    let positives = 0;
    let asked = 0;
    let neither = 0;
    for (const c of cases) {
      const got = readWith(understanding, c.question, c.text);
      const lists = readWith(listsOnly, c.question, c.text);
      if (c.meaning === 'text') {
        neither += 1;
        if (got.ask) asked += 1;
        continue;
      }
      positives += 1;
      const caught = (i: typeof got) => i.danger || i.selfHarm || i.ask !== undefined;
      if (caught(lists)) byLists += 1;
      if (caught(got)) withOpinion += 1;
    }
    console.log(`${name}: caught ${byLists} of ${positives} readings by the lists and their net, ${withOpinion} with the second opinion; asked at ${asked} of ${neither} readings that are neither`);
    expect(withOpinion).toBeGreaterThan(byLists);
    expect(asked / neither).toBeLessThanOrEqual(1 / 5);
  });
});

test('trained without a held-out set, the model alone would ask about most of that set\'s danger and self-harm (leave one set out, printed)', () => {
  let danger = 0;
  let dangerAll = 0;
  let selfHarm = 0;
  let selfHarmAll = 0;
  for (const left of Object.keys(HELD_OUT_SETS)) {
    const training = [...ALL_ROWS, ...Object.entries(HELD_OUT_SETS).filter(([k]) => k !== left).flatMap(([, r]) => r)];
    const opinion = secondOpinionFrom(trainSecondOpinion(examplesOf(training)));
    for (const [, text, meaning] of HELD_OUT_SETS[left]!.filter(trainable)) {
      const words = spelt(text).filter((w) => w !== CLAUSE);
      if (isSignal(meaning, 'danger')) {
        dangerAll += 1;
        if (opinion.danger(words) >= ASK_AT) danger += 1;
      }
      if (isSignal(meaning, 'self-harm')) {
        selfHarmAll += 1;
        if (opinion.selfHarm(words) >= ASK_AT) selfHarm += 1;
      }
    }
  }
  console.log(`leave one set out: danger ${danger} of ${dangerAll}, self-harm ${selfHarm} of ${selfHarmAll}`);
  expect(danger / dangerAll).toBeGreaterThanOrEqual(0.85);
  expect(selfHarm / selfHarmAll).toBeGreaterThanOrEqual(0.85);
});

test('words in another script, numbers and short answers get no opinion', () => {
  const opinion = shippedSecondOpinion();
  expect(opinion.danger(['میں', 'ڈر', 'رہی', 'ہوں'])).toBe(0);
  expect(opinion.danger(['12345'])).toBe(0);
  expect(readWith(understanding, 'askingWhen', 'use the back door').ask).toBeUndefined();
});

test('a denial the lists understood is not second-guessed', () => {
  const said = "i am not in danger he is not here he has gone to his mums for the weekend";
  expect(readWith(understanding, 'askingWhen', said)).toMatchObject({ danger: false });
  expect(readWith(understanding, 'askingWhen', said).ask).toBeUndefined();
});
