// When a report needs a person at once, and when it may never be closed without one: pure rules on a
// ReportDraft, shared by the dialog (which opens an urgent case the moment they hold, before the person
// finishes) and triage (which makes such a case urgent, and keeps any report that needs a person from being
// signposted without a case).
import type { ReportDraft } from './report';
import { DASH_HIGH_RISK_YES_COUNT, DASH_QUESTION_IDS } from './risk-instruments';

/** What made a report urgent, in the order staff read them. */
export const URGENT_INDICATORS = [
  'immediateDanger',
  'dangerRemaining',
  'dashHighRisk',
  'threatsToKill',
  'strangulation',
  'weapons',
  'childrenAtRisk',
  'childReporter',
  'maracReferral',
  'professionalHighRisk',
] as const;
export type UrgentIndicator = (typeof URGENT_INDICATORS)[number];

type Kind = 'asb' | 'hate_crime' | 'harassment' | 'domestic_abuse' | undefined;

/** Dash answers that are each a known marker of serious harm or homicide, whatever the count. */
const DASH_MARKERS = ['threatsToKill', 'strangulation', 'weapons'] as const;

/**
 * High risk, as far as the report says so far: danger now or remaining, the Dash threshold or one of its
 * homicide markers, children at risk (children involved where there is violence or domestic abuse), a child
 * or young person under 18 harmed or reporting abuse at home, a MARAC referral, a referring professional's own high
 * risk (their Dash score at the threshold, their level or their judgement: OVH 2.6).
 */
export function urgentIndicators(report: ReportDraft, kind: Kind): UrgentIndicator[] {
  const dash = report.risk.dash?.answers ?? {};
  const yes = DASH_QUESTION_IDS.filter((id) => dash[id] === 'yes').length;
  const violence = report.incident.violenceOrThreats === 'yes' || report.incident.dangerRemaining === 'yes';
  const abuseAtHome = kind === 'domestic_abuse';
  const pro = report.risk.professionalAssessment;
  const found: Record<UrgentIndicator, boolean> = {
    immediateDanger: report.safety.immediateDangerAtStart,
    dangerRemaining: report.incident.dangerRemaining === 'yes',
    dashHighRisk: yes >= DASH_HIGH_RISK_YES_COUNT,
    threatsToKill: dash[DASH_MARKERS[0]] === 'yes',
    strangulation: dash[DASH_MARKERS[1]] === 'yes',
    weapons: dash[DASH_MARKERS[2]] === 'yes',
    childrenAtRisk: report.vulnerability.childrenInvolved === 'yes' && (abuseAtHome || violence),
    childReporter: (report.reporter.ageBand === 'under16' || report.reporter.ageBand === '16to17') && (abuseAtHome || violence),
    maracReferral: report.reporter.maracReferral === true,
    professionalHighRisk: (pro?.dashYesCount ?? 0) >= DASH_HIGH_RISK_YES_COUNT || pro?.level === 'high' || pro?.highRiskByJudgement === true,
  };
  return URGENT_INDICATORS.filter((id) => found[id]);
}

/**
 * A person must read this report, whatever its scope: it is urgent, someone spoke of harming themselves, it is
 * domestic abuse, a child or an adult who may not protect themselves is at risk, a child or young person is
 * reporting, or we do not know whether the person responsible is our tenant (so it may be ours to act on).
 */
export function needsPersonalReview(report: ReportDraft, kind: Kind): boolean {
  return (
    urgentIndicators(report, kind).length > 0 ||
    report.safety.selfHarmDisclosed === true ||
    kind === 'domestic_abuse' ||
    report.vulnerability.childrenInvolved === 'yes' ||
    report.vulnerability.vulnerableAdultInvolved === 'yes' ||
    report.incident.violenceOrThreats === 'yes' ||
    (report.reporter.ageBand !== undefined && report.reporter.ageBand !== 'adult' && report.reporter.ageBand !== 'not_said') ||
    report.perpetrator.isOurTenant === 'dont_know'
  );
}
