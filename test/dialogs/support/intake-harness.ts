// Pure helpers for intake dialog tests: step the machine with `transition()`, read what it emitted and
// what it asks next (the same way the runtime reads `meta.prompt`).
import { initialTransition, transition, type AnyMachineSnapshot, type SnapshotFrom } from 'xstate';
import type { ChannelKind, DialogEvent, DialogPolicy, EmittedEvent, PromptSpec } from '../../../dialogs/shared/contract';
import { intakeMachine } from '../../../dialogs/intake/intake.machine';
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
