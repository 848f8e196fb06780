// Runs corpus rows through the interpretation step at the intake's real questions (One Vision Housing's pack,
// as on SMS) and counts danger and self-harm outcomes for precision and recall.
import { interpret, type Interpretation } from '../../../src/conversation/interpret/interpret';
import { shippedTranslations } from '../../../src/conversation/i18n';
import { createLexicons } from '../../../src/conversation/understanding';
import { toDialogPolicy } from '../../../src/policy/dialog-policy';
import { loadPolicyPack } from '../../../src/policy/load';
import type { Row } from '../corpus';
import { count, rates, outcome, tally, type Tally } from './meaning';
import { intakeQuestions } from './questions';

export const policy = toDialogPolicy(loadPolicyPack('one-vision-housing'));
export const understanding = createLexicons(shippedTranslations()).forLocale('en', policy.categories);
export const questions = intakeQuestions(policy);
/** "Whatever the question": a free-text, a yes / no / don't know and a pick-several question. */
export const ANYWHERE = ['askingWhen', 'askingChildren', 'askingMoreAbuseForms'];

export function read(question: string, text: string): Interpretation {
  const view = questions.get(question);
  if (!view) throw new Error(`the corpus names a question the intake does not ask: ${question}`);
  return interpret({ text, hasMedia: false, question: view }, understanding);
}

export interface Reading {
  question: string;
  text: string;
  meaning: string;
  anywhere: boolean;
}

/** One reading per row, or three for a row said "whatever the question". */
export function readings(rows: readonly Row[]): Reading[] {
  return rows.flatMap(([question, text, meaning]) => (question === '*' ? ANYWHERE : [question]).map((q) => ({ question: q, text, meaning, anywhere: question === '*' })));
}

export function measure(all: readonly Reading[]): { danger: Tally; selfHarm: Tally } {
  const danger = tally();
  const selfHarm = tally();
  for (const c of all) {
    const got = read(c.question, c.text);
    const label = `${c.question}: ${c.text}`;
    const d = outcome('danger', c.question, c.meaning, got);
    count(danger, d.expected, d.got, label);
    const s = outcome('selfHarm', c.question, c.meaning, got);
    count(selfHarm, s.expected, s.got, label);
  }
  return { danger, selfHarm };
}

export function summary(name: string, t: Tally): string {
  const r = rates(t);
  return `${name}: ${t.truePositive + t.falseNegative} positive and ${t.falsePositive + t.trueNegative} negative readings; precision ${(r.precision * 100).toFixed(1)}%, recall ${(r.recall * 100).toFixed(1)}%, false alarms ${(r.falseAlarmRate * 100).toFixed(2)}%`;
}
