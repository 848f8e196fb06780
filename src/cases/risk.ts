// Pure scoring of the risk instruments: the SafeLives Dash checklist with the four MARAC criteria, and the
// landlord's risk assessment matrix from its pack. Question ids come from dialogs/shared/risk-instruments.ts
// and the pack; the wording is in locales/<lng>/risk.json. Every question may be skipped or answered "don't know".
import { DASH_NAMED_FLAGS, DASH_QUESTION_IDS, type DashNamedFlag } from '../../dialogs/shared/risk-instruments';
import type { ReportDraft } from '../../dialogs/shared/report';
import type { HarmFactor, MaracConfig, RiskMatrix } from '../policy/risk.schema';

export type RiskAnswer = 'yes' | 'no' | 'dont_know' | 'skipped';
export type RiskLevel = 'standard' | 'medium' | 'high';

/** The SafeLives MARAC referral criteria. */
export type MaracCriterion = 'visibleHighRisk' | 'professionalJudgement' | 'potentialEscalation' | 'repeatMarac';

export interface DashScore {
  yesCount: number;
  /** Questions answered yes, no or don't know (not skipped); for a professional's own score, 24. */
  answered: number;
  level: RiskLevel;
  marac: boolean;
  /** The MARAC criteria met (empty: no MARAC referral by the criteria). */
  criteria: MaracCriterion[];
  /** Strangulation, threats to kill, stalking, separation: answered yes, shown to staff by name. */
  namedFlags: DashNamedFlag[];
}

export interface MaracInput {
  /** Dash "yes" answers: counted from the answers, or the score a professional already has. */
  yesCount: number;
  professionalJudgement?: boolean;
  /** Police call-outs to the victim for domestic abuse in the pack's escalation window. */
  policeCallOuts?: number;
  /** A MARAC referral about this victim within the pack's repeat window (said, or found in earlier cases). */
  maracReferralWithinRepeatWindow?: boolean;
}

/**
 * The MARAC criteria met, and the level: high (and a MARAC referral) when any is met; otherwise medium from the
 * pack's band, or standard. Also what staff re-triage calls when a professional records their judgement.
 */
export function maracCriteria(input: MaracInput, config: MaracConfig, mediumYesCount: number): { criteria: MaracCriterion[]; level: RiskLevel } {
  const criteria: MaracCriterion[] = [];
  if (input.yesCount >= config.visibleHighRiskYesCount) criteria.push('visibleHighRisk');
  if (input.professionalJudgement === true) criteria.push('professionalJudgement');
  if ((input.policeCallOuts ?? 0) >= config.potentialEscalation.policeCallOutsAtLeast) criteria.push('potentialEscalation');
  if (input.maracReferralWithinRepeatWindow === true) criteria.push('repeatMarac');
  const level: RiskLevel = criteria.length > 0 ? 'high' : input.yesCount >= mediumYesCount ? 'medium' : 'standard';
  return { criteria, level };
}

const DASH_IDS = new Set<string>(DASH_QUESTION_IDS);

/** Counts a Dash checklist's answers and applies the MARAC criteria. Answers to other ids are ignored. */
export function assessDash(
  answers: Record<string, RiskAnswer | undefined>,
  others: Omit<MaracInput, 'yesCount'> & { professionalYesCount?: number },
  config: MaracConfig,
  mediumYesCount: number,
): DashScore {
  let yesCount = 0;
  let answered = 0;
  for (const [id, answer] of Object.entries(answers)) {
    if (!DASH_IDS.has(id) || answer === undefined || answer === 'skipped') continue;
    answered += 1;
    if (answer === 'yes') yesCount += 1;
  }
  // A professional's own completed checklist counts as answered in full.
  if (others.professionalYesCount !== undefined && others.professionalYesCount > yesCount) {
    yesCount = others.professionalYesCount;
    answered = Math.max(answered, DASH_QUESTION_IDS.length);
  }
  const { criteria, level } = maracCriteria({ ...others, yesCount }, config, mediumYesCount);
  const namedFlags = DASH_NAMED_FLAGS.filter((id) => answers[id] === 'yes');
  return { yesCount, answered, level, marac: criteria.length > 0, criteria, namedFlags };
}

export interface HarmScore {
  yesCount: number;
  answered: number;
  /** Sum of the weights of the questions answered yes. */
  score: number;
  /** Factors (personal, situational, incidental) with at least one yes. */
  factors: HarmFactor[];
  level: RiskLevel;
}

/** The pack's risk assessment matrix: the weights answered yes against its bands and its high combinations. */
export function scoreHarm(answers: Record<string, RiskAnswer | undefined>, matrix: RiskMatrix): HarmScore {
  let yesCount = 0;
  let answered = 0;
  let score = 0;
  const factors = new Set<HarmFactor>();
  for (const q of matrix.questions) {
    const answer = answers[q.id];
    if (answer === undefined || answer === 'skipped') continue;
    answered += 1;
    if (answer === 'yes') {
      yesCount += 1;
      score += q.weight;
      factors.add(q.factor);
    }
  }
  const combination = matrix.highWhen.some(
    (w) => (w.questions.length > 0 || w.factors.length > 0) && w.questions.every((id) => answers[id] === 'yes') && w.factors.every((f) => factors.has(f)),
  );
  const level: RiskLevel = score >= matrix.bands.highAt || combination ? 'high' : score >= matrix.bands.mediumAt ? 'medium' : 'standard';
  return { yesCount, answered, score, factors: [...factors], level };
}

export interface HateCrimeFlags {
  /** Reported as hate crime or with a hate motivation: perception-based, the reporter's view decides. */
  hateIncident: boolean;
  motivations: string[];
}

export function hateCrimeFlags(report: Pick<ReportDraft, 'incident'>, kind: string): HateCrimeFlags {
  const motivations = report.incident.hateMotivations;
  // OVH 1.5.4.1 and 1.8; SLH Context (harassment grounds): "because of who I am" in any category is hate, as perceived.
  return { hateIncident: kind === 'hate_crime' || motivations.length > 0 || report.incident.perceivedHate === 'yes', motivations };
}

export interface HarassmentFlags {
  harassment: boolean;
  /** A course of conduct (more than once) is what the Protection from Harassment Act 1997 needs. */
  courseOfConduct: boolean;
}

export function harassmentFlags(report: Pick<ReportDraft, 'incident'>, kind: string): HarassmentFlags {
  const recurring = report.incident.when?.recurring === true || report.incident.ongoing === 'yes';
  return { harassment: kind === 'harassment', courseOfConduct: kind === 'harassment' && recurring };
}

const ORDER: Record<RiskLevel, number> = { standard: 0, medium: 1, high: 2 };
export function maxLevel(...levels: (RiskLevel | undefined)[]): RiskLevel {
  return levels.reduce<RiskLevel>((best, l) => (l !== undefined && ORDER[l] > ORDER[best] ? l : best), 'standard');
}
export function levelAtLeast(level: RiskLevel, floor: RiskLevel): boolean {
  return ORDER[level] >= ORDER[floor];
}
