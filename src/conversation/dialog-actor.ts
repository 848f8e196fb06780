// A dialog's actor for one turn: started fresh or from a persisted snapshot (migrated from an older dialog
// version when a migration is registered), with what it says and the work it asks for collected as it runs.
import { createActor, type AnyActorRef, type AnyMachineSnapshot } from 'xstate';
import type { DialogDefinition, DialogEffect, DialogEvent, DialogInput, EmittedEvent, PromptMeta, PromptSpec } from '../../dialogs/shared/contract';
import { currentPromptMeta, resolvePrompt } from './prompts';

export interface LiveActor {
  actor: AnyActorRef;
  says: PromptSpec[];
  effects: DialogEffect[];
  error: unknown;
}

export function startActor(dialog: DialogDefinition, input: DialogInput, persisted?: unknown): LiveActor {
  const live: LiveActor = { actor: undefined as unknown as AnyActorRef, says: [], effects: [], error: undefined };
  const actor = persisted === undefined ? createActor(dialog.machine, { input }) : createActor(dialog.machine, { input, snapshot: persisted as never });
  actor.on('say', (event: EmittedEvent) => {
    if (event.type === 'say') live.says.push(event.prompt);
  });
  actor.on('effect', (event: EmittedEvent) => {
    if (event.type === 'effect') live.effects.push(event.effect);
  });
  actor.subscribe({ error: (error) => (live.error = error) });
  actor.start();
  live.actor = actor;
  if ((actor.getSnapshot() as AnyMachineSnapshot).status === 'error') throw live.error ?? new Error('dialog failed to start');
  return live;
}

/** A snapshot of an older version brought up to date, or undefined when no migration covers it. */
export function migrate(dialog: DialogDefinition, fromVersion: number, persisted: unknown): unknown | undefined {
  let version = fromVersion;
  let snapshot: unknown = persisted;
  while (version < dialog.version) {
    const step = dialog.migrations?.find((m) => m.from === version);
    if (!step) return undefined;
    snapshot = step.migrate(snapshot);
    if (snapshot === undefined) return undefined;
    version += 1;
  }
  return version === dialog.version ? snapshot : undefined;
}

export function snapshotOf(run: LiveActor): AnyMachineSnapshot {
  return run.actor.getSnapshot() as AnyMachineSnapshot;
}

export function send(run: LiveActor, event: DialogEvent): void {
  run.actor.send(event);
}

/** What the dialog says it has said since the last call (in order). */
export function drainSays(run: LiveActor): PromptSpec[] {
  return run.says.splice(0, run.says.length);
}

/** The question the dialog is asking now: its meta, and the spec resolved from it. */
export function currentQuestion(run: LiveActor): { meta: PromptMeta; spec: PromptSpec } | undefined {
  const snap = snapshotOf(run);
  const meta = snap.status === 'active' ? currentPromptMeta(snap) : undefined;
  return meta ? { meta, spec: resolvePrompt(meta, snap.context) } : undefined;
}

/** Whether the conversation is in discreet mode (someone else may read the messages): unreadable counts as not. */
export function isDiscreet(dialog: DialogDefinition | undefined, snapshot: () => unknown): boolean {
  if (!dialog?.discreet) return false;
  try {
    return dialog.discreet(snapshot() as AnyMachineSnapshot) === true;
  } catch {
    return false;
  }
}
