// What the second opinion (src/conversation/interpret/second-opinion.ts) is trained on: the corpus and held-out
// sets 1–6, each message spelt out the way the runtime spells it. The outside-written sets (held-out-outside.ts)
// are never trained on: they measure it.
import { trainSecondOpinion, type SecondOpinionModel } from '../../src/conversation/interpret/second-opinion';
import { wordsOf } from '../../src/conversation/interpret/text';
import { ALL_ROWS, type Row } from './corpus';
import { HELD_OUT_1, HELD_OUT_2, HELD_OUT_3, HELD_OUT_4, HELD_OUT_5, HELD_OUT_6 } from './corpus/held-out';
import { understanding } from './support/evaluate';

export const HELD_OUT_SETS: Record<string, Row[]> = { '1': HELD_OUT_1, '2': HELD_OUT_2, '3': HELD_OUT_3, '4': HELD_OUT_4, '5': HELD_OUT_5, '6': HELD_OUT_6 };

/** Where "yes" is itself the signal, or a word that works everywhere: the meaning is the question's, not the words'. */
const CONTEXTUAL = new Set(['askingDanger', 'askingDash_depressedOrSuicidal']);
export const trainable = ([question, , meaning]: Row) => !CONTEXTUAL.has(question) && !meaning.startsWith('!');

const spelling = understanding.answerLexicons[0]!.spelling;
export const spelt = (text: string) => wordsOf(text, spelling);

export function examplesOf(rows: readonly Row[]) {
  return rows.filter(trainable).map(([, text, meaning]) => ({ words: spelt(text), danger: meaning.includes('danger'), selfHarm: meaning.includes('self-harm') }));
}

export const TRAINING_ROWS: Row[] = [...ALL_ROWS, ...Object.values(HELD_OUT_SETS).flat()];

export const trainShipped = (): SecondOpinionModel => trainSecondOpinion(examplesOf(TRAINING_ROWS));
