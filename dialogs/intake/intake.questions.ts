// The shapes of a question state, built on the intake's named guards and actions: `question` (prompt and help
// keys from the state id), `optionalText` (free text with Skip) and `answerQuestion` (yes / no / don't know).
import type { ChoiceMeta, PromptMeta, StateMeta } from '../shared/contract';
import { YES_NO_DONT_KNOW, type AnswerField, type TextField } from './intake.context';
import { intake } from './intake.setup';

/** Offered on optional free-text questions, so "no" or "none" is not taken as the answer itself. */
export const SKIP_CHOICE: ChoiceMeta = { id: 'skip', key: 'intake:choice.skip' };

/** A state that waits for an answer: its prompt key is `intake:<id>.prompt`, help `intake:<id>.help`. */
export function question(id: string, prompt: Omit<PromptMeta, 'key'> & { key?: string } = {}) {
  const skippable = prompt.freeText === true && prompt.optional === true && !prompt.choices && !prompt.choicesFrom;
  return {
    id,
    entry: [{ type: 'rememberQuestion' as const, params: { id } }, 'syncUrgent' as const],
    meta: { prompt: { key: `intake:${id}.prompt`, ...prompt, ...(skippable ? { choices: [SKIP_CHOICE] } : {}) } } satisfies StateMeta,
  };
}

/** An optional free-text question: the words go in `field`; Skip (or "no", "none") moves on without an answer. */
export function optionalText(id: string, field: TextField, next: string) {
  return intake.createStateConfig({
    ...question(id, { freeText: true, optional: true }),
    on: {
      'user.message': [
        { guard: { type: 'choiceIs', params: { id: 'skip' } }, actions: 'treatAsSkip' },
        { guard: 'hasText', target: next, actions: { type: 'recordText', params: { field } } },
      ],
      'user.skip': { target: next },
    },
  });
}

/**
 * A yes / no / don't know question that records its answer in `field` and moves on. With `about` ("are any
 * children affected?"), naming such a person is a yes, and the words go with the report.
 */
export function answerQuestion(id: string, field: AnswerField, next: string, about?: 'child' | 'adultAtRisk') {
  const record = { type: 'recordAnswer' as const, params: { field } };
  return intake.createStateConfig({
    ...question(id, { choices: YES_NO_DONT_KNOW, ...(about ? { expects: about } : {}) }),
    on: {
      'user.message': [
        ...(about ? [{ guard: 'hasDetail' as const, target: next, actions: [record, 'keepDetail' as const] }] : []),
        { guard: 'hasChoice', target: next, actions: record },
      ],
    },
  });
}
