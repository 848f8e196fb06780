// The safety net under the word lists: words that no danger or self-harm pattern matched but that have their
// shape (someone at the home, fear of someone, harm said now; hopelessness) are not met with "Sorry, I did
// not understand", nor silently filed as an answer. The runtime asks one short question instead: "Are you in
// danger right now?" (yes: 999 guidance and the Silent Solution, as danger anywhere) or, gently, "Are you
// thinking of harming yourself?" (yes: the support lines). A question, never an alarm: no is taken at its word.
import type { DialogEvent, PromptSpec } from '../../dialogs/shared/contract';
import type { Interpretation } from './interpret/interpret';

export type SafetyCheck = 'askDanger' | 'askSelfHarm';

/** Every line the checks can show (for the tests that every shown key exists in every language). */
export const SAFETY_CHECK_KEYS = (['askDanger', 'askSelfHarm'] as const).flatMap((c) => ['prompt', 'yes', 'no', 'thanks'].map((k) => `common:${c}.${k}`));

export const isSafetyCheck = (pending: string | null): pending is SafetyCheck => pending === 'askDanger' || pending === 'askSelfHarm';

export function safetyCheckFor(interpretation: Interpretation): SafetyCheck | undefined {
  if (interpretation.ask === 'danger') return 'askDanger';
  if (interpretation.ask === 'selfHarm') return 'askSelfHarm';
  return undefined;
}

export function safetyCheckPrompt(check: SafetyCheck): PromptSpec {
  return {
    key: `common:${check}.prompt`,
    choices: [
      { id: 'yes', key: `common:${check}.yes` },
      { id: 'no', key: `common:${check}.no` },
    ],
  };
}

/** How the check's answer is read: "help" or "maybe" to "are you in danger?" as to the intake's own question. */
export const safetyCheckExpects = (check: SafetyCheck) => (check === 'askDanger' ? 'danger' : 'safety') as 'danger' | 'safety';

export type CheckAnswer =
  /** Yes: the dialog hears danger (or self-harm) as if typed; the words that raised the check are already kept. */
  | { event: DialogEvent; interpretation: Interpretation }
  /** No: a word of thanks, then the question the dialog is at. */
  | { say: PromptSpec }
  /** Neither: asked again (the check stays pending). */
  | undefined;

export function answerSafetyCheck(check: SafetyCheck, interpretation: Interpretation, at: string): CheckAnswer {
  const picked = interpretation.meaning.kind === 'choice' ? interpretation.meaning.ids : [];
  if (picked[0] === 'yes') {
    return check === 'askDanger'
      ? { event: { type: 'user.danger', text: '', at }, interpretation: { ...interpretation, danger: true } }
      : { event: { type: 'user.selfHarm', text: '', at }, interpretation: { ...interpretation, selfHarm: true } };
  }
  if (picked[0] === 'no') return { say: { key: `common:${check}.thanks` } };
  return undefined;
}
