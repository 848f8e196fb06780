// The understanding corpus through the interpretation step, at the intake's real questions (One Vision
// Housing's pack, as on SMS): every row must get its meaning. Precision and recall for danger and self-harm
// are printed; the targets are recall 100% and false alarms at most 2%.
import { interpret, type Interpretation } from '../../src/conversation/interpret/interpret';
import { shippedTranslations } from '../../src/conversation/i18n';
import { createLexicons } from '../../src/conversation/understanding';
import { toDialogPolicy } from '../../src/policy/dialog-policy';
import { loadPolicyPack } from '../../src/policy/load';
import { ALL_ROWS, OPENING, ROWS } from './corpus';
import { count, describe as describeMeaning, meets, outcome, rates, tally } from './support/meaning';
import { intakeQuestions } from './support/questions';

const policy = toDialogPolicy(loadPolicyPack('one-vision-housing'));
const understanding = createLexicons(shippedTranslations()).forLocale('en', policy.categories);
const questions = intakeQuestions(policy);
/** "Whatever the question": a free-text, a yes / no / don't know and a pick-several question. */
const ANYWHERE = ['askingWhen', 'askingChildren', 'askingMoreAbuseForms'];

function read(question: string, text: string): Interpretation {
  const view = questions.get(question);
  if (!view) throw new Error(`the corpus names a question the intake does not ask: ${question}`);
  return interpret({ text, hasMedia: false, question: view }, understanding);
}

const cases = Object.entries(ROWS).flatMap(([theme, rows]) =>
  rows.flatMap(([question, text, meaning]) => (question === '*' ? ANYWHERE : [question]).map((q) => ({ theme, question: q, text, meaning, anywhere: question === '*' }))),
);

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
  const danger = tally();
  const selfHarm = tally();
  for (const c of cases) {
    const got = read(c.question, c.text);
    const label = `${c.question}: ${c.text}`;
    const d = outcome('danger', c.question, c.meaning, got);
    count(danger, d.expected, d.got, label);
    const s = outcome('selfHarm', c.question, c.meaning, got);
    count(selfHarm, s.expected, s.got, label);
  }
  const line = (name: string, t: ReturnType<typeof tally>) => {
    const r = rates(t);
    return `${name}: ${t.truePositive + t.falseNegative} positive and ${t.falsePositive + t.trueNegative} negative readings; precision ${(r.precision * 100).toFixed(1)}%, recall ${(r.recall * 100).toFixed(1)}%, false alarms ${(r.falseAlarmRate * 100).toFixed(2)}%`;
  };
  console.log(`understanding corpus (${ALL_ROWS.length} messages, ${cases.length} readings)\n${line('danger', danger)}\n${line('self-harm', selfHarm)}`);
  expect({ dangerMisses: danger.misses, selfHarmMisses: selfHarm.misses }).toEqual({ dangerMisses: [], selfHarmMisses: [] });
  expect(rates(danger).falseAlarmRate).toBeLessThanOrEqual(0.02);
  expect(rates(selfHarm).falseAlarmRate).toBeLessThanOrEqual(0.02);
});
