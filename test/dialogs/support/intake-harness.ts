// Pure helpers for intake dialog tests: step the machine with `transition()`, read what it emitted and
// what it asks next (the same way the runtime reads `meta.prompt`).
import { initialTransition, transition, type AnyMachineSnapshot, type SnapshotFrom } from 'xstate';
import { getShortestPaths } from 'xstate/graph';
import type { ChannelKind, DialogEvent, DialogPolicy, EmittedEvent, PromptSpec } from '../../../dialogs/shared/contract';
import { isDiscreet, kindOf } from '../../../dialogs/intake/intake.context';
import { intakeMachine } from '../../../dialogs/intake/intake.machine';
import { buildReport } from '../../../dialogs/intake/intake.report';
import { asksAge } from '../../../dialogs/intake/intake.safety';
import { needsPersonalReview } from '../../../dialogs/shared/urgency';
import { currentPromptMeta, resolvePrompt } from '../../../src/conversation/prompts';
import { fixturePolicy } from '../fixtures/policy';

export type IntakeSnapshot = SnapshotFrom<typeof intakeMachine>;

export interface Step {
  snapshot: IntakeSnapshot;
  emitted: EmittedEvent[];
}

function emittedOf(actions: { type: string; params?: unknown }[]): EmittedEvent[] {
  return actions.filter((a) => a.type === 'xstate.emit').map((a) => (a.params as { event: EmittedEvent }).event);
}

export function start(channel: ChannelKind = 'webchat', policy: DialogPolicy = fixturePolicy): Step {
  const [snapshot, actions] = initialTransition(intakeMachine, { policy, channel, sessionId: 'session-1' });
  return { snapshot, emitted: emittedOf(actions) };
}

export function step(snapshot: IntakeSnapshot, event: DialogEvent): Step {
  const [next, actions] = transition(intakeMachine, snapshot, event);
  return { snapshot: next, emitted: emittedOf(actions) };
}

/** What the person is asked now (undefined when the dialog waits for an effect or has ended). */
export function promptOf(snapshot: AnyMachineSnapshot): PromptSpec | undefined {
  if (snapshot.status !== 'active') return undefined;
  const meta = currentPromptMeta(snapshot);
  return meta ? resolvePrompt(meta, snapshot.context) : undefined;
}

export const said = (emitted: EmittedEvent[]) => emitted.flatMap((e) => (e.type === 'say' ? [e.prompt.key] : []));
export const effects = (emitted: EmittedEvent[]) => emitted.flatMap((e) => (e.type === 'effect' ? [e.effect] : []));

/** A dotted state path of the deepest active state, e.g. `flow.who.askingRole`. */
export function pathOf(snapshot: AnyMachineSnapshot): string {
  const walk = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => [k, ...walk(v)]).slice(0, 99);
  return walk(snapshot.value).join('.');
}

/** Answers by choice id (what the runtime sends once it has matched the words). */
export const pick = (choice: string, text = choice): DialogEvent => ({ type: 'user.message', text, choice });
export const type = (text: string, mediaIds?: string[]): DialogEvent => ({ type: 'user.message', text, ...(mediaIds ? { mediaIds } : {}) });

/** Drives the dialog through a list of events, failing loudly when one of them changes nothing. */
export function drive(events: DialogEvent[], from: Step = start()): Step & { sayings: string[] } {
  let current = from;
  const sayings = [...said(from.emitted)];
  for (const event of events) {
    current = step(current.snapshot, event);
    sayings.push(...said(current.emitted));
  }
  return { ...current, sayings };
}

/** A first message that says the kind of problem, when and where (what the interpretation step would send). */
export function openedWithHints(snapshot: AnyMachineSnapshot, categories: 1 | 2 = 1): DialogEvent {
  const ids = (snapshot.context as IntakeSnapshot['context']).policy.categories.map((c) => c.id);
  return {
    type: 'user.opened',
    text: 'my neighbour plays loud music outside my flat every night',
    hints: { categories: ids.slice(0, categories).map((categoryId) => ({ categoryId })), when: 'every night', where: 'outside my flat' },
    at: '2026-01-05T10:00:00.000Z',
  };
}

/** What a person could do in this state: every offered choice, some words, media, skip and the interrupts. */
export function eventsFor(snapshot: AnyMachineSnapshot): DialogEvent[] {
  // An ended conversation takes no more events (the runtime closes the session).
  if (snapshot.status !== 'active') return [];
  const events: DialogEvent[] = [
    { type: 'user.danger', text: 'he is outside' },
    { type: 'user.selfHarm', text: 'i want to die' },
    { type: 'user.quickExit' },
    { type: 'user.handoff' },
    { type: 'user.help' },
    { type: 'user.back' },
  ];
  if ((snapshot.context as IntakeSnapshot['context']).asked === 1 && pathOf(snapshot).endsWith('askingDanger')) events.push(openedWithHints(snapshot), openedWithHints(snapshot, 2));
  const path = pathOf(snapshot);
  if (path.endsWith('submitting')) events.push({ type: 'effect.submitReport.done', output: { reference: 'R-1', teamKey: 'policy:team.communitySafety', contactable: true, firstResponseDue: '2026-11-24', helplineIds: ['police101'] } }, { type: 'effect.submitReport.done', output: { reference: '', teamKey: 'policy:team.communitySafety', contactable: false, signposted: true, helplineIds: [] } }, { type: 'effect.submitReport.failed', error: 'down' });
  if (path === 'handingOff') events.push({ type: 'effect.handoff.done', output: { expectedReply: 'in_hours' } }, { type: 'effect.handoff.failed', error: 'down' });
  const spec = promptOf(snapshot);
  const meta = snapshot.getMeta() as Record<string, { prompt?: { freeText?: boolean; optional?: boolean; expects?: string } }>;
  const flags = Object.values(meta).reduce((acc, m) => ({ freeText: acc.freeText || !!m.prompt?.freeText, optional: acc.optional || !!m.prompt?.optional }), { freeText: false, optional: false });
  for (const choice of spec?.choices ?? []) events.push({ type: 'user.message', text: choice.id, choice: choice.id });
  if (spec?.choices?.some((c) => c.id === 'yes')) events.push({ type: 'user.message', text: 'yes my husband', choice: 'yes', detail: 'yes my husband' });
  if (flags.freeText) {
    const ids = (snapshot.context as IntakeSnapshot['context']).policy.categories.map((c) => ({ categoryId: c.id }));
    events.push(
      { type: 'user.message', text: 'loud music from next door' },
      { type: 'user.message', text: 'it just keeps happening' },
      { type: 'user.message', text: '', mediaIds: ['media-1'] },
      { type: 'user.message', text: 'they shout at me in the street', categories: ids.slice(0, 1) },
      { type: 'user.message', text: 'they shout at me online because of my religion', categories: ids.slice(0, 2) },
    );
  }
  // A number where one is asked for (a professional's Dash score, police call-outs), and one too big for a Dash score.
  if (Object.values(meta).some((m) => m?.prompt?.expects === 'count')) events.push({ type: 'user.message', text: '17', count: 17 }, { type: 'user.message', text: '30', count: 30 });
  if (flags.optional) events.push({ type: 'user.skip' });
  return events;
}

/**
 * What decides later states and words besides the state itself: what the first message said (confirmed later), a
 * correction under way (it returns to the review), why the person finished early, whether what they said needs a
 * person (out of scope is then never closed unseen), whether a child harmed would make us ask their age,
 * discreet mode (someone may read the messages: other states and other words follow), and, while asking what
 * happened, whether it is about the person writing or someone else (questions about the person affected).
 */
export function stateKey(snapshot: AnyMachineSnapshot): string {
  const context = snapshot.context as IntakeSnapshot['context'];
  const pending = Object.entries(context.hints).filter(([, v]) => v !== undefined).map(([k]) => k).join(',');
  const review = needsPersonalReview(buildReport(context), kindOf(context.policy, context.fields['incident.categoryId']));
  // Whether "yes" to the children question would ask the person's age (violence, and no age yet).
  const ageIfChild = asksAge({ ...context, fields: { ...context.fields, 'vulnerability.childrenInvolved': 'yes' } }, 'childHarmed');
  // From who to the details, whether it is about the person writing, someone else, or a professional's referral
  // chooses the wording's state (and which questions are asked: a professional's own assessment of domestic abuse).
  const role = context.fields['reporter.role'] ?? 'victim';
  const forOther = /^flow\.(who|what|age|scope|details)/.test(pathOf(snapshot)) && role !== 'victim' ? (role === 'professional' ? 'professional' : 'other') : '';
  // The matrix's questions are asked by one state: each question is a state of its own here.
  const harm = pathOf(snapshot).endsWith('askingHarm') ? (context.harmAsking?.id ?? '') : '';
  return `${JSON.stringify(snapshot.value)}|${snapshot.status}|${pending}|${context.correcting ?? ''}|${context.fields.finishedEarly ?? ''}|${review}|${ageIfChild}|${isDiscreet(context) ? 'discreet' : ''}|${forOther}|${harm}`;
}

function explore(channel: ChannelKind, policy: DialogPolicy) {
  const paths = getShortestPaths(intakeMachine, {
    input: { policy, channel, sessionId: 'session-1' },
    events: eventsFor,
    // States, not contexts: one shortest way into each state is enough to test it (see stateKey).
    serializeState: (snapshot) => stateKey(snapshot),
  });
  // One snapshot per state path; where a state is reached both ways, the plain (not discreet) one. The matrix's
  // question state is there once as itself and once per question (`flow.harm.askingHarm:<id>`).
  const byPath = new Map<string, IntakeSnapshot>();
  const keep = (key: string, snapshot: IntakeSnapshot) => {
    const known = byPath.get(key);
    if (!known || !isDiscreet(snapshot.context) || isDiscreet(known.context)) byPath.set(key, snapshot);
  };
  for (const p of paths) {
    const snapshot = p.state as IntakeSnapshot;
    keep(pathOf(snapshot), snapshot);
    if (pathOf(snapshot).endsWith('askingHarm') && snapshot.context.harmAsking) keep(`${pathOf(snapshot)}:${snapshot.context.harmAsking.id}`, snapshot);
  }
  return byPath;
}

/** One snapshot for every state the intake can rest in (by state path), on web chat and on SMS. */
export function reachableStates(policy: DialogPolicy = fixturePolicy): Map<string, IntakeSnapshot> {
  return new Map([...explore('webchat', policy), ...explore('sms', policy)]);
}

/** The same, on one channel only (each snapshot's context says that channel). */
export function reachableOn(channel: ChannelKind, policy: DialogPolicy = fixturePolicy): Map<string, IntakeSnapshot> {
  return explore(channel, policy);
}
