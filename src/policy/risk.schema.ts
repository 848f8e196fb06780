// The risk parts of a policy pack: Dash bands and the MARAC criteria, the landlord's risk assessment matrix
// for ASB, hate crime and harassment, and the repeat-victim and Community Trigger counts.
import { z } from 'zod';
import { id, source } from './schema-parts';

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
 * question yes, and a yes in every listed factor). Question wording: `risk:harm.<id>` in locales/<lng>/risk.json.
 */
export const riskMatrixSchema = z
  .object({
    questions: z.array(z.object({ id, factor: harmFactor, weight: z.number().int().min(1).max(10), askWitness: z.boolean(), source })).min(1),
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
