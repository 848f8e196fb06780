// Snapshots of earlier intake versions brought up to date, so a conversation under way carries on.
import type { DialogPolicy } from '../shared/contract';
import { channelChoicesFor } from './intake.context';
import { harmIdOf, harmQuestion } from './intake.safety';

type Snapshot = { context?: Record<string, unknown> } & Record<string, unknown>;

/** Version 1 had no kind on categories, shrinking pick lists, and none of: asked, lastText, hints, suggestionChoices. */
export function migrateIntakeV1(persisted: unknown): unknown {
  const snapshot = persisted as Snapshot;
  const context = snapshot.context;
  if (!context || typeof context !== 'object') return undefined;
  const policy = context['policy'] as DialogPolicy | undefined;
  if (!policy) return undefined;
  // Packs of the time named hate crime and domestic abuse plainly; that is how version 1 told them apart.
  const kind = (id: string): DialogPolicy['categories'][number]['kind'] =>
    /hate/i.test(id) ? 'hate_crime' : /domestic|^da$/i.test(id) ? 'domestic_abuse' : /harass/i.test(id) ? 'harassment' : 'asb';
  const categories = policy.categories.map((c) => ({ ...c, kind: c.kind ?? kind(c.id) }));
  const trail = (context['trail'] as string[] | undefined) ?? [];
  return {
    ...snapshot,
    context: {
      ...context,
      policy: { ...policy, categories },
      asked: trail.length,
      lastText: null,
      hints: {},
      suggestionChoices: [],
      params: { categoryKey: '', when: '', where: '', ...(context['params'] as object | undefined) },
      motivationChoices: policy.hateMotivations.map((m) => ({ id: m.id, key: m.key })),
      abuseFormChoices: policy.domesticAbuseForms.map((f) => ({ id: f.id, key: f.key })),
      channelChoices: channelChoicesFor(context['channel'] as Parameters<typeof channelChoicesFor>[0]),
    },
  };
}

/** Version 2 had no urgent case (`urgent`) in its context. */
export function migrateIntakeV2(persisted: unknown): unknown {
  const snapshot = persisted as Snapshot;
  if (!snapshot.context || typeof snapshot.context !== 'object') return undefined;
  return { ...snapshot, context: { urgent: null, ...snapshot.context } };
}

/**
 * Version 3 had a state per matrix question (`askingHarm_<id>`); version 4 asks the pack's list from one state
 * (`askingHarm`, the question in `harmAsking`). A conversation resting on one of them, or with "resume" pointing
 * at one (after danger or support), carries on at the same question.
 */
export function migrateIntakeV3(persisted: unknown): unknown {
  const snapshot = persisted as Snapshot & { value?: unknown; historyValue?: Record<string, { id: string }[]> };
  const context = snapshot.context;
  if (!context || typeof context !== 'object' || !context['policy']) return undefined;
  let asking: string | undefined;
  const rename = (name: string) => {
    const id = harmIdOf(name);
    if (id === undefined) return name.startsWith('checkingHarm_') ? 'checkingHarm' : name;
    asking ??= id;
    return 'askingHarm';
  };
  const walk = (value: unknown): unknown =>
    typeof value === 'string' ? rename(value) : value && typeof value === 'object' ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)])) : value;
  const value = walk(snapshot.value);
  const historyValue = Object.fromEntries(Object.entries(snapshot.historyValue ?? {}).map(([key, nodes]) => [key, nodes.map((node) => ({ ...node, id: rename(node.id) }))]));
  const harmAsking = asking === undefined ? null : harmQuestion({ policy: context['policy'] as DialogPolicy }, asking);
  return { ...snapshot, value, historyValue, context: { ...context, harmAsking } };
}
