// What the intake says and the work it asks for: pure functions of the context (and event) returning the
// lines (`say`, i18n keys only) and effects to emit. `intake.setup.ts` gives each a name.
import type { DialogEvent, EmittedEvent, PromptSpec } from '../shared/contract';
import { DASH_HIGH_RISK_YES_COUNT } from '../shared/risk-instruments';
import { asParam, categoryOf, categoryResponseFor, dashYesCount, isDiscreet, isNoiseId, type IntakeContext } from './intake.context';
import { buildReport } from './intake.report';
import type { PickList } from './intake.record';

const say = (key: string, params?: PromptSpec['params']): EmittedEvent => ({ type: 'say', prompt: { key, ...(params ? { params } : {}) } });

/** Help for the question being asked, then the list of words that work everywhere. */
export function help(context: IntakeContext): EmittedEvent[] {
  const current = context.trail[context.trail.length - 1];
  return [say(current ? `intake:${current.split('_')[0]}.help` : 'intake:help.general'), say('common:help.prompt')];
}

/** What a pick-several question has recorded so far, in words. */
export function readBack(context: IntakeContext, params: PickList): EmittedEvent {
  const picked = (context.fields[params.field] ?? []) as string[];
  const keys = picked.flatMap((id) => context[params.choices].filter((c) => c.id === id).map((c) => c.key));
  return { type: 'say', prompt: { key: 'intake:picked.readBack', lists: { picked: keys } } };
}

/**
 * A form of domestic abuse with its own specialist help (forced marriage, honour-based abuse, FGM: the pack's
 * `helplineIds`, OVH 1.5.3.1): its line as soon as the person picks it, not only after the report is sent.
 */
export function formHelplines(context: IntakeContext, event: DialogEvent): EmittedEvent[] {
  if (isDiscreet(context) || event.type !== 'user.message') return [];
  const picked = event.choices ?? (event.choice !== undefined ? [event.choice] : []);
  const ids = context.policy.domesticAbuseForms.filter((f) => picked.includes(f.id)).flatMap((f) => f.helplineIds ?? []);
  return [...new Set(ids)].map((id) => say(`policy:helpline.${id}`));
}

/**
 * The pack's support at the first report (SLH Objectives: "provide support at the point where anti-social behaviour
 * is first reported"), said once the safety questions are answered. It names a victims' service: in discreet mode
 * staff give it at the safe time instead.
 */
export function supportOnFirstReport(context: IntakeContext): EmittedEvent[] {
  const key = context.policy.supportOnFirstReportKey;
  return key === undefined || isDiscreet(context) ? [] : [say(key)];
}

export function categoryResponse(context: IntakeContext): EmittedEvent {
  return say(categoryResponseFor(context)?.key ?? 'intake:categoryResponse.none');
}

/**
 * The pack's evidence app (OVH 1.5.2.3: the Noise App), offered where the pack's response for this subcategory is to
 * ask for evidence (`request_evidence`), whatever the pack calls it. A response with no action (a conversation begun
 * before packs had one) offers it for a subcategory named for noise, as then.
 */
export function evidenceApp(context: IntakeContext): EmittedEvent[] {
  const app = context.policy.evidenceApp;
  const response = categoryResponseFor(context);
  const wanted =
    response?.action !== undefined
      ? response.action === 'request_evidence'
      : isNoiseId(context.fields['incident.subcategoryId']) || isNoiseId(context.fields['incident.categoryId']);
  return app && wanted ? [say('intake:askingEvidence.noiseApp', { app: app.name, url: app.url })] : [];
}

export function dashResult(context: IntakeContext): EmittedEvent {
  return say(dashYesCount(context) >= DASH_HIGH_RISK_YES_COUNT ? 'intake:dashFinished.highRisk' : 'intake:dashFinished.thanks');
}

/** The longest a whole answer can be (the description's own limit). */
const FULL = 20000;

/**
 * The review summary: `short` as the question's preface (each channel shows as much as fits: SMS within its
 * segment budget, the web as a whole card), `whole` when the person asks to read all of it. Discreet: only the
 * labels, never a word of theirs, so no answer goes with it.
 */
export function summary(context: IntakeContext, length: 'short' | 'whole' = 'short'): EmittedEvent {
  const report = buildReport(context);
  const f = context.fields;
  const anonymous = report.anonymity === 'anonymous';
  const atHome = report.incident.where?.atReporterHome === true;
  const labels = {
    roleKey: `intake:role.${report.reporter.role}`,
    categoryKey: categoryOf(context)?.key ?? 'intake:reviewing.noCategory',
    anonymityKey: `intake:askingAnonymity.${report.anonymity}`,
  };
  // A parameter must never carry `$t(...)` itself (i18next then stops nesting): "at home" has its own line.
  const key = `intake:reviewing.${length === 'whole' ? 'summaryAll' : 'summary'}${atHome ? 'AtHome' : ''}`;
  if (isDiscreet(context)) return say(key, labels);
  return say(key, {
    ...labels,
    when: asParam(report.incident.when?.text, 40),
    where: asParam(report.incident.where?.text, 40),
    description: asParam(report.incident.description, 80),
    // Every answer in full too, for a channel with room for it (web chat's review card, SMS within its budget).
    whenFull: asParam(report.incident.when?.text, FULL),
    whereFull: asParam(report.incident.where?.text, FULL),
    descriptionFull: asParam(report.incident.description, FULL),
    perpetrator: asParam(f['perpetrator.description'], FULL),
    evidenceCount: (f['evidence.mediaIds'] ?? []).length,
    name: anonymous ? '-' : asParam(f['reporter.name'], FULL),
    contact: anonymous ? '-' : asParam(f['contact.address'], FULL),
    safeTimes: anonymous ? '-' : asParam(f['contact.safeTimes'], FULL),
    codeWord: anonymous ? '-' : asParam(f['contact.codeWord'], FULL),
  });
}

export function submitted(context: IntakeContext, event: DialogEvent): EmittedEvent[] {
  if (event.type !== 'effect.submitReport.done') return [];
  const { reference, teamKey, firstResponseDue, helplineIds, contactable } = event.output;
  // Finished early, but what they said means a person reads it: they are told so.
  const lines = context.fields.finishedEarly !== undefined ? [say('intake:submitted.stillRead', { teamKey })] : [];
  lines.push(say('intake:submitted.reference', { reference }));
  // A promise to contact them only when there is a way to: otherwise how they can ask about it themselves.
  if (context.fields.anonymity === 'anonymous') lines.push(say('intake:submitted.noContact', { teamKey }));
  else if (!contactable) lines.push(say('intake:submitted.noRoute', { teamKey, organisation: context.policy.organisationName }));
  else if (firstResponseDue === undefined) lines.push(say('intake:submitted.contactSoon', { teamKey }));
  else lines.push(say('intake:submitted.contact', { teamKey, due: firstResponseDue }));
  // Helplines name what they are for: in discreet mode staff give them at the safe time, or the web chat does.
  if (isDiscreet(context)) return lines;
  // Then the pack's notices: other ways to report (OVH 2.6), Hate Crime Reporting Centres (OVH 2.7), the ASB Case Review.
  const notices = (event.output.noticeKeys ?? []).map((key) => say(key));
  return [...lines, ...helplineIds.map((id) => say(`policy:helpline.${id}`)), ...notices];
}

export function submitRequest(context: IntakeContext): EmittedEvent {
  return { type: 'effect', effect: { kind: 'submitReport', key: `${context.sessionId}:submit`, report: buildReport(context) } };
}

export function handoffRequest(context: IntakeContext): EmittedEvent {
  return { type: 'effect', effect: { kind: 'handoff', key: `${context.sessionId}:handoff:${context.trail.length}`, reason: 'asked', summary: buildReport(context) } };
}

export function handoffReply(event: DialogEvent): EmittedEvent {
  if (event.type !== 'effect.handoff.done') return say('intake:waitingForPerson.failed');
  return say(event.output.expectedReply === 'in_hours' ? 'intake:waitingForPerson.inHours' : 'intake:waitingForPerson.nextWorkingDay');
}

/** Back from a member of staff: carry on where the report was, or its closing words with the case's reference. */
export function handedBack(event: DialogEvent): EmittedEvent {
  if (event.type === 'staff.handBack' && event.then === 'finish') {
    return event.reference ? say('intake:handedBack.finished', { reference: event.reference }) : say('intake:handedBack.finishedNoReference');
  }
  return say('intake:handedBack.carryOn');
}

export function eraseRequest(context: IntakeContext): EmittedEvent {
  return { type: 'effect', effect: { kind: 'erase', key: `${context.sessionId}:erase` } };
}
