// Pure scoring of the risk instruments. Question ids come from dialogs/shared/risk-instruments.ts; the
// wording is in locales/<lng>/risk.json. Every question may be skipped or answered "don't know".
import { ASB_HARM_QUESTIONS, DASH_HIGH_RISK_YES_COUNT, DASH_QUESTION_IDS } from '../../dialogs/shared/risk-instruments';
import type { ReportDraft } from '../../dialogs/shared/report';

export type RiskAnswer = 'yes' | 'no' | 'dont_know' | 'skipped';
export type RiskLevel = 'standard' | 'medium' | 'high';

export interface DashScore {
  yesCount: number;
  /** Questions answered yes, no or don't know (not skipped). */
  answered: number;
  level: RiskLevel;
  marac: boolean;
  /** Why the level is what it is, as reason codes (staff wording comes from the pack / locales). */
  reasons: string[];
}

export interface DashOptions {
  /** Professional judgement raises the level to high and to MARAC, whatever the count. */
  professionalJudgement?: boolean;
  /** Escalation: repeated police call-outs in 12 months (SafeLives); raises to high and MARAC. */
  escalation?: boolean;
  /** Yes answers for medium; from the pack. */
  mediumYesCount?: number;
}

const DASH_IDS = new Set<string>(DASH_QUESTION_IDS);

export function scoreDash(answers: Record<string, RiskAnswer | undefined>, options: DashOptions = {}): DashScore {
  let yesCount = 0;
  let answered = 0;
  for (const [id, answer] of Object.entries(answers)) {
    if (!DASH_IDS.has(id) || answer === undefined || answer === 'skipped') continue;
    answered += 1;
    if (answer === 'yes') yesCount += 1;
  }
  const reasons: string[] = [];
  let level: RiskLevel = 'standard';
  if (yesCount >= DASH_HIGH_RISK_YES_COUNT) {
    level = 'high';
    reasons.push('dash.visibleHighRisk');
  } else if (yesCount >= (options.mediumYesCount ?? 10)) {
    level = 'medium';
    reasons.push('dash.medium');
  }
  if (options.professionalJudgement) {
    level = 'high';
    reasons.push('dash.professionalJudgement');
  }
  if (options.escalation) {
    level = 'high';
    reasons.push('dash.escalation');
  }
  return { yesCount, answered, level, marac: level === 'high', reasons };
}

export interface HarmScore {
  yesCount: number;
  answered: number;
  /** Factors (personal, situational, incidental) with at least one yes. */
  factors: ('personal' | 'situational' | 'incidental')[];
  level: RiskLevel;
}

/**
 * ASB harm assessment. Default rule (the policies give no thresholds): high when all three kinds of
 * vulnerability are present, or 5 or more yes, or the person feels unsafe at home and is personally
 * vulnerable; medium with 2 or more yes; otherwise standard.
 */
export function scoreAsbHarm(answers: Record<string, RiskAnswer | undefined>): HarmScore {
  let yesCount = 0;
  let answered = 0;
  const factors = new Set<HarmScore['factors'][number]>();
  for (const q of ASB_HARM_QUESTIONS) {
    const answer = answers[q.id];
    if (answer === undefined || answer === 'skipped') continue;
    answered += 1;
    if (answer === 'yes') {
      yesCount += 1;
      factors.add(q.factor);
    }
  }
  const unsafeAndVulnerable = answers['feelsUnsafeAtHome'] === 'yes' && factors.has('personal');
  const level: RiskLevel = factors.size === 3 || yesCount >= 5 || unsafeAndVulnerable ? 'high' : yesCount >= 2 ? 'medium' : 'standard';
  return { yesCount, answered, factors: [...factors], level };
}

export interface HateCrimeFlags {
  /** Reported as hate crime or with a hate motivation: perception-based, the reporter's view decides. */
  hateIncident: boolean;
  motivations: string[];
}

export function hateCrimeFlags(report: Pick<ReportDraft, 'incident'>, kind: string): HateCrimeFlags {
  const motivations = report.incident.hateMotivations;
  return { hateIncident: kind === 'hate_crime' || motivations.length > 0, motivations };
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
