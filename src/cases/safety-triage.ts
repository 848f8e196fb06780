// Triage's safety floor, whatever the pack says: a report that shows high risk is urgent (it may already be
// in the queue, opened before the person finished), and nothing that needs a person is closed unseen. Only a
// clearly out-of-scope (or declined) report that is low-risk and that the person chose to finish is
// signposted without a case. Pure; triage.ts calls it.
import type { ReportDraft } from '../../dialogs/shared/report';
import { needsPersonalReview, urgentIndicators } from '../../dialogs/shared/urgency';
import type { CategoryKind, PolicyPack, Priority } from '../policy/pack.schema';
import type { RiskLevel } from './risk';

type Because = (key: string, source: string, params?: Record<string, string | number>) => void;

const SOURCE = 'Safe by default (issue 12): high risk reaches a person at once, whatever the pack';

/** The priority after the floor: urgent when any urgent indicator holds (the reason names them). */
export function urgentFloor(report: ReportDraft, kind: CategoryKind, priority: Priority, because: Because, words: (key: string) => string): Priority {
  const indicators = urgentIndicators(report, kind);
  if (indicators.length === 0) return priority;
  because('triage:reason.urgentNow', SOURCE, { indicators: indicators.map((id) => words(`triage:indicator.${id}`)).join(', ') });
  return 'urgent';
}

const YOUNG_SOURCE =
  'Children Act 1989 (under 18 is a child; Working Together to Safeguard Children); domestic abuse is between those aged 16 or over (Home Office definition, OVH 1.5.3.1); children safeguarding (OVH 3.3.1)';

/**
 * The person reporting is a child or young person (docs/children-and-young-people.md): child safeguarding applies,
 * Childline was given, and the adult Dash was not asked; for 16 or 17, the young people's approach.
 */
export function youngReporter(report: ReportDraft, because: Because): boolean {
  const band = report.reporter.ageBand;
  if (band === 'under16') because('triage:reason.childReporter', YOUNG_SOURCE);
  if (band === '16to17') because('triage:reason.youngPersonReporter', YOUNG_SOURCE);
  return band === 'under16' || band === '16to17';
}

export interface ScopeFacts {
  kind: CategoryKind;
  priority: Priority;
  riskLevel: RiskLevel;
  flags: { marac: boolean; childAtRisk: boolean; adultAtRisk: boolean };
  /** A case for this conversation is already open (opened early as urgent): it is never closed by triage. */
  caseAlreadyOpen: boolean;
}

/**
 * Scope (OVH 1.5.1): an out-of-scope tenure is accepted when the alleged perpetrator is our tenant; a report the
 * person sent anyway, or that needs a person, or where nobody knows whose tenant they are, is a case a person
 * reviews. A report the person finished after being pointed elsewhere is signposted only when low-risk.
 */
export function scopeDisposition(report: ReportDraft, pack: PolicyPack, facts: ScopeFacts, because: Because): 'case' | 'signposted' {
  const tenure = report.tenure === undefined ? undefined : pack.tenures.find((t) => t.id === report.tenure);
  const outOfScope = tenure !== undefined && !tenure.inScope;
  if (outOfScope && pack.outOfScope.acceptWhenPerpetratorIsTenant && report.perpetrator.isOurTenant === 'yes') {
    because('triage:reason.outOfScopeAccepted', pack.outOfScope.source, { tenure: tenure.id });
    return 'case';
  }
  const lowRisk =
    !needsPersonalReview(report, facts.kind) &&
    facts.priority === 'normal' &&
    facts.riskLevel === 'standard' &&
    !facts.flags.marac &&
    !facts.flags.childAtRisk &&
    !facts.flags.adultAtRisk &&
    !facts.caseAlreadyOpen;
  const finished = report.finishedEarly !== undefined;
  if (outOfScope) {
    if (finished && lowRisk) {
      because('triage:reason.outOfScopeSignposted', tenure.source, { tenure: tenure.id });
      return 'signposted';
    }
    const why = report.perpetrator.isOurTenant === 'dont_know' ? 'triage:reason.outOfScopeTenancyUnknown' : finished ? 'triage:reason.outOfScopeAtRisk' : 'triage:reason.outOfScopeSentAnyway';
    because(why, SOURCE, { tenure: tenure.id });
    return 'case';
  }
  if (finished) {
    if (lowRisk) {
      because('triage:reason.declinedSignposted', SOURCE);
      return 'signposted';
    }
    because('triage:reason.finishedEarlyAtRisk', SOURCE);
  }
  return 'case';
}
