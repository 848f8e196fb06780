// The understanding corpus through the interpretation step, at the intake's real questions (One Vision
// Housing's pack, as on SMS): every row must get its meaning. Precision and recall for danger and self-harm
// are printed; the targets are recall 100% and false alarms at most 2%.
import { interpret } from '../../src/conversation/interpret/interpret';
import { ALL_ROWS, OPENING, ROWS } from './corpus';
import { describe as describeMeaning, meets, rates } from './support/meaning';
import { measure, questions, read, readings, summary, understanding } from './support/evaluate';

const cases = Object.entries(ROWS).flatMap(([theme, rows]) => readings(rows).map((r) => ({ theme, ...r })));

test('the corpus is large enough and includes every example from the issue', () => {
  expect(ALL_ROWS.length).toBeGreaterThanOrEqual(300);
  const texts = new Set(ALL_ROWS.map((r) => r[1]));
  const fromIssue = ['yes hes here', 'maybe', 'hes in the next room', 'ok', "I'm scared he'll kill me", 'he is going to hurt me', 'call the police', 'im in danger right now', 'call 999', 'yeh', 'it me', 'i dont no', 'my husband', 'ok hes gone out', 'racist abuse', 'someone is harassing me on facebook', '1 and 6', 'last night', 'about 11pm'];
  expect(fromIssue.filter((t) => !texts.has(t))).toEqual([]);
});

describe.each(Object.keys(ROWS))('%s', (theme) => {
  test.each(cases.filter((c) => c.theme === theme).map((c) => [c.question, c.text, c.meaning, c.anywhere] as const))('at %s, "%s" means %s', (question, text, meaning, anywhere) => {
    const got = read(question, text);
    expect({ text, got: meets(got, meaning, anywhere) ? meaning : describeMeaning(got) }).toEqual({ text, got: meaning });
  });
});

test('a first message is kept and what it clearly says is used, and nothing it does not say', () => {
  const wrong: string[] = [];
  for (const [text, expected] of OPENING) {
    const got = interpret({ text, hasMedia: false, question: questions.get('askingDanger')!, opening: true }, understanding);
    if (got.meaning.kind !== 'opening') throw new Error('not read as an opening');
    const { substantive, hints } = got.meaning;
    const check = (what: string, ok: boolean) => ok || wrong.push(`${what} in "${text}": ${JSON.stringify({ substantive, danger: got.danger, hints })}`);
    check('kept', substantive === (expected.text === true));
    check('danger', got.danger === (expected.danger === true));
    const categories = hints.categories?.map((c) => c.categoryId).join('|');
    check('category', categories === expected.category);
    check('when', expected.when === undefined ? hints.when === undefined : hints.when?.includes(expected.when) === true);
    check('where', expected.where === undefined ? hints.where === undefined : hints.where?.includes(expected.where) === true);
  }
  expect(wrong).toEqual([]);
});

test('danger and self-harm: recall 100%, false alarms at most 2% (precision and recall printed)', () => {
  const { danger, selfHarm } = measure(cases);
  console.log(`understanding corpus (${ALL_ROWS.length} messages, ${cases.length} readings)\n${summary('danger', danger)}\n${summary('self-harm', selfHarm)}`);
  expect({ dangerMisses: danger.misses, selfHarmMisses: selfHarm.misses }).toEqual({ dangerMisses: [], selfHarmMisses: [] });
  expect(rates(danger).falseAlarmRate).toBeLessThanOrEqual(0.02);
  expect(rates(selfHarm).falseAlarmRate).toBeLessThanOrEqual(0.02);
});
