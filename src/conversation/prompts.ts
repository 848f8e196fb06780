// Reads what to ask from the deepest active state's meta and renders prompts with a fixed t, in the
// wording that fits the channel (see promptVariants).
import type { TFunction } from 'i18next';
import type { AnyMachineSnapshot } from 'xstate';
import type { ChannelKind, ChoiceMeta, PromptMeta, PromptSpec } from '../../dialogs/shared/contract';
import type { Translations } from './i18n';
import { SAFETY_CHECK_KEYS } from './safety-check';
import type { OutboundPrompt } from './types';

/** Every common key the runtime itself can show (checked against every shipped locale by a test). */
export const RUNTIME_PROMPT_KEYS = [
  'common:danger.guidance',
  'common:selfHarm.support',
  'common:quickExit.done',
  'common:help.prompt',
  'common:notUnderstood.prompt',
  'common:notUnderstood.withExample',
  'common:notUnderstood.offerPerson',
  'common:clarify.unsure',
  'common:clarify.oneOnly',
  'common:clarify.noSuchOption',
  'common:restarted.prompt',
  'common:welcomeBack.prompt',
  'common:welcomeBack.resume',
  'common:welcomeBack.restart',
  'common:language.prompt',
  'common:language.changed',
  ...SAFETY_CHECK_KEYS,
] as const;

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
  const keyFromContext = meta.keyFrom ? readPath(context, meta.keyFrom) : undefined;
  const spec: PromptSpec = { key: typeof keyFromContext === 'string' && keyFromContext !== '' ? keyFromContext : meta.key };
  if (meta.paramsFrom) {
    const params: Record<string, string | number> = {};
    for (const [name, dotted] of Object.entries(meta.paramsFrom)) {
      const value = readPath(context, dotted);
      if (typeof value === 'string' || typeof value === 'number') params[name] = value;
      else if (typeof value === 'boolean') params[name] = String(value);
    }
    spec.params = params;
  }
  // Choices from context come first, then the state's own ("That's all" after the pack's list).
  const fromContext = meta.choicesFrom ? readPath(context, meta.choicesFrom) : undefined;
  const choices = [...(Array.isArray(fromContext) ? (fromContext as ChoiceMeta[]) : []), ...(meta.choices ?? [])];
  if (choices.length > 0) spec.choices = choices;
  if (meta.optional) spec.optional = true;
  return spec;
}

/**
 * The wording variants for a channel, most specific first. A prompt key `ns:a.b` is rendered from
 * `ns:a.b_<suffix>` for the first suffix the language has (falling back to English as any key does), else
 * from `ns:a.b` itself; the same for each choice label. The web says "press", "pick" and names buttons
 * where SMS says "reply 1" or "send SKIP". Options add suffixes in front: `discreet` (someone may read the
 * messages) gives `discreet_web`, `discreet`, `web` on the web and `discreet` elsewhere, so discreet
 * wording needs only `_discreet` keys and, where the web differs, `_discreet_web` keys.
 */
export function promptVariants(channel: ChannelKind, options: { discreet?: boolean } = {}): string[] {
  const web = channel === 'webchat' || channel === 'botframework';
  const variants: string[] = [];
  if (options.discreet) variants.push(...(web ? ['discreet_web', 'discreet'] : ['discreet']));
  if (web) variants.push('web');
  return variants;
}

const MISSING = '\u0000missing';
/** The web's Skip button (`common:choice.skip_web`); SMS has no such button. */
const SKIP_BUTTON = 'common:choice.skip';

/** The key of the first variant the translations have, else the key itself. */
function variantKey(t: TFunction, key: string, variants: readonly string[]): string {
  for (const suffix of variants) {
    const candidate = `${key}_${suffix}`;
    if (String(t(candidate, { defaultValue: MISSING })) !== MISSING) return candidate;
  }
  return key;
}

/** Labels joined as a list in the language of `t` ("Physical harm and Control of money"). */
function listsOf(t: TFunction, lists: Record<string, string[]>, variants: readonly string[]): Record<string, string> {
  const lng = (t as TFunction & { lng?: string }).lng ?? 'en';
  const format = new Intl.ListFormat(lng === 'en' ? 'en-GB' : lng, { type: 'conjunction' });
  return Object.fromEntries(Object.entries(lists).map(([name, keys]) => [name, format.format(keys.map((key) => String(t(variantKey(t, key, variants)))))]));
}

/** Renders a prompt; `variants` (from promptVariants) choose the channel's wording. `key` stays the base key. */
export function render(t: TFunction, spec: PromptSpec, variants: readonly string[] = []): OutboundPrompt {
  // A label nested by its key (`$t({{categoryKey}})`) takes the same variant as the line around it.
  const nested = Object.fromEntries(Object.entries(spec.params ?? {}).map(([name, value]) => [name, name.endsWith('Key') && typeof value === 'string' ? variantKey(t, value, variants) : value]));
  const values = spec.lists ? { ...nested, ...listsOf(t, spec.lists, variants) } : nested;
  const out: OutboundPrompt = { key: spec.key, text: String(t(variantKey(t, spec.key, variants), values)) };
  if (spec.params) out.params = spec.params;
  const shown = spec.choices?.filter((c) => c.hidden !== true);
  if (shown && shown.length > 0) {
    out.choices = shown;
    out.choiceLabels = shown.map((c) => ({ id: c.id, label: String(t(variantKey(t, c.key, variants), c.params ?? {})) }));
  }
  // Where SMS says "send SKIP", the web shows a button that sends it (also where the answer is typed, as a number).
  const skipLabel = spec.optional && !(out.choiceLabels ?? []).some((c) => c.id === 'skip') ? variantKey(t, SKIP_BUTTON, variants) : SKIP_BUTTON;
  if (skipLabel !== SKIP_BUTTON) (out.choiceLabels ??= []).push({ id: 'skip', label: String(t(skipLabel)), send: 'skip' });
  return out;
}


/** A turn's prompts in the conversation's language; the language list names each language in itself. */
export function renderTurn(i18n: Translations, locale: string, specs: readonly PromptSpec[], variants: readonly string[]): OutboundPrompt[] {
  const t = i18n.tFor(locale);
  return specs.map((s) => {
    const out = render(t, s, variants);
    if (s.key === 'common:language.prompt' && out.choiceLabels) {
      out.choiceLabels = out.choiceLabels.map((c) => ({ id: c.id, label: String(i18n.tFor(c.id)(`common:language.names.${c.id}`)) }));
    }
    return out;
  });
}
