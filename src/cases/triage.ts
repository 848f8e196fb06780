// Triage: a pure function from a report, the landlord's policy pack and the time it arrived to the team,
// priority, due dates and flags, with a readable reason (and the policy section) for every rule that fired.
import type { ReportDraft } from '../../dialogs/shared/report';
import type { CategoryKind, Condition, PolicyPack, Priority } from '../policy/pack.schema';
import { addWorkingDays, localDate } from '../policy/working-days';
import { hateCrimeFlags, harassmentFlags, levelAtLeast, maxLevel, scoreAsbHarm, scoreDash, type DashScore, type HarmScore, type RiskLevel } from './risk';

export interface TriageHistory {
  /** Earlier reports from the same contact (by keyed hash) in the last 6 months, this one not counted. */
  reportsBySameContactLast6Months: number;
}

export interface TriageReason {
  text: string;
  source: string;
}

export interface TriageFlags {
  marac: boolean;
  repeatVictim: boolean;
  childAtRisk: boolean;
  adultAtRisk: boolean;
  communityTriggerCandidate: boolean;
}

export interface TriageResult {
  /** `signposted`: out of the policy's scope; the person is pointed elsewhere and no case is opened. */
  disposition: 'case' | 'signposted';
  categoryKind: CategoryKind;
  teamId: string;
  teamKey: string;
  priority: Priority;
  reasons: TriageReason[];
  /** Ids of the rules that fired, in pack order. */
  rules: string[];
  firstResponseDue?: Date;
  appointmentOfferDue?: Date;
  flags: TriageFlags;
  risk: { level: RiskLevel; dash?: DashScore; harm?: HarmScore; hateIncident: boolean; harassmentCourseOfConduct: boolean };
  helplineIds: string[];
}

const PRIORITY_ORDER: Record<Priority, number> = { normal: 0, high: 1, urgent: 2 };

interface Facts {
  kind: CategoryKind;
  categoryId: string;
  subcategoryId: string | undefined;
  violenceWithDangerRemaining: boolean;
  targetedPropertyDamage: boolean;
  hateMotivated: boolean;
  immediateDanger: boolean;
  riskLevel: RiskLevel;
  flags: TriageFlags;
}

function holds(when: Condition, f: Facts): boolean {
  if (when.categoryKinds && !when.categoryKinds.includes(f.kind)) return false;
  if (when.categoryIds && !when.categoryIds.includes(f.categoryId)) return false;
  if (when.subcategoryIds && (f.subcategoryId === undefined || !when.subcategoryIds.includes(f.subcategoryId))) return false;
  if (when.violenceWithDangerRemaining && !f.violenceWithDangerRemaining) return false;
  if (when.targetedPropertyDamage && !f.targetedPropertyDamage) return false;
  if (when.hateMotivated && !f.hateMotivated) return false;
  if (when.immediateDanger && !f.immediateDanger) return false;
  if (when.riskAtLeast && !levelAtLeast(f.riskLevel, when.riskAtLeast)) return false;
  if (when.marac && !f.flags.marac) return false;
  if (when.childOrAdultAtRisk && !(f.flags.childAtRisk || f.flags.adultAtRisk)) return false;
  if (when.repeatVictim && !f.flags.repeatVictim) return false;
  return true;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function triage(report: ReportDraft, pack: PolicyPack, now: Date, history: TriageHistory): TriageResult {
  const reasons: TriageReason[] = [];
  // A category the pack does not know (a dialog and pack out of step, or a person who never chose one)
  // must not lose the report: it is kept as ASB, at high priority, for a person to re-triage.
  const known = pack.categories.find((c) => c.id === report.incident.categoryId);
  const category = known ?? { id: report.incident.categoryId, kind: 'asb' as const, subcategories: [] as { id: string }[] };
  if (!known) {
    reasons.push({ text: `The category "${report.incident.categoryId}" is not in the policy pack: check what happened and re-triage by hand.`, source: 'policy pack categories (default: never lose a report)' });
  }
  const kind = category.kind;
  // An unknown subcategory is a mismatch between dialog and pack; it must not lose the report.
  let subcategoryId = report.incident.subcategoryId;
  if (subcategoryId !== undefined && !category.subcategories.some((s) => s.id === subcategoryId)) {
    reasons.push({ text: `The subcategory "${subcategoryId}" is not in the policy pack, so it was ignored for routing.`, source: 'policy pack categories' });
    subcategoryId = undefined;
  }
  const rules: string[] = [];

  // Risk instruments.
  const dashInput = report.risk.dash;
  const dash = dashInput
    ? scoreDash(dashInput.answers, { professionalJudgement: dashInput.professionalJudgement === true, mediumYesCount: pack.risk.dashMediumYesCount })
    : undefined;
  const harm = report.vulnerability.harm ? scoreAsbHarm(report.vulnerability.harm) : undefined;
  const hate = hateCrimeFlags(report, kind);
  const harassment = harassmentFlags(report, kind);
  const riskLevel = maxLevel(dash?.level, harm?.level);
  if (dash) {
    reasons.push({
      text: `Dash risk checklist: ${plural(dash.yesCount, '"yes" answer')} out of ${dash.answered} answered${dashInput?.professionalJudgement ? ', raised by professional judgement' : ''}: ${dash.level} risk.`,
      source: pack.risk.source,
    });
  }
  if (harm) {
    reasons.push({ text: `ASB harm assessment: ${plural(harm.yesCount, '"yes" answer')}, ${harm.level} risk.`, source: 'ASB harm assessment (personal, situational and incidental vulnerability)' });
  }

  // Flags.
  const dashYes = (id: string) => dashInput?.answers[id] === 'yes';
  const earlier = history.reportsBySameContactLast6Months;
  const flags: TriageFlags = {
    marac: dash?.marac === true || report.reporter.maracReferral === true,
    repeatVictim: earlier >= pack.repeatVictim.priorReportsAtLeast || report.vulnerability.harm?.['repeatTarget'] === 'yes',
    childAtRisk: report.vulnerability.childrenInvolved === 'yes' || dashYes('hurtChildren') || dashYes('threatenedChildren'),
    adultAtRisk: report.vulnerability.vulnerableAdultInvolved === 'yes' || harm?.level === 'high',
    communityTriggerCandidate: earlier + 1 >= pack.communityTrigger.reportsAtLeast,
  };
  if (report.reporter.maracReferral === true) {
    reasons.push({ text: 'The report is a referral from a MARAC.', source: 'OVH 2.6 / MARAC referral' });
  }
  if (flags.repeatVictim) {
    reasons.push({
      text: earlier > 0 ? `Repeat victim: ${plural(earlier, 'earlier report')} from the same contact in the last ${pack.repeatVictim.windowMonths} months.` : 'Repeat victim: the person says this has happened to them before.',
      source: pack.repeatVictim.source,
    });
  }
  if (flags.communityTriggerCandidate) {
    reasons.push({
      text: `Possible Community Trigger: this is report ${earlier + 1} from the same contact in ${pack.communityTrigger.windowMonths} months (threshold ${pack.communityTrigger.reportsAtLeast}).`,
      source: pack.communityTrigger.source,
    });
  }

  const facts: Facts = {
    kind,
    categoryId: category.id,
    subcategoryId,
    violenceWithDangerRemaining: report.incident.violenceOrThreats === 'yes' && report.incident.dangerRemaining === 'yes',
    targetedPropertyDamage: report.incident.targetedPropertyDamage === 'yes',
    hateMotivated: hate.hateIncident,
    immediateDanger: report.safety.immediateDangerAtStart,
    riskLevel,
    flags,
  };

  // Routing: the first matching rule that names a team decides the team; every match adds its priority.
  let teamId: string | undefined;
  let priority: Priority = known ? pack.routing.defaultPriority : 'high';
  for (const rule of pack.routing.rules) {
    if (!holds(rule.when, facts)) continue;
    rules.push(rule.id);
    reasons.push({ text: rule.reason, source: rule.source });
    if (teamId === undefined && rule.teamId !== undefined) teamId = rule.teamId;
    if (rule.priority !== undefined && PRIORITY_ORDER[rule.priority] > PRIORITY_ORDER[priority]) priority = rule.priority;
  }
  if (teamId === undefined) {
    teamId = pack.routing.defaultTeamId;
    reasons.push({ text: pack.routing.defaultReason, source: pack.routing.source });
  }
  const team = pack.teams.find((t) => t.id === teamId);
  if (!team) throw new Error(`pack ${pack.id} routes to unknown team "${teamId}"`);

  // Scope (OVH 1.5.1): out-of-scope tenures are signposted unless the alleged perpetrator is our tenant.
  let disposition: TriageResult['disposition'] = 'case';
  const tenure = report.tenure === undefined ? undefined : pack.tenures.find((t) => t.id === report.tenure);
  if (tenure && !tenure.inScope) {
    if (pack.outOfScope.acceptWhenPerpetratorIsTenant && report.perpetrator.isOurTenant === 'yes') {
      reasons.push({ text: `The reporter's tenure (${tenure.id}) is out of scope, but the alleged perpetrator is our tenant, so the report is accepted.`, source: pack.outOfScope.source });
    } else {
      disposition = 'signposted';
      reasons.push({ text: `The reporter's tenure (${tenure.id}) is out of scope, so they were signposted to other help and no case was opened.`, source: tenure.source });
    }
  }

  // Service standards, in working days, for the team the case went to, when the reporter can be contacted.
  let firstResponseDue: Date | undefined;
  let appointmentOfferDue: Date | undefined;
  const contactable = report.anonymity !== 'anonymous';
  if (disposition === 'case') {
    for (const standard of pack.serviceStandards) {
      if (standard.teamIds && !standard.teamIds.includes(team.id)) continue;
      const what = standard.id === 'firstResponse' ? 'Respond to the reporter' : 'Offer a face-to-face appointment';
      if (standard.requiresContact && !contactable) {
        reasons.push({ text: `${what}: not possible, the report is anonymous.`, source: standard.source });
        continue;
      }
      const due = addWorkingDays(now, standard.workingDays, pack.calendar);
      if (standard.id === 'firstResponse') firstResponseDue = due;
      else appointmentOfferDue = due;
      reasons.push({ text: `${what} within ${plural(standard.workingDays, 'working day')}: by ${localDate(due, pack.calendar.timeZone)}.`, source: standard.source });
    }
  }

  const helplineIds = pack.helplines.filter((h) => h.forKinds?.includes(kind)).map((h) => h.id);
  // Plus those of the category response the person was shown (OVH 1.5.2.3: drugs → police, Crimestoppers).
  for (const response of pack.categoryResponses) {
    if (response.categoryId !== category.id || (response.subcategoryId !== undefined && response.subcategoryId !== subcategoryId)) continue;
    for (const id of response.helplineIds) if (!helplineIds.includes(id)) helplineIds.push(id);
  }
  if (disposition === 'signposted') {
    for (const id of pack.outOfScope.helplineIds) if (!helplineIds.includes(id)) helplineIds.push(id);
  }

  return {
    disposition,
    categoryKind: kind,
    teamId: team.id,
    teamKey: team.key,
    priority,
    reasons,
    rules,
    ...(firstResponseDue ? { firstResponseDue } : {}),
    ...(appointmentOfferDue ? { appointmentOfferDue } : {}),
    flags,
    risk: { level: riskLevel, ...(dash ? { dash } : {}), ...(harm ? { harm } : {}), hateIncident: hate.hateIncident, harassmentCourseOfConduct: harassment.courseOfConduct },
    helplineIds,
  };
}
