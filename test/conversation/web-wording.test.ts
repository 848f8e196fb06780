// Web words on the web: every prompt, choice label and line a person can be shown, rendered for web chat,
// says "press" and names buttons where SMS says "reply 1" or "send SKIP". The variant is chosen in one
// place (render() with promptVariants), so this walks every key the dialogs and the runtime can show.
import path from 'node:path';
import { readFileSync } from 'node:fs';
import { intakeMachine } from '../../dialogs/intake/intake.machine';
import { createTranslations } from '../../src/conversation/i18n';
import { keyLiteralsInSource, promptKeysOfMachine } from '../../src/conversation/prompt-keys';
import { promptVariants, render } from '../../src/conversation/prompts';
import { RUNTIME_PROMPT_KEYS } from '../../src/conversation/prompts';
import { promptOf, reachableStates } from '../dialogs/support/intake-harness';

/** Words that only make sense on a phone's text messages. */
const SMS_ONLY = [/\breply (\d|with|to|when|if)\b/i, /\breply\b.*\bnumber\b/i, /\bnumber of your answer\b/i, /\b(send|text) (SKIP|EXIT|PERSON|BACK|LANGUAGE|CHANGE|STOP|HELP)\b/];
const smsOnly = (text: string) => SMS_ONLY.some((re) => re.test(text));

const i18n = createTranslations();
const t = i18n.tFor('en');
const web = promptVariants('webchat');
const sms = promptVariants('sms');

// Realistic parameters for the lines that take them.
const PARAMS: Record<string, Record<string, string>> = {
  'intake:confirmingCategory.prompt': { categoryKey: 'policy:category.asb' },
  'intake:submitted.reference': { reference: 'OVH-2026-000123' },
  'intake:submitted.contact': { teamKey: 'policy:team.communitySafety', due: 'Tuesday 24 November' },
  'intake:submitted.noContact': { teamKey: 'policy:team.communitySafety' },
  'intake:submitted.contactSoon': { teamKey: 'policy:team.communitySafety' },
  'intake:askingEvidence.noiseApp': { app: 'The Noise App', url: 'https://www.thenoiseapp.com' },
  'common:notUnderstood.withExample': { example: 'last night' },
};

function stringKeys(ns: string): string[] {
  const file = JSON.parse(readFileSync(path.resolve(__dirname, `../../locales/en/${ns}.json`), 'utf8')) as unknown;
  const walk = (node: unknown, prefix: string): string[] =>
    typeof node === 'string' ? [prefix] : Array.isArray(node) ? [] : Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => walk(v, prefix ? `${prefix}.${k}` : k));
  // The closing survey and held updates go only by text message or WhatsApp (src/follow-up/closing-survey.ts,
  // held-updates.ts), never on the web.
  return walk(file, '').filter((key) => !/_web$|_discreet/.test(key) && !key.startsWith('keywords.') && !key.startsWith('reviewing.summary') && !key.startsWith('closingSurvey.') && !key.startsWith('heldUpdate.')).map((key) => `${ns}:${key}`);
}

test('every line of intake and common wording, rendered for web chat, has no SMS-only words', () => {
  const keys = [...stringKeys('intake'), ...stringKeys('common'), ...stringKeys('policy'), ...stringKeys('risk')];
  expect(keys.length).toBeGreaterThan(150);
  const offending = keys.map((key) => ({ key, text: render(t, { key, params: PARAMS[key] ?? {} }, web).text })).filter(({ text }) => smsOnly(text));
  expect(offending).toEqual([]);
});

test('every key the dialog and the runtime can show is among them, and renders for the web without SMS words', () => {
  const namespaces = new Set(i18n.namespaces('en'));
  const keys = [...promptKeysOfMachine(intakeMachine), ...keyLiteralsInSource(path.resolve(__dirname, '../../dialogs'), namespaces), ...RUNTIME_PROMPT_KEYS];
  const offending = keys.filter((key) => !key.startsWith('common:keywords.')).filter((key) => smsOnly(render(t, { key, params: PARAMS[key] ?? {} }, web).text));
  expect(offending).toEqual([]);
});

test('every question the intake can ask, with its buttons, reads as web words on the web and keeps its SMS words on SMS', () => {
  let smsWordsSeen = 0;
  for (const [state, snapshot] of reachableStates()) {
    const spec = promptOf(snapshot);
    if (!spec) continue;
    const onWeb = render(t, spec, web);
    expect({ state, text: onWeb.text, smsOnly: smsOnly(onWeb.text) }).toEqual({ state, text: onWeb.text, smsOnly: false });
    for (const label of onWeb.choiceLabels ?? []) expect({ state, label: label.label, smsOnly: smsOnly(label.label) }).toEqual({ state, label: label.label, smsOnly: false });
    if (smsOnly(render(t, spec, sms).text)) smsWordsSeen += 1;
    // A question that may be skipped has a Skip button on the web, which sends the skip word.
    if (spec.optional) expect({ state, skip: (onWeb.choiceLabels ?? []).some((c) => c.id === 'skip') }).toEqual({ state, skip: true });
  }
  // SMS is unchanged: "Reply 1", "send SKIP" are still there for people texting.
  expect(smsWordsSeen).toBeGreaterThan(5);
});

test('variants are chosen in order, most specific first, so a discreet wording slots in the same way', () => {
  expect(promptVariants('webchat')).toEqual(['web']);
  expect(promptVariants('sms')).toEqual([]);
  expect(promptVariants('webchat', { discreet: true })).toEqual(['discreet_web', 'discreet', 'web']);
  expect(promptVariants('whatsapp', { discreet: true })).toEqual(['discreet']);
  const own = createTranslations({ extraResources: { en: { demo: { line: 'Reply 1 to go on', line_web: 'Press Go on', line_discreet: 'Reply 1' } } } }).tFor('en');
  expect(render(own, { key: 'demo:line' }, promptVariants('webchat')).text).toBe('Press Go on');
  expect(render(own, { key: 'demo:line' }, promptVariants('webchat', { discreet: true })).text).toBe('Reply 1');
  expect(render(own, { key: 'demo:line' }, promptVariants('sms')).text).toBe('Reply 1 to go on');
  expect(render(own, { key: 'demo:line' }, promptVariants('sms')).key).toBe('demo:line');
});
