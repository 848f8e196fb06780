// Safety rules of the intake that cut across its sections, as pure functions of the context: what a correction
// leaves behind, who is asked their age and offered the adult checklist, and when staff must see the report
// before the person finishes (the urgent case).
import type { EmittedEvent } from '../shared/contract';
import { urgentIndicators } from '../shared/urgency';
import { kindOf, type FieldName, type IntakeContext } from './intake.context';
import { buildReport, referralApplies } from './intake.report';
import { ASB_HARM_QUESTIONS } from '../shared/risk-instruments';

type Update = Partial<IntakeContext>;

/** The matrix's questions with their wording keys, in the pack's order (absent: the intake's nine). */
function matrixQuestions(context: Pick<IntakeContext, 'policy'>): { id: string; key: string; askWitness: boolean }[] {
  const pack: { id: string; askWitness: boolean; key?: string }[] = context.policy.harmQuestions ?? ASB_HARM_QUESTIONS.map((q) => ({ id: q.id, askWitness: false }));
  return pack.map((q) => ({ id: q.id, key: q.key ?? `risk:harm.${q.id}`, askWitness: q.askWitness }));
}

/**
 * The matrix questions to ask this reporter (OVH 3.7.3; the pack's `risk.matrix`), in the pack's order: the person
 * harmed gets every question the pack has, the landlord's own among them; a witness those it marks `askWitness`;
 * someone reporting for another or a professional, none (they are not the one at risk, and the questions are in
 * the first person).
 */
export function harmQuestionsFor(context: IntakeContext): string[] {
  const role = context.fields['reporter.role'] ?? 'victim';
  if (role === 'victim') return matrixQuestions(context).map((q) => q.id);
  if (role === 'witness' && context.policy.harmQuestions !== undefined) return matrixQuestions(context).filter((q) => q.askWitness).map((q) => q.id);
  return [];
}

/** The next matrix question to ask: the first of this reporter's not yet answered (or skipped); null when none is left. */
export function nextHarmQuestion(context: IntakeContext): { id: string; key: string } | null {
  const ids = harmQuestionsFor(context);
  const next = matrixQuestions(context).find((q) => ids.includes(q.id) && context.harm[q.id] === undefined);
  return next ? { id: next.id, key: next.key } : null;
}

/** A question of the matrix by id, with its wording key (going back to it, or a stored conversation brought up to date). */
export function harmQuestion(context: Pick<IntakeContext, 'policy'>, id: string): { id: string; key: string } | null {
  const found = matrixQuestions(context).find((q) => q.id === id);
  return found ? { id: found.id, key: found.key } : null;
}

/** What the trail holds for one matrix question (what "back" and help read): `askingHarm_<id>`. */
export const harmTrailId = (id: string) => `askingHarm_${id}`;
/** The matrix question a trail entry names, or undefined when it names none. */
export const harmIdOf = (entry: string | undefined) => (entry?.startsWith('askingHarm_') ? entry.slice('askingHarm_'.length) : undefined);

/** "Back" to a matrix question (the trail's entry before this one): it is asked again. */
export function backToHarm(context: IntakeContext): Update {
  const id = harmIdOf(context.trail[context.trail.length - 2]);
  return { harmAsking: id === undefined ? context.harmAsking : harmQuestion(context, id), trail: context.trail.slice(0, -2) };
}

/**
 * After a correction the report is recomputed for the path the person is on now: answers that belong only to
 * a role or a category they have left (the Dash checklist of a domestic-abuse report corrected to noise, the
 * organisation of a professional corrected to a victim) are cleared, with the flags they raised.
 */
export function forgetAbandonedPath(context: IntakeContext): Update {
  const fields = { ...context.fields };
  const drop = (...names: FieldName[]) => names.forEach((name) => delete fields[name]);
  const role = fields['reporter.role'];
  const kind = kindOf(context.policy, fields['incident.categoryId']);
  if (role !== 'third_party') drop('reporter.relationship');
  if (role !== 'professional') drop('reporter.organisation', 'reporter.professionalRole', 'reporter.maracReferral');
  if (role !== 'third_party' && role !== 'professional') drop('victim.knowsAboutReport', 'victim.consentGiven', 'victim.name', 'victim.safeContact');
  if (kind !== 'domestic_abuse') drop('incident.domesticAbuseForms');
  else drop('incident.targetedPropertyDamage');
  if (role === 'professional') drop('reporter.ageBand');
  // The checklist is worded to the person harmed in domestic abuse; the matrix to the rest, a witness keeping the
  // answers to the questions that fit a witness.
  const dash = dashApplies({ ...context, fields });
  const harmAsked = kind === 'domestic_abuse' ? [] : harmQuestionsFor({ ...context, fields });
  const harm = Object.fromEntries(Object.entries(context.harm).filter(([id]) => harmAsked.includes(id)));
  if (!dash) drop('risk.dashDeferred');
  if (!referralApplies({ ...context, fields })) drop(...REFERRAL_FIELDS);
  return { fields, dash: dash ? context.dash : {}, dashCompleted: dash && context.dashCompleted, harm };
}

/** What a professional referring domestic abuse told us of their own assessment (OVH 2.6). */
const REFERRAL_FIELDS = ['risk.referralAsked', 'risk.referralDashYesCount', 'risk.referralLevel', 'risk.referralJudgement', 'risk.policeCallOuts', 'risk.previousMarac'] as const;

const isUnder18 = (context: IntakeContext) => ['under16', '16to17'].includes(context.fields['reporter.ageBand'] ?? '');

/**
 * The adult Dash checklist is for the person harmed in domestic abuse, aged 18 or over (or who did not say): a
 * child or young person's risk is assessed by a person, with the young people's checklist (docs/children-and-young-people.md).
 */
export function dashApplies(context: IntakeContext): boolean {
  return context.fields['reporter.role'] === 'victim' && kindOf(context.policy, context.fields['incident.categoryId']) === 'domestic_abuse' && !isUnder18(context);
}

/**
 * Whether to ask how old the person reporting is: only once, never of a professional, and only where it matters:
 * abuse at home or words that sound young once we know what it is about, or later a child affected where there is
 * violence (the person reporting may be that child). Reporting for someone else, only when the words sound young
 * or it is abuse in their own family (a child telling us about their mum).
 */
export function asksAge(context: IntakeContext, when: 'atWhat' | 'childHarmed'): boolean {
  const f = context.fields;
  const role = f['reporter.role'];
  if (f['reporter.ageBand'] !== undefined || role === 'professional' || role === undefined) return false;
  const abuseAtHome = kindOf(context.policy, f['incident.categoryId']) === 'domestic_abuse';
  // Someone reporting for another: a child telling us about their mum is "someone I know", family.
  if (role === 'third_party') return when === 'atWhat' && (context.hints.young === true || (abuseAtHome && f['reporter.relationship'] === 'family'));
  if (when === 'atWhat') return abuseAtHome || context.hints.young === true;
  return f['vulnerability.childrenInvolved'] === 'yes' && (f['incident.violenceOrThreats'] === 'yes' || f['incident.dangerRemaining'] === 'yes');
}

/** FNV-1a of the report: the urgent case is updated only when what it would hold has changed. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(16);
}

/**
 * The urgent case: opened the moment the answers show high risk, even if the person never finishes, and kept
 * up to date with every later answer (the same case: the effect is idempotent by the session). Danger now at
 * the very first question gets 999 guidance, which is the answer to it; once the report says what it is about,
 * danger now opens the case too.
 */
export function syncUrgent(context: IntakeContext): { update?: Update; effect?: EmittedEvent } {
  const report = buildReport(context);
  const kind = kindOf(context.policy, context.fields['incident.categoryId']);
  const indicators = urgentIndicators(report, kind).filter((id) => id !== 'immediateDanger' || kind !== undefined);
  if (context.urgent === null && indicators.length === 0) return {};
  const hash = fingerprint(JSON.stringify(report));
  if (context.urgent?.hash === hash) return {};
  const known = context.urgent?.indicators ?? [];
  return {
    update: { urgent: { ...context.urgent, indicators: [...known, ...indicators.filter((id) => !known.includes(id))], hash } },
    effect: { type: 'effect', effect: { kind: 'openUrgentCase', key: `${context.sessionId}:urgent`, report } },
  };
}
