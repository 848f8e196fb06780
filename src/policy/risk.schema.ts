// The risk parts of a policy pack: Dash bands and the MARAC criteria, the landlord's risk assessment matrix
// for ASB, hate crime and harassment, and the repeat-victim and Community Trigger counts.
import { z } from 'zod';
import { id, source } from './schema-parts';
import { ASB_HARM_QUESTIONS } from '../../dialogs/shared/risk-instruments';
import { shippedLanguageCodes } from '../conversation/i18n';

/** The matrix questions the intake words itself (`risk:harm.<id>` in locales/<lng>/risk.json). */
const INTAKE_HARM_IDS = new Set<string>(ASB_HARM_QUESTIONS.map((q) => q.id));
/** A pack's own question is sent as a text message with its four options: short enough for three segments in any script. */
const OWN_QUESTION_MAX = 150;

export const harmFactor = z.enum(['personal', 'situational', 'incidental']);
export type HarmFactor = z.infer<typeof harmFactor>;

export const maracSchema = z.object({
  /** Visible high risk: Dash "yes" answers (SafeLives: 14 of the 24). */
  visibleHighRiskYesCount: z.number().int().min(1).max(24).default(14),
  /** Potential escalation: police call-outs to the victim because of domestic abuse in the last `windowMonths`. */
  potentialEscalation: z.object({ policeCallOutsAtLeast: z.number().int().min(1), windowMonths: z.number().int().min(1), source }),
  /** Repeat MARAC: a further incident within `windowMonths` of the last MARAC referral. */
  repeatMarac: z.object({ windowMonths: z.number().int().min(1), source }),
  source,
});
export type MaracConfig = z.infer<typeof maracSchema>;

/**
 * A risk assessment matrix (OVH 3.7.3): yes/no questions, each with a factor and a weight; the score is the sum
 * of the weights answered yes. `highWhen`: combinations that are high whatever the score (every listed
 * question yes, and a yes in every listed factor). Question wording: the intake's nine are worded in
 * locales/<lng>/risk.json (`risk:harm.<id>`); a question of the landlord's own gives its words in `text`, one per
 * language the pack offers (checked by `checkMatrix`).
 */
export const riskMatrixSchema = z
  .object({
    questions: z
      .array(
        z.object({
          id,
          factor: harmFactor,
          weight: z.number().int().min(1).max(10),
          askWitness: z.boolean(),
          /** A question of the landlord's own: its words by language ("en", "cy", ...), a yes / no / don't know question. */
          text: z.record(z.string().regex(/^[a-z]{2,3}$/, 'a language code such as "cy"'), z.string().trim().min(1).max(OWN_QUESTION_MAX, `at most ${OWN_QUESTION_MAX} characters (it is sent as a text message)`)).optional(),
          source,
        }),
      )
      .min(1),
    bands: z.object({ mediumAt: z.number().int().min(1), highAt: z.number().int().min(1) }),
    highWhen: z.array(z.object({ questions: z.array(z.string()).default([]), factors: z.array(harmFactor).default([]) })).default([]),
    source,
  })
  .refine((m) => m.bands.mediumAt <= m.bands.highAt, { message: 'bands.mediumAt must not be above bands.highAt', path: ['bands'] });
export type RiskMatrix = z.infer<typeof riskMatrixSchema>;

export const riskSchema = z.object({
  /** Dash "yes" answers for medium risk (below the MARAC count). */
  dashMediumYesCount: z.number().int().min(1).max(23),
  marac: maracSchema,
  matrix: riskMatrixSchema,
  source,
});

/** Reports about the same victim (repeat victim) and about the same victim, problem or place (Community Trigger). */
export const repeatVictimSchema = z.object({ priorReportsAtLeast: z.number().int().min(1), windowMonths: z.number().int().min(1), source });
export const communityTriggerSchema = z.object({ reportsAtLeast: z.number().int().min(2), windowMonths: z.number().int().min(1), source });

type Check = (ok: boolean, path: (string | number)[], message: string) => void;

/**
 * The matrix's questions can all be asked: each of the intake's nine in its own words, each of the landlord's own
 * in every language the pack offers (`languages`, English always; absent, every shipped language), no id twice,
 * and `highWhen` naming only questions the matrix has.
 */
export function checkMatrix(matrix: RiskMatrix, offered: readonly string[] | undefined, check: Check): void {
  const languages = [...new Set(['en', ...(offered ?? shippedLanguageCodes())])];
  const at = (...path: (string | number)[]) => ['risk', 'matrix', ...path];
  const seen = new Set<string>();
  matrix.questions.forEach((q, i) => {
    check(!seen.has(q.id), at('questions', i, 'id'), `duplicate question "${q.id}"`);
    seen.add(q.id);
    if (INTAKE_HARM_IDS.has(q.id)) {
      check(q.text === undefined, at('questions', i, 'text'), `"${q.id}" is one of the intake's questions, worded in locales/<lng>/risk.json: give a question of your own a new id`);
      return;
    }
    if (q.text === undefined) {
      check(false, at('questions', i, 'id'), `the intake has no question "${q.id}": a question of the pack's own needs its words in "text" for every language the pack offers (${languages.join(', ')}); the intake's own are ${[...INTAKE_HARM_IDS].join(', ')}`);
      return;
    }
    const missing = languages.filter((lng) => q.text?.[lng] === undefined);
    check(missing.length === 0, at('questions', i, 'text'), `"${q.id}" has no words in ${missing.join(', ')}: a question of the pack's own is asked in every language the pack offers (${languages.join(', ')})`);
  });
  matrix.highWhen.forEach((w, i) => w.questions.forEach((q, j) => check(seen.has(q), at('highWhen', i, 'questions', j), `unknown question "${q}"`)));
}
