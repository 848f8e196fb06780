// Reads what to ask from the deepest active state's meta and renders prompts with a fixed t.
import type { TFunction } from 'i18next';
import type { AnyMachineSnapshot } from 'xstate';
import type { ChoiceMeta, PromptMeta, PromptSpec } from '../../dialogs/shared/contract';
import type { OutboundPrompt } from './types';
import { normaliseAnswer } from './i18n';

/** The prompt of the deepest active state that has one (children come after their parents). */
export function currentPromptMeta(snapshot: AnyMachineSnapshot): PromptMeta | undefined {
  const meta = snapshot.getMeta() as Record<string, { prompt?: PromptMeta } | undefined>;
  let found: PromptMeta | undefined;
  let depth = -1;
  for (const [id, value] of Object.entries(meta)) {
    if (!value?.prompt) continue;
    const d = id.split('.').length;
    if (d >= depth) {
      found = value.prompt;
      depth = d;
    }
  }
  return found;
}

function readPath(source: unknown, dotted: string): unknown {
  return dotted.split('.').reduce<unknown>((node, part) => (node !== null && node !== undefined ? (node as Record<string, unknown>)[part] : undefined), source);
}

/** Turns a state's PromptMeta into a concrete PromptSpec using the machine's context. */
export function resolvePrompt(meta: PromptMeta, context: unknown): PromptSpec {
  const spec: PromptSpec = { key: meta.key };
  if (meta.paramsFrom) {
    const params: Record<string, string | number> = {};
    for (const [name, dotted] of Object.entries(meta.paramsFrom)) {
      const value = readPath(context, dotted);
      if (typeof value === 'string' || typeof value === 'number') params[name] = value;
      else if (typeof value === 'boolean') params[name] = String(value);
    }
    spec.params = params;
  }
  const fromContext = meta.choicesFrom ? readPath(context, meta.choicesFrom) : undefined;
  const choices = Array.isArray(fromContext) ? (fromContext as ChoiceMeta[]) : meta.choices;
  if (choices && choices.length > 0) spec.choices = choices;
  return spec;
}

export function render(t: TFunction, spec: PromptSpec): OutboundPrompt {
  const out: OutboundPrompt = { key: spec.key, text: String(t(spec.key, spec.params ?? {})) };
  if (spec.params) out.params = spec.params;
  if (spec.choices) {
    out.choices = spec.choices;
    out.choiceLabels = spec.choices.map((c) => ({ id: c.id, label: String(t(c.key, c.params ?? {})) }));
  }
  return out;
}

/** A choice picked by its number, its label in any of the given languages, or one of its synonyms. */
export function matchChoice(text: string, choices: ChoiceMeta[] | undefined, ts: TFunction[]): ChoiceMeta | undefined {
  if (!choices || choices.length === 0) return undefined;
  const said = normaliseAnswer(text);
  if (!said) return undefined;
  if (/^\d+$/.test(said)) {
    const n = Number(said);
    if (n >= 1 && n <= choices.length) return choices[n - 1];
  }
  for (const choice of choices) {
    if (normaliseAnswer(choice.id) === said) return choice;
    if ((choice.synonyms ?? []).some((s) => normaliseAnswer(s) === said)) return choice;
    if (ts.some((t) => normaliseAnswer(String(t(choice.key, choice.params ?? {}))) === said)) return choice;
  }
  return undefined;
}
