// Triage: a pure function from a report, the landlord's policy pack and the time it arrived to the team,
// priority, due dates and flags, with a readable reason (and the policy section) for every rule that fired.
// The reasons' words live in locales/<lng>/triage.json; the caller passes the translate function for the
// staff's language, so triage stays pure (no i18next here). Reasons the pack supplies are its own words.
import type { ReportDraft } from '../../dialogs/shared/report';
import { PRIORITY_RANK, type CategoryKind, type Condition, type PolicyPack, type Priority } from '../policy/pack.schema';
import type { Deadlines } from './deadlines';
import type { DashNamedFlag } from '../../dialogs/shared/risk-instruments';
import { countRepeats, type EarlierReport } from './repeats';
import { responsesFor, type Task } from './responses';
import { hateCrimeFlags, harassmentFlags, levelAtLeast, type DashScore, type HarmScore, type MaracCriterion, type RiskLevel } from './risk';
import { scopeDisposition, urgentFloor, youngReporter } from './safety-triage';
import { deadlinesWithReasons } from './triage-deadlines';
import { assessRisk } from './triage-risk';

export interface TriageHistory {
  /** Earlier reports about the same victim, problem or place (found by keyed lookup), this one not included. */
  earlier: EarlierReport[];
  /** This conversation's case is already open (opened early as urgent): triage never closes it. */
  caseAlreadyOpen?: boolean;
}

/** Renders a `triage:` key with its parameters (i18next interpolation and plurals on `count`). */
export type Translate = (key: string, params?: Record<string, unknown>) => string;

export interface TriageOptions {
  /** For the language staff read (English today); no default, so no caller can forget the words. */
  t: Translate;
}

export interface TriageReason {
  /** The `triage:` key the text was rendered from; absent when the text is the policy pack's own words. */
  key?: string;
  /** Its parameters, kept so the reason can be rendered again in another language. */
  params?: Record<string, string | number>;
  text: string;
  source: string;
}

export interface TriageFlags {
  marac: boolean;
  /** The SafeLives MARAC criteria met: visibleHighRisk, professionalJudgement, potentialEscalation, repeatMarac. */
  maracCriteria: MaracCriterion[];
  /** Dash answers staff see by name: strangulation, threatsToKill, stalking, separation. */
  riskIndicators: DashNamedFlag[];
  repeatVictim: boolean;
  childAtRisk: boolean;
  /** The person reporting is under 18 (a child in law): child safeguarding, Childline given, no adult Dash. */
  childSafeguarding?: boolean;
  adultAtRisk: boolean;
  /** The pack's Community Trigger count is reached: the victim is told of the ASB Case Review and staff alerted. */
  communityTriggerCandidate: boolean;
}

export interface TriageResult {
  /** `signposted`: out of the policy's scope; the person is pointed elsewhere and no case is opened. */
  disposition: 'case' | 'signposted';
  categoryKind: CategoryKind;
  teamId: string;
  teamKey: string;
  priority: Priority;
  /** Sorts a queue by priority: 1 urgent, 2 high, 3 normal (PRIORITY_RANK). */
  priorityRank: number;
  reasons: TriageReason[];
  /** Ids of the rules that fired, in pack order. */
  rules: string[];
  /** When the clock started and what is due when (absent on a signposted report). */
  deadlines?: Deadlines;
  /** The first response (or, when anonymous, first action) due: `deadlines.firstResponse.due`. */
  firstResponseDue?: Date;
  appointmentOfferDue?: Date;
  flags: TriageFlags;
  risk: { level: RiskLevel; dash?: DashScore; harm?: HarmScore; hateIncident: boolean; harassmentCourseOfConduct: boolean };
  helplineIds: string[];
  /** Work the pack asks of staff (OVH 1.5.2.3: pass drugs information to the police; SLH: repairs). */
  tasks: Task[];
  /** `policy:` keys said to the reporter after they send the report (the pack's `notices`). */
  noticeKeys: string[];
  /** Alerts for staff to acknowledge, in their words (the Community Trigger, OVH 3.9.4). */
  alerts: { type: string; key: string; text: string }[];
}

const TASK_REASON: Record<Task['id'], string> = {
  passToPolice: 'triage:reason.task.passToPolice',
  reviewEvidence: 'triage:reason.task.reviewEvidence',
  checkPoliceEngagement: 'triage:reason.task.checkPoliceEngagement',
  repairs: 'triage:reason.task.repairs',
};

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
  if (when.communityTrigger && !f.flags.communityTriggerCandidate) return false;
  if (when.riskIndicatorsAny && !when.riskIndicatorsAny.some((id) => f.flags.riskIndicators.includes(id))) return false;
  return true;
}

export function triage(report: ReportDraft, pack: PolicyPack, now: Date, history: TriageHistory, options: TriageOptions): TriageResult {
  const reasons: TriageReason[] = [];
  const because = (key: string, source: string, params?: Record<string, string | number>): void => {
    reasons.push({ key, ...(params ? { params } : {}), text: options.t(key, params), source });
  };
  // A category the pack does not know (a dialog and pack out of step, or a person who never chose one)
  // must not lose the report: it is kept as ASB, at high priority, for a person to re-triage.
  const known = pack.categories.find((c) => c.id === report.incident.categoryId);
  const category = known ?? { id: report.incident.categoryId, kind: 'asb' as const, subcategories: [] as { id: string }[] };
  if (!known) {
    because('triage:reason.unknownCategory', 'policy pack categories (default: never lose a report)', { categoryId: report.incident.categoryId });
  }
  const kind = category.kind;
  // An unknown subcategory is a mismatch between dialog and pack; it must not lose the report.
  let subcategoryId = report.incident.subcategoryId;
  if (subcategoryId !== undefined && !category.subcategories.some((s) => s.id === subcategoryId)) {
    because('triage:reason.unknownSubcategory', 'policy pack categories', { subcategoryId });
    subcategoryId = undefined;
  }
  const rules: string[] = [];

  // Risk: the Dash checklist (or the score a professional already has) with the MARAC criteria; the pack's matrix.
  const repeats = countRepeats(history.earlier, now, pack);
  const { dash, harm, level: riskLevel } = assessRisk(report, pack, repeats, because);
  const maracSaid = report.reporter.maracReferral === true;
  const hate = hateCrimeFlags(report, kind);
  const harassment = harassmentFlags(report, kind);

  // Flags.
  const flags: TriageFlags = {
    marac: dash?.marac === true || maracSaid,
    maracCriteria: dash?.criteria ?? [],
    riskIndicators: dash?.namedFlags ?? [],
    repeatVictim: repeats.aboutVictim >= pack.repeatVictim.priorReportsAtLeast || report.vulnerability.harm?.['repeatTarget'] === 'yes',
    childSafeguarding: youngReporter(report, because),
    childAtRisk: report.vulnerability.childrenInvolved === 'yes',
    adultAtRisk: report.vulnerability.vulnerableAdultInvolved === 'yes',
    // The ASB Case Review is for anti-social behaviour (2014 Act): domestic abuse goes to MARAC instead.
    communityTriggerCandidate: kind !== 'domestic_abuse' && repeats.forCommunityTrigger >= pack.communityTrigger.reportsAtLeast,
  };
  if (maracSaid) because('triage:reason.maracReferral', 'OVH 2.6 (reports raised by MARAC) and 3.7.3');
  if (flags.repeatVictim) {
    if (repeats.aboutVictim > 0) because('triage:reason.repeatVictimReports', pack.repeatVictim.source, { count: repeats.aboutVictim, months: pack.repeatVictim.windowMonths });
    else because('triage:reason.repeatVictimSaid', pack.repeatVictim.source);
  }
  if (flags.communityTriggerCandidate) {
    because('triage:reason.communityTrigger', pack.communityTrigger.source, {
      number: repeats.forCommunityTrigger,
      months: pack.communityTrigger.windowMonths,
      threshold: pack.communityTrigger.reportsAtLeast,
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
  priority = urgentFloor(report, kind, priority, because, options.t);

  // Scope (OVH 1.5.1) and reports finished early: nothing that needs a person is closed unseen.
  const disposition = scopeDisposition(report, pack, { kind, priority, riskLevel, flags, caseAlreadyOpen: history.caseAlreadyOpen === true }, because);

  // Deadlines for the priority (OVH 3.2.4 and the pack's defaults), with the reasons staff read.
  const deadlines = disposition === 'case' ? deadlinesWithReasons(report, pack, now, priority, team.id, because) : undefined;

  const responses = responsesFor(report, pack, { kind, categoryId: category.id, subcategoryId, signposted: disposition === 'signposted' });
  for (const form of responses.childSafeguarding) {
    flags.childAtRisk = true;
    because('triage:reason.childSafeguardingForm', form.source, { form: form.formId });
  }
  // OVH 1.5.3.1: forced marriage and FGM are acted on the same day, with the specialist service, never through the family.
  const alertForms = responses.alertForms.map((form) => options.t(form.key));
  for (const [i, form] of responses.alertForms.entries()) because('triage:reason.abuseFormAlert', form.source, { form: alertForms[i]! });
  for (const task of responses.tasks) because(TASK_REASON[task.id], task.source);
  // OVH 3.9.4: the Community Trigger count reached is for staff to act on, not only a flag.
  const alerts = flags.communityTriggerCandidate && disposition === 'case' ? [{ type: 'community_trigger', key: 'triage:alert.communityTrigger', text: options.t('triage:alert.communityTrigger') }] : [];
  if (alertForms.length > 0) alerts.push({ type: 'abuse_form', key: 'triage:alert.abuseForm', text: options.t('triage:alert.abuseForm', { forms: alertForms.join(', ') }) });
  const noticeKeys = pack.notices.filter((n) => n.when === undefined || holds(n.when, facts)).map((n) => n.key);

  return {
    disposition,
    categoryKind: kind,
    teamId: team.id,
    teamKey: team.key,
    priority,
    reasons,
    rules,
    priorityRank: PRIORITY_RANK[priority],
    ...(deadlines ? { deadlines, firstResponseDue: deadlines.firstResponse.due } : {}),
    ...(deadlines?.appointmentOffer ? { appointmentOfferDue: deadlines.appointmentOffer.due } : {}),
    flags,
    risk: { level: riskLevel, ...(dash ? { dash } : {}), ...(harm ? { harm } : {}), hateIncident: hate.hateIncident, harassmentCourseOfConduct: harassment.courseOfConduct },
    helplineIds: responses.helplineIds,
    tasks: responses.tasks,
    noticeKeys,
    alerts,
  };
}
