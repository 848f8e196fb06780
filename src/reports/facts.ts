// What a case adds to the report's counts per day, pure. Each counted thing is a fact with a key of its own
// (opened, first responded, closed, a closure undone by a reopening, the closing survey sent or answered), so that a
// fact applied twice (a retry, two instances at once) is counted once. A fact's amounts go to its local day,
// under the case's kind and each breakdown (every team, channel, priority and category): the report sums
// days and never reads a case. The formulas built on these counts are in docs/reporting.md.
import type { CaseSnapshot, CaseStatus } from '../cases/case.repository';
import type { CategoryKind } from '../policy/pack.schema';
import { localDate } from '../policy/working-days';
import { daysBetween } from './periods';

export interface CountingRules {
  timeZone: string;
  /** First responses within this many clock hours count as in time (OVH 5.2: 24). */
  responseHours: number;
}

/** One counted thing: its amounts added once (by key) to one day's counts, at `<kind>.<breakdown>.<metric>`. */
export interface Fact {
  key: string;
  day: string;
  inc: Record<string, number>;
}

/** The TSM's five answers to a satisfaction question, and "don't know / not applicable". */
export const SATISFACTION_ANSWERS = ['very_satisfied', 'fairly_satisfied', 'neither', 'fairly_dissatisfied', 'very_dissatisfied', 'dont_know'] as const;
export type SatisfactionAnswer = (typeof SATISFACTION_ANSWERS)[number];

/** The names counts are kept under. A breakdown is `all`, `team:<id>`, `ch:<channel>`, `pri:<priority>` or `cat:<category>[/<sub>]`. */
export const METRIC = {
  /** A case opened (not a further report, not signposted). */
  opened: 'opened',
  anonymous: 'anonymous',
  /** A further report about a party whose case was open: not a new case (TSM NM01). */
  further: 'further',
  /** A report triage signposted elsewhere (out of scope): recorded and closed, not an ASB case (NM01). */
  signposted: 'signposted',
  /** A case opened with a hate element; `hate:<strand+strand>` or `hate:none` when no strand was said. */
  hate: (strands: string) => `hate:${strands}`,
  /** A case someone can be responded to (not anonymous): the first-response measure's denominator. */
  due: 'due',
  responded: 'responded',
  inTime: 'inTime',
  responseHours: 'responseHours',
  /** Closed with this outcome, and the calendar days from receipt it took. */
  closed: (outcome: string) => `closed:${outcome}`,
  closedDays: (outcome: string) => `days:${outcome}`,
  reopened: 'reopened',
  surveySent: 'surveySent',
  surveyAnswered: 'surveyAnswered',
  approach: (answer: SatisfactionAnswer) => `approach:${answer}`,
  outcomeAnswer: (answer: SatisfactionAnswer) => `outcome:${answer}`,
} as const;

export type CountedAs = 'case' | 'further' | 'signposted';

export interface ClosureCounted {
  key: string;
  at: Date;
  day: string;
  outcome: string;
  days: number;
  teamId: string;
  priority: string;
}

/** Where a case stands in the counts, and the row behind the figures (no personal data: no name, no words). */
export interface CaseLedger {
  caseId: string;
  landlordId: string;
  reference: string;
  /** The case revision last counted: an older snapshot arriving late changes nothing. */
  revision: number;
  receivedAt: Date;
  receivedDay: string;
  countedAs: CountedAs;
  furtherReportOf?: string;
  kind: CategoryKind;
  category: string;
  channel: string;
  teamAtOpening: string;
  priorityAtOpening: string;
  anonymous: boolean;
  /** `race+religionOrBelief`, `none` when no strand was said; absent without a hate element. */
  hate?: string;
  respondedAt?: Date;
  responseHours?: number;
  closure?: ClosureCounted;
  reopened: number;
  status: CaseStatus;
  surveySent?: boolean;
  /** The closing survey's answers, once it was answered (the case-level export shows them). */
  surveyAnswered?: { approach?: SatisfactionAnswer; outcome?: SatisfactionAnswer };
  /** Who may see the row's reference: the case's scope now. */
  scope: { teamId: string; highRisk: boolean; identityAccess: CaseSnapshot['identityAccess'] };
  /** Facts written down before they are applied, so a crash between the two is finished by the next write. */
  pending: Fact[];
}

export const dayOf = (at: Date, rules: Pick<CountingRules, 'timeZone'>): string => localDate(at, rules.timeZone);

const categoryOf = (s: Pick<CaseSnapshot, 'category'>) => (s.category.subcategoryId ? `${s.category.id}/${s.category.subcategoryId}` : s.category.id);

/** The paths a fact's metrics go to: the case's kind, everything and each breakdown. */
export function breakdowns(kind: string, parts: { teamId?: string; channel?: string; priority?: string; category?: string }): string[] {
  return [
    'all',
    ...(parts.teamId ? [`team:${parts.teamId}`] : []),
    ...(parts.channel ? [`ch:${parts.channel}`] : []),
    ...(parts.priority ? [`pri:${parts.priority}`] : []),
    ...(parts.category ? [`cat:${parts.category}`] : []),
  ].map((b) => `${kind}.${b}`);
}

function fact(key: string, day: string, paths: string[], metrics: Record<string, number>): Fact {
  const inc: Record<string, number> = {};
  for (const path of paths) for (const [metric, amount] of Object.entries(metrics)) if (amount !== 0) inc[`${path}.${metric}`] = amount;
  return { key, day, inc };
}

const openingPaths = (l: CaseLedger) => breakdowns(l.kind, { teamId: l.teamAtOpening, channel: l.channel, priority: l.priorityAtOpening, category: l.category });
const closurePaths = (l: CaseLedger, c: ClosureCounted) => breakdowns(l.kind, { teamId: c.teamId, channel: l.channel, priority: c.priority, category: l.category });

function countedAs(s: CaseSnapshot): CountedAs {
  if (s.triage.disposition === 'signposted') return 'signposted';
  return s.furtherReportOf ? 'further' : 'case';
}

function hateOf(s: CaseSnapshot): string | undefined {
  if (!s.risk.hateIncident) return undefined;
  const strands = [...new Set(s.category.hateMotivations)].sort();
  return strands.length ? strands.join('+') : 'none';
}

function scopeOf(s: CaseSnapshot): CaseLedger['scope'] {
  return { teamId: s.teamId, highRisk: s.risk.level === 'high' || s.triage.flags.marac || s.priority === 'urgent', identityAccess: s.identityAccess };
}

function opening(s: CaseSnapshot, rules: CountingRules): CaseLedger {
  const receivedAt = s.deadlines?.receivedAt ?? s.createdAt;
  return {
    caseId: s.id,
    landlordId: s.landlordId,
    reference: s.reference,
    revision: -1,
    receivedAt,
    receivedDay: dayOf(receivedAt, rules),
    countedAs: countedAs(s),
    ...(s.furtherReportOf ? { furtherReportOf: s.furtherReportOf } : {}),
    kind: s.category.kind,
    category: categoryOf(s),
    channel: s.channel,
    teamAtOpening: s.teamId,
    priorityAtOpening: s.priority,
    anonymous: s.anonymity === 'anonymous',
    ...(hateOf(s) ? { hate: hateOf(s) } : {}),
    reopened: 0,
    status: s.status,
    scope: scopeOf(s),
    pending: [],
  };
}

function openedFact(l: CaseLedger): Fact {
  const metrics: Record<string, number> =
    l.countedAs === 'case'
      ? { [METRIC.opened]: 1, [METRIC.anonymous]: l.anonymous ? 1 : 0, [METRIC.due]: l.anonymous ? 0 : 1, ...(l.hate ? { [METRIC.hate(l.hate)]: 1 } : {}) }
      : { [l.countedAs === 'further' ? METRIC.further : METRIC.signposted]: 1 };
  return fact(`${l.caseId}:opened`, l.receivedDay, openingPaths(l), metrics);
}

function closureMetrics(c: ClosureCounted, sign: 1 | -1): Record<string, number> {
  return { [METRIC.closed(c.outcome)]: sign, [METRIC.closedDays(c.outcome)]: sign * c.days };
}

/**
 * The facts a case's latest snapshot adds to what was counted before (`before`), and where the case then
 * stands. Opened, responded and closed are counted once each; a closure undone (the case reopened, or closed
 * again at another time) is taken back from the day it was counted on, and the reopening counted on its day.
 */
export function reconcile(s: CaseSnapshot, before: CaseLedger | undefined, rules: CountingRules): { facts: Fact[]; next: CaseLedger } {
  const base = before ?? opening(s, rules);
  const facts: Fact[] = before ? [] : [openedFact(base)];
  const next: CaseLedger = { ...base, reference: s.reference, revision: s.revision, status: s.status, scope: scopeOf(s), pending: [] };

  const respondedAt = s.sla.firstRespondedAt;
  if (respondedAt && !base.respondedAt) {
    const hours = Math.max(0, (respondedAt.getTime() - base.receivedAt.getTime()) / 3_600_000);
    next.respondedAt = respondedAt;
    next.responseHours = Math.round(hours * 10) / 10;
    if (base.countedAs === 'case' && !base.anonymous) {
      facts.push(fact(`${s.id}:responded`, base.receivedDay, openingPaths(base), { [METRIC.responded]: 1, [METRIC.inTime]: hours <= rules.responseHours ? 1 : 0, [METRIC.responseHours]: next.responseHours }));
    }
  }

  const closedAt = s.status === 'closed' ? (s.sla.closedAt ?? s.updatedAt) : undefined;
  const closureKey = closedAt && base.countedAs === 'case' ? `${s.id}:closed:${closedAt.getTime()}` : undefined;
  if (base.closure && base.closure.key !== closureKey) {
    const undone = base.closure;
    facts.push(fact(`${undone.key}:undone`, undone.day, closurePaths(base, undone), closureMetrics(undone, -1)));
    facts.push(fact(`${undone.key}:reopened`, dayOf(s.updatedAt, rules), closurePaths(base, undone), { [METRIC.reopened]: 1 }));
    delete next.closure;
    next.reopened = base.reopened + 1;
  }
  if (closureKey && closedAt && base.closure?.key !== closureKey) {
    const day = dayOf(closedAt, rules);
    const closure: ClosureCounted = { key: closureKey, at: closedAt, day, outcome: s.outcome ?? 'unknown', days: daysBetween(base.receivedDay, day), teamId: s.teamId, priority: s.priority };
    next.closure = closure;
    facts.push(fact(closureKey, day, closurePaths(next, closure), closureMetrics(closure, 1)));
  }
  facts.push(...surveyFacts(s, base, next, rules));
  return { facts, next };
}

/** The breakdowns a survey about this case counts under: the team and priority it closed with. */
function surveyPaths(l: CaseLedger): string[] {
  return l.closure ? closurePaths(l, l.closure) : breakdowns(l.kind, { teamId: l.scope.teamId, channel: l.channel, priority: l.priorityAtOpening, category: l.category });
}

const answer = (text: string | undefined): SatisfactionAnswer | undefined => (SATISFACTION_ANSWERS as readonly string[]).includes(text ?? '') ? (text as SatisfactionAnswer) : undefined;

/** The closing survey: counted on the day it went and on the day it was answered, once each. */
function surveyFacts(s: CaseSnapshot, l: CaseLedger, next: CaseLedger, rules: CountingRules): Fact[] {
  const survey = s.survey;
  if (!survey || l.countedAs !== 'case') return [];
  const facts: Fact[] = [];
  if (survey.sentAt && !l.surveySent) {
    next.surveySent = true;
    facts.push(fact(`${s.id}:survey:sent`, dayOf(survey.sentAt, rules), surveyPaths(next), { [METRIC.surveySent]: 1 }));
  }
  if (survey.answeredAt && !l.surveyAnswered) {
    const approach = answer(survey.approach);
    const outcome = answer(survey.outcome);
    next.surveyAnswered = { ...(approach ? { approach } : {}), ...(outcome ? { outcome } : {}) };
    facts.push(
      fact(`${s.id}:survey:answered`, dayOf(survey.answeredAt, rules), surveyPaths(next), {
        [METRIC.surveyAnswered]: 1,
        ...(approach ? { [METRIC.approach(approach)]: 1 } : {}),
        ...(outcome ? { [METRIC.outcomeAnswer(outcome)]: 1 } : {}),
      }),
    );
  }
  return facts;
}
