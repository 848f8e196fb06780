// Safety rules of the intake that cut across its sections, as pure functions of the context: what a correction
// leaves behind, who is asked their age and offered the adult checklist, and when staff must see the report
// before the person finishes (the urgent case).
import type { EmittedEvent } from '../shared/contract';
import { urgentIndicators } from '../shared/urgency';
import { kindOf, type FieldName, type IntakeContext } from './intake.context';
import { buildReport } from './intake.report';
import { ASB_HARM_QUESTIONS } from '../shared/risk-instruments';

type Update = Partial<IntakeContext>;

/**
 * The matrix questions to ask this reporter (OVH 3.7.3; the pack's `risk.matrix`): the person harmed gets every
 * question the pack has; a witness those it marks `askWitness`; someone reporting for another or a professional,
 * none (they are not the one at risk, and the questions are in the first person).
 */
export function harmQuestionsFor(context: IntakeContext): string[] {
  const role = context.fields['reporter.role'] ?? 'victim';
  const pack = context.policy.harmQuestions;
  const all = ASB_HARM_QUESTIONS.map((q) => q.id as string);
  if (role === 'victim') return pack === undefined ? all : all.filter((id) => pack.some((q) => q.id === id));
  if (role === 'witness') return pack === undefined ? [] : all.filter((id) => pack.some((q) => q.id === id && q.askWitness));
  return [];
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
  // The checklist is worded to the person harmed in domestic abuse; the harm questions to victims of the rest.
  const dash = dashApplies({ ...context, fields });
  const harmApplies = role === 'victim' && kind !== 'domestic_abuse';
  if (!dash) drop('risk.dashDeferred');
  return { fields, dash: dash ? context.dash : {}, dashCompleted: dash && context.dashCompleted, harm: harmApplies ? context.harm : {} };
}

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
